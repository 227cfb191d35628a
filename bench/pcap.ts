/**
 * Passive sensor speed: flow building throughput in Gbit/s of pcap per core (CPU seconds of
 * this process), on a large capture synthesised from the shared public captures
 * (../shared/data/pcap: the Zeek protocol traces and the iotsec medical-device captures),
 * replicated with shifted addresses and times so every replica is new flows. Beside it, in the
 * same run on the same file: tshark building its TCP/UDP conversation table
 * (`tshark -q -z conv,tcp -z conv,udp`) and tcpdump reading every packet (`tcpdump -r -n -q`),
 * their CPU time measured by /usr/bin/time. Writes bench/results/pcap.json.
 *
 *   node dist/bench/pcap.js [--mb 256]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaptureReader, Sensor } from '../src/parsers/netproto/index.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const DATA = resolve(ROOT, '../shared/data/pcap');
const mbArg = process.argv.indexOf('--mb');
const TARGET_MB = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 256;
/** `--keep PATH`: keep the synthesised capture there (for profiling). */
const keepArg = process.argv.indexOf('--keep');
const KEEP = keepArg > 0 ? process.argv[keepArg + 1] : undefined;

/** Ethernet IPv4 packets of the shared captures, with their times relative to the first. */
function seedPackets(tmp: string): Array<{ dt: number; data: Buffer }> {
  const files = readdirSync(join(DATA, 'zeek-traces')).filter((f) => f.endsWith('.pcap')).map((f) => join(DATA, 'zeek-traces', f));
  const tgz = join(DATA, 'iotsec-medical-devices/iotsec_medical_kardiamobile_withings-wifi.pcap.tar.gz');
  if (existsSync(tgz)) {
    execFileSync('tar', ['xzf', tgz, '-C', tmp]);
    const walk = (d: string): void => { for (const e of readdirSync(d, { withFileTypes: true })) { if (e.isDirectory()) walk(join(d, e.name)); else if (e.name.endsWith('.pcap')) files.push(join(d, e.name)); } };
    walk(tmp);
  }
  const out: Array<{ dt: number; data: Buffer }> = [];
  for (const f of files.sort()) {
    let t0 = -1;
    const r = new CaptureReader((p) => {
      // Ethernet + IPv4 only, so addresses can be shifted per replica.
      if (p.linkType !== 1 || p.data.length < 34 || p.data.readUInt16BE(12) !== 0x0800) return;
      if (t0 < 0) t0 = p.ts;
      out.push({ dt: p.ts - t0, data: Buffer.from(p.data) });
    }, () => {});
    r.push(readFileSync(f));
    r.end();
  }
  return out;
}

async function writeCapture(path: string, seeds: Array<{ dt: number; data: Buffer }>, targetBytes: number): Promise<{ bytes: number; packets: number }> {
  const out = createWriteStream(path);
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0); h.writeUInt16LE(2, 4); h.writeUInt16LE(4, 6); h.writeUInt32LE(262144, 16); h.writeUInt32LE(1, 20);
  out.write(h);
  let bytes = 24;
  let packets = 0;
  let t = 1_790_000_000;
  for (let rep = 0; bytes < targetBytes; rep++) {
    const parts: Buffer[] = [];
    for (const s of seeds) {
      const d = Buffer.from(s.data);
      // Shift both addresses' second and third octets by the replica number: new flows, same protocols.
      d[27] = (d[27]! + rep) & 255; d[31] = (d[31]! + rep) & 255;
      d[26] = (d[26]! + (rep >> 8)) & 255; d[30] = (d[30]! + (rep >> 8)) & 255;
      const ts = t + s.dt * 0.001;
      const r = Buffer.alloc(16);
      r.writeUInt32LE(Math.floor(ts), 0); r.writeUInt32LE(Math.floor((ts % 1) * 1e6), 4); r.writeUInt32LE(d.length, 8); r.writeUInt32LE(d.length, 12);
      parts.push(r, d);
      bytes += 16 + d.length;
      packets++;
    }
    t += 2;
    if (!out.write(Buffer.concat(parts))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { bytes, packets };
}

async function runSensor(path: string, decoders: boolean): Promise<Record<string, number>> {
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  let records = 0;
  let problems = 0;
  const s = new Sensor(() => { records++; }, () => { problems++; }, { decoders });
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) s.push(c as Buffer);
  s.end();
  const cpu = process.cpuUsage(cpu0);
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  const wallSec = Number(process.hrtime.bigint() - wall0) / 1e9;
  const bytes = statSync(path).size;
  return {
    cpuSeconds: round(cpuSec), wallSeconds: round(wallSec), gbitPerCoreSecond: round((bytes * 8) / cpuSec / 1e9), packetsPerCpuSecond: Math.round(s.packets / cpuSec),
    packets: s.packets, flows: s.flows.counters.flows, records, problems, evicted: s.flows.counters.evicted, maxFlowsHeld: 100_000,
  };
}

/** CPU seconds (user+system) of a command, from /usr/bin/time. */
function peer(cmd: string, args: string[], bytes: number): Record<string, number | string> | { skipped: string } {
  if (!existsSync(cmd)) return { skipped: `${cmd} not installed` };
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %e', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [u, s, e] = last.split(' ').map(Number);
  if (u === undefined || s === undefined || e === undefined || Number.isNaN(u)) return { skipped: `could not time ${cmd}: ${last}` };
  return { command: [cmd.split('/').pop(), ...args].join(' '), cpuSeconds: round(u + s), wallSeconds: e, gbitPerCoreSecond: round((bytes * 8) / (u + s) / 1e9) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'ww-bench-pcap-'));
  try {
    const seeds = seedPackets(tmp);
    const path = KEEP ?? join(tmp, 'big.pcap');
    const { bytes, packets } = await writeCapture(path, seeds, TARGET_MB * 1024 * 1024);
    console.log(`capture: ${(bytes / 1e6).toFixed(0)} MB, ${packets} packets (${seeds.length} seed packets from the shared captures)`);
    // Warm-up on the page cache and the JIT, then the measured runs.
    await runSensor(path, false);
    const flowsOnly = await runSensor(path, false);
    console.log('sensor, flows only', flowsOnly);
    const withDecoders = await runSensor(path, true);
    console.log('sensor, flows + application decoders', withDecoders);
    const tshark = peer('/usr/bin/tshark', ['-r', path, '-n', '-q', '-z', 'conv,tcp', '-z', 'conv,udp'], bytes);
    console.log('tshark', tshark);
    const tcpdump = peer('/usr/bin/tcpdump', ['-r', path, '-n', '-q'], bytes);
    console.log('tcpdump', tcpdump);
    const result = {
      benchmark: 'pcap',
      description: 'Passive sensor flow building, Gbit/s of pcap per CPU-second of one process; peers on the same file in the same run',
      date: new Date().toISOString(),
      node: process.version,
      data: { source: '../shared/data/pcap (zeek-traces + iotsec medical devices), replicated with shifted IPv4 addresses and times', bytes, packets, meanPacketBytes: Math.round(bytes / packets) },
      sensorFlowsOnly: flowsOnly,
      sensorWithDecoders: withDecoders,
      peers: { tshark, tcpdump },
      targetGbitPerCore: 1,
    };
    writeFileSync(join(ROOT, 'bench/results/pcap.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log('wrote bench/results/pcap.json');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
