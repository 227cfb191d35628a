import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../src/core/components.js';
import { hl7v2Parser } from '../../src/parsers/hl7v2/index.js';
import { pcapParserDef } from '../../src/parsers/netproto/index.js';
import { mllpSource } from '../../src/sources/mllp/index.js';
import { pcapSource } from '../../src/sources/pcap/index.js';
import { RecordingSink, countingTelemetry } from '../../src/sources/testing.js';
import { tempDir } from '../helpers.js';
import { appKeys } from './app-keys.js';
import { agreement, flowCounts, haveTshark, sense, tsharkAll } from './compare.js';

const TOOLS = ['/usr/bin/tcpdump', '/usr/bin/storescp', '/usr/bin/storescu', '/usr/bin/echoscu', '/usr/bin/dump2dcm', '/usr/sbin/mosquitto', '/usr/bin/mosquitto_pub'];
const missing = TOOLS.filter((t) => !existsSync(t));
const isRoot = process.getuid?.() === 0;
if (missing.length > 0) console.warn(`netsensor generated-traffic tests skipped: missing ${missing.join(', ')} (apt-get install tcpdump dcmtk mosquitto mosquitto-clients)`);
else if (!isRoot) console.warn('netsensor generated-traffic tests skipped: capturing on loopback needs root');

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function until(fn: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function waitPort(port: number): Promise<void> {
  const end = Date.now() + 8000;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => { s.end(); r(true); });
      s.once('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`port ${port} did not open`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Synthetic HL7 (no real person): the patient name must never reach a sensor event. */
const PATIENT = 'ZZTESTPATIENT^SYNTHETIC';
const hl7 = (id: string) => `\x0bMSH|^~\\&|PUMPGW|WARD3|EHR|HOSP|20260301101500||ADT^A01^ADT_A01|${id}|P|2.5\rPID|1||SYN123^^^HOSP^MR||${PATIENT}||19700101|F\rPV1|1|I|WARD3^12^1\r\x1c\r`;

describe.skipIf(missing.length > 0 || !isRoot)('sensor on traffic made here: DICOM (dcmtk), MQTT (mosquitto), HL7 (the MLLP listener), captured on loopback', () => {
  const tmp = tempDir('ww-netsensor-');
  const procs: ChildProcess[] = [];
  const sources: Source[] = [];
  const ports = { dicom: 0, mqtt: 0, hl7: 0 };
  const capture = join(tmp.dir, 'traffic.pcap');
  const pcapParser = pcapParserDef.build(pcapParserDef.config.parse({}), { dataDir: tmp.dir });
  const liveSink = new RecordingSink('pcap', pcapParser);
  let tcpdump: ChildProcess | undefined;

  beforeAll(async () => {
    ports.dicom = await freePort();
    ports.mqtt = await freePort();
    ports.hl7 = await freePort();
    chmodSync(tmp.dir, 0o755);
    const filter = `tcp port ${ports.dicom} or tcp port ${ports.mqtt} or tcp port ${ports.hl7}`;
    // A file capture for the tshark comparison, and the live source on the same traffic.
    tcpdump = spawn('/usr/bin/tcpdump', ['-i', 'lo', '-w', capture, '-U', '-n', '-Z', 'root', filter], { stdio: ['ignore', 'ignore', 'pipe'] });
    procs.push(tcpdump);
    let listening = false;
    tcpdump.stderr!.on('data', (c: Buffer) => { if (c.toString().includes('listening on')) listening = true; });
    const live = pcapSource.build(pcapSource.config.parse({ interface: 'lo', filter, tcpdump: '/usr/bin/tcpdump', lingerMs: 20 }), { dataDir: tmp.dir, name: 'sensor', sink: liveSink, telemetry: countingTelemetry(), log: () => {} });
    await live.start();
    sources.push(live);
    expect(live.listeners!()[0]!.state).toBe('listening');
    await until(() => listening, 5000, 'tcpdump');

    // DICOM: storescp as PACS_MAIN; a CT modality stores an image; a workstation echoes.
    const dump = join(tmp.dir, 'ct.dump');
    writeFileSync(dump, ['(0008,0016) UI =CTImageStorage', '(0008,0018) UI [1.2.826.0.1.3680043.8.498.1]', '(0008,0060) CS [CT]', '(0010,0010) PN [Zztestpatient^Synthetic]', '(0020,000d) UI [1.2.826.0.1.3680043.8.498.2]', '(0020,000e) UI [1.2.826.0.1.3680043.8.498.3]', '(7fe0,0010) OW 0000\\0000', ''].join('\n'));
    spawnSync('/usr/bin/dump2dcm', ['--write-xfer-little', dump, join(tmp.dir, 'ct.dcm')]);
    procs.push(spawn('/usr/bin/storescp', ['-aet', 'PACS_MAIN', '-od', tmp.dir, String(ports.dicom)], { stdio: 'ignore' }));
    // MQTT broker.
    const conf = join(tmp.dir, 'mosquitto.conf');
    writeFileSync(conf, `listener ${ports.mqtt} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
    procs.push(spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: 'ignore' }));
    // HL7: the project's MLLP listener.
    const hl7Sink = new RecordingSink('hl7v2', hl7v2Parser.build(hl7v2Parser.config.parse({}), { dataDir: tmp.dir }));
    const mllp = mllpSource.build(mllpSource.config.parse({ listen: `127.0.0.1:${ports.hl7}` }), { dataDir: tmp.dir, name: 'mllp', sink: hl7Sink, telemetry: countingTelemetry(), log: () => {} });
    await mllp.start();
    sources.push(mllp);
    await waitPort(ports.dicom);
    await waitPort(ports.mqtt);

    const run = (cmd: string, args: string[]) => {
      const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000 });
      if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
    };
    run('/usr/bin/storescu', ['-aet', 'CT_SCANNER_1', '-aec', 'PACS_MAIN', '127.0.0.1', String(ports.dicom), join(tmp.dir, 'ct.dcm')]);
    run('/usr/bin/storescu', ['-aet', 'LAPTOP_VIEWER', '-aec', 'PACS_MAIN', '127.0.0.1', String(ports.dicom), join(tmp.dir, 'ct.dcm')]);
    run('/usr/bin/echoscu', ['-aet', 'WS_RADIOLOGY', '-aec', 'PACS_MAIN', '127.0.0.1', String(ports.dicom)]);
    run('/usr/bin/mosquitto_pub', ['-h', '127.0.0.1', '-p', String(ports.mqtt), '-i', 'infusion-pump-7', '-t', 'ward/3/pump-7/telemetry', '-m', '{"rate_ml_h":12.5}']);
    run('/usr/bin/mosquitto_pub', ['-h', '127.0.0.1', '-p', String(ports.mqtt), '-i', 'monitor-2', '-t', 'ward/3/monitor-2/vitals', '-m', '{"hr":72}']);
    await new Promise<void>((resolve, reject) => {
      const s = createConnection({ host: '127.0.0.1', port: ports.hl7 }, () => s.write(hl7('MSG0001') + hl7('MSG0002')));
      let acks = 0;
      s.on('data', (d) => { acks += d.toString('latin1').split('\x1c').length - 1; if (acks >= 2) { s.end(); resolve(); } });
      s.on('error', reject);
    });
    // Let the FIN/ACKs cross, then stop the captures (flows still open are flushed at the end).
    await new Promise((r) => setTimeout(r, 500));
    for (const s of sources.splice(0)) await s.stop();
    const closed = new Promise((r) => tcpdump!.once('close', r));
    tcpdump.kill('SIGINT');
    await closed;
  }, 60_000);

  afterAll(async () => {
    for (const s of sources) await s.stop();
    for (const p of procs) if (p.exitCode === null) p.kill('SIGTERM');
    tmp.cleanup();
  });

  it('the live source turns the traffic into dicom.*, mqtt.*, hl7.* and connection events, with no patient data', () => {
    const events = liveSink.stored.flatMap((r) => pcapParser.parse(r)) as Array<Record<string, any>>;
    const dimse = events.filter((e) => e.event.dataset === 'dicom.dimse' && e.dicom.response !== true);
    expect(dimse.map((e) => `${e.dicom.command} ${e.dicom.calling_ae}→${e.dicom.destination_ae}`).sort()).toEqual([
      'C-ECHO WS_RADIOLOGY→undefined', 'C-STORE CT_SCANNER_1→PACS_MAIN', 'C-STORE LAPTOP_VIEWER→PACS_MAIN',
    ]);
    const store = dimse.find((e) => e.dicom.command === 'C-STORE')!;
    expect(store.dicom).toMatchObject({ sop_class_uid: '1.2.840.10008.5.1.4.1.1.2', sop_class_name: 'CT Image Storage', called_ae: 'PACS_MAIN', sop_instance_uid: '1.2.826.0.1.3680043.8.498.1' });
    expect(store.destination.port).toBe(ports.dicom);
    const rsp = events.find((e) => e.event.dataset === 'dicom.dimse' && e.dicom.response === true && e.dicom.command === 'C-STORE')!;
    expect(rsp.dicom.status_name).toBe('Success');
    expect(rsp.event.outcome).toBe('success');
    const conns = events.filter((e) => e.event.dataset === 'network-sensor.conn');
    expect(conns.filter((e) => e.network.protocol === 'dicom')).toHaveLength(3);
    expect(conns.filter((e) => e.network.protocol === 'dicom').every((e) => e.flow.conn_state === 'SF')).toBe(true);
    const mqtt = events.filter((e) => e.mqtt !== undefined);
    expect(mqtt.filter((e) => e.mqtt.msg_type === 'CONNECT').map((e) => e.mqtt.client_id).sort()).toEqual(['infusion-pump-7', 'monitor-2']);
    expect(mqtt.filter((e) => e.mqtt.msg_type === 'PUBLISH').map((e) => e.mqtt.topic).sort()).toEqual(['ward/3/monitor-2/vitals', 'ward/3/pump-7/telemetry']);
    const hl7Events = events.filter((e) => e.event.dataset === 'hl7.mllp');
    expect(hl7Events.filter((e) => e.hl7.direction === 'request').map((e) => `${e.hl7.message_type}^${e.hl7.trigger_event} ${e.hl7.sending_application}@${e.hl7.sending_facility}`)).toEqual(['ADT^A01 PUMPGW@WARD3', 'ADT^A01 PUMPGW@WARD3']);
    expect(hl7Events.filter((e) => e.hl7.message_type === 'ACK')).toHaveLength(2);
    expect(hl7Events[0]!.network.protocol).toBe('hl7');
    // PHI: neither the HL7 patient nor the DICOM patient name appears anywhere in the events.
    const all = JSON.stringify(events);
    expect(all).not.toMatch(/ZZTESTPATIENT|Zztestpatient|SYN123/i);
  });

  it.skipIf(!haveTshark)('decoding of the capture agrees with tshark (flows, DICOM, MQTT, HL7)', () => {
    const { recs, probs } = sense(capture);
    expect(probs).toEqual([]);
    const rows = tsharkAll(capture, [`tcp.port==${ports.dicom},dicom`, `tcp.port==${ports.hl7},hl7`, `tcp.port==${ports.mqtt},mqtt`]);
    const results: Record<string, ReturnType<typeof agreement>> = { flows: agreement(flowCounts(rows, recs).ours, flowCounts(rows, recs).theirs) };
    for (const [k, v] of Object.entries(appKeys(rows, recs))) results[k] = agreement(v.ours, v.theirs);
    console.log(`netsensor vs tshark on generated traffic:\n${Object.entries(results).map(([k, a]) => `${k.padEnd(34)} ours=${a.ours} tshark=${a.tshark} agree=${a.agree}${a.onlyOurs.length + a.onlyTshark.length ? ` ours-only ${JSON.stringify(a.onlyOurs)} tshark-only ${JSON.stringify(a.onlyTshark)}` : ''}`).join('\n')}`);
    for (const k of ['flows', 'dicom associate-rq called+calling', 'dicom dimse command', 'mqtt connect client id', 'mqtt publish topic', 'hl7 message type']) {
      const a = results[k];
      expect(a, k).toBeDefined();
      expect(a!.agree, k).toBe(Math.max(a!.ours, a!.tshark));
      expect(a!.agree, k).toBeGreaterThan(0);
    }
  });
});
