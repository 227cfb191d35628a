import fc from 'fast-check';
import { connectAsync, type MqttClient } from 'mqtt';
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, serve, tempDir } from '../helpers.js';
import { KILLERS, deadLetters, deepArray, deepObject, until } from './fuzz-inputs.js';

const MOSQUITTO = '/usr/sbin/mosquitto';
const haveBroker = existsSync(MOSQUITTO);
if (!haveBroker) console.warn(`fuzz: MQTT part skipped: ${MOSQUITTO} not found (apt-get install mosquitto)`);

/** Killers small enough for one UDP datagram. */
const SMALL = Object.entries(KILLERS).filter(([, t]) => Buffer.byteLength(t) < 60_000);
const VT = '\x0b';
const FS_CR = '\x1c\r';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** Write to a TCP listener, wait for `answers` MLLP ACK frames (or the close), return what came back. */
function tcpExchange(port: number, chunks: Array<string | Buffer>, answers = 0, destroyEarly = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let got = '';
    const done = () => { sock.destroy(); resolve(got); };
    sock.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      if (answers && got.split(FS_CR).length - 1 >= answers) done();
    });
    sock.on('error', (e) => (destroyEarly ? resolve(got) : reject(e)));
    sock.on('close', () => resolve(got));
    sock.on('connect', () => {
      for (const c of chunks) sock.write(c);
      if (destroyEarly) sock.destroy();
      else if (!answers) sock.end();
    });
    setTimeout(done, 20_000).unref();
  });
}

/**
 * Issue 12 part 2: every listener of a running `wardwatch serve` (syslog UDP and TCP, syslog
 * carrying JSON, MLLP, SMTP, MQTT through a real mosquitto) gets the nastiest records we can
 * build. The process must stay up, answer each protocol sanely, and keep every unreadable record
 * as a dead letter with a reason.
 */
describe.skipIf(!existsSync(CLI))('fuzz: the network listeners of a running server', () => {
  const tmp = tempDir('ww-fuzz-net-');
  let srv: Awaited<ReturnType<typeof serve>>;
  let broker: ChildProcess | undefined;
  let brokerPort = 0;
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    if (haveBroker) {
      brokerPort = await freePort();
      chmodSync(tmp.dir, 0o755);
      const conf = join(tmp.dir, 'mosquitto.conf');
      writeFileSync(conf, [`listener ${brokerPort} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'log_dest none', ''].join('\n'));
      broker = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
    }
    const yaml = [
      '  - type: syslog', '    name: syslog-json', '    format: json', '    udp: 127.0.0.1:0', '    tcp: 127.0.0.1:0',
      '  - type: mllp', '    listen: 127.0.0.1:0', '    maxMessageBytes: 1000000',
      '  - type: smtp', '    listen: 127.0.0.1:0', '    maxMessageBytes: 5000000',
      ...(haveBroker ? ['  - type: mqtt', `    url: mqtt://127.0.0.1:${brokerPort}`, '    topics: ["ward/#"]', '    connectTimeoutMs: 3000'] : []),
      '',
    ].join('\n');
    srv = await serve(tmp.dir, [], yaml);
    const listening = srv.lines.map((l) => { try { return JSON.parse(l) as { event?: string; sources?: string[] }; } catch { return {}; } }).find((m) => m.event === 'listening')!;
    const [plain, json, mllp, smtp] = listening.sources!;
    const port = (s: string | undefined, re: RegExp) => Number(re.exec(s ?? '')?.[1]);
    ports.udp = port(plain, /udp:\/\/[^ ]+:(\d+)/);
    ports.tcp = port(plain, /tcp:\/\/[^ ]+:(\d+)/);
    ports.jsonUdp = port(json, /udp:\/\/[^ ]+:(\d+)/);
    ports.jsonTcp = port(json, /tcp:\/\/[^ ]+:(\d+)/);
    ports.mllp = port(mllp, /mllp:\/\/[^ ]+:(\d+)/);
    ports.smtp = port(smtp, /smtp:\/\/[^ ]+:(\d+)/);
  });
  afterAll(async () => {
    await srv?.stop();
    broker?.kill('SIGTERM');
    tmp.cleanup();
  });

  const alive = async () => {
    expect(srv.child.exitCode, 'server process exited').toBeNull();
    expect((await fetch(`${srv.url}/api/health`)).status).toBe(200);
  };
  const dead = (pred: (d: ReturnType<typeof deadLetters>[number]) => boolean) => deadLetters(tmp.dir).filter(pred);

  it('syslog over UDP: killers, random bytes and JSON-over-syslog too deep to handle', async () => {
    const sock = createSocket('udp4');
    const send = (msg: string | Buffer, port: number) => new Promise<void>((r, j) => sock.send(msg, port, '127.0.0.1', (e) => (e ? j(e) : r())));
    for (const [, text] of SMALL) await send(text, ports.udp!);
    const bytes = fc.sample(fc.uint8Array({ minLength: 0, maxLength: 2_000 }), { numRuns: 50, seed: 7 });
    for (const b of bytes) await send(Buffer.from(b), ports.udp!);
    await send(deepObject(5_000), ports.jsonUdp!);
    await send(deepArray(30_000), ports.jsonUdp!);
    sock.close();
    await until(() => dead((d) => d.source.startsWith('syslog-udp') && d.parser === 'json').length >= 2, 'the deep JSON datagrams as dead letters');
    await alive();
    const deep = dead((d) => d.source.startsWith('syslog-udp') && d.parser === 'json');
    expect(deep.map((d) => d.reason).every((r) => r.includes('parse.too_deep'))).toBe(true);
    expect(deep.map((d) => d.data)).toContain(deepObject(5_000));
    expect(dead((d) => d.source.startsWith('syslog-udp') && d.parser === 'syslog').length).toBeGreaterThan(10);
  });

  it('syslog over TCP: killers, bogus octet counts, over-long lines, NULs and torn connections', async () => {
    const lines = SMALL.map(([, t]) => t.replace(/\n/g, ' ')).join('\n');
    await tcpExchange(ports.tcp!, [`${lines}\n`, '99999999999999999999 <13>x\n', '5 <13>', '\u0000\u0000\u0000\n', `<13>${'B'.repeat(200_000)}\n`, Buffer.from([0xff, 0xfe, 0x0a])]);
    await tcpExchange(ports.tcp!, ['<13>1 2026-02-01T03:00:00Z h app - - - torn'], 0, true);
    await tcpExchange(ports.jsonTcp!, [`${deepObject(5_000)}\n${deepArray(50_000)}\n{"message":"ok"}\n`]);
    await until(() => dead((d) => d.source.startsWith('syslog-tcp') && d.parser === 'json').length >= 2, 'the deep JSON lines as dead letters');
    await until(() => dead((d) => d.source.startsWith('syslog-tcp') && d.parser === 'syslog').length >= 5, 'syslog TCP dead letters');
    await alive();
    for (const d of dead((x) => x.source.startsWith('syslog-tcp'))) expect(d.reason.length).toBeGreaterThan(5);
    expect(dead((d) => d.source.startsWith('syslog-tcp') && d.parser === 'json').every((d) => d.reason.includes('parse.too_deep'))).toBe(true);
  });

  it('MLLP: every frame gets an ACK (AE for unreadable, AR for too large) and unreadable ones are dead letters', async () => {
    const msh = 'MSH|^~\\&|EHR|HOSP|WW|HOSP|20260201030000||ADT^A01|M1|P|2.5';
    const frames = [
      deepObject(5_000),
      'garbage that is not HL7',
      '',
      `${msh}\rPID|1||${'123^^^HOSP^MR~'.repeat(20_000)}`,
      [msh, ...Array.from({ length: 5_000 }, (_, i) => `OBX|${i}|ST|x||y`)].join('\r'),
      `MSH|${'\u0000'.repeat(10)}`,
      'MSH|^~\\&|\ud800|\udfff',
    ];
    const got = await tcpExchange(ports.mllp!, frames.map((f) => `${VT}${f}${FS_CR}`), frames.length);
    const acks = got.split(FS_CR).filter((a) => a.includes('MSA|'));
    expect(acks).toHaveLength(frames.length);
    for (const a of acks) expect(a).toMatch(/MSA\|A[AER]\|/);
    const big = await tcpExchange(ports.mllp!, [`${VT}${msh}\rNTE|${'x'.repeat(1_200_000)}${FS_CR}`], 1);
    expect(big).toMatch(/MSA\|AR\|/);
    // Unframed bytes, then a frame torn by a closed connection.
    await tcpExchange(ports.mllp!, ['no start block at all\r\n', `${VT}${msh}\rPID|1`], 0, true);
    await until(() => dead((d) => d.source.startsWith('mllp')).length >= 3, 'MLLP dead letters');
    await alive();
    const stored = dead((d) => d.source.startsWith('mllp'));
    // HL7 carries PHI: every dead letter is sealed.
    expect(stored.every((d) => d.sealed)).toBe(true);
    expect(stored.map((d) => d.data)).toContain('garbage that is not HL7');
  });

  it('SMTP: deep MIME, junk, binary and NUL-laden messages are stored (or dead letters) and answered 250', async () => {
    const transport = createTransport({ host: '127.0.0.1', port: ports.smtp!, secure: false, ignoreTLS: true, tls: { rejectUnauthorized: false } });
    let mime = 'the innermost text';
    for (let i = 0; i < 3_000; i++) mime = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${mime}\r\n--b${i}--`;
    const messages: Array<[string, string | Buffer]> = [
      ['deep-mime', `From: a@example.org\r\nTo: b@example.org\r\nSubject: deep\r\nMessage-ID: <d@x>\r\n${mime}\r\n`],
      ['junk', 'this is not an e-mail message at all\r\n'],
      ['binary', Buffer.from(fc.sample(fc.uint8Array({ minLength: 1_000, maxLength: 1_000 }), { numRuns: 1, seed: 3 })[0]!)],
      ['nul', `From: a@example.org\r\nSubject: \u0000\u0000\r\n\r\n\u0000body`],
      ['many-headers', `From: a@example.org\r\nTo: b@example.org\r\n${'X-H: v\r\n'.repeat(50_000)}\r\nbody`],
      ['deep-json-body', `From: a@example.org\r\nTo: b@example.org\r\nSubject: j\r\nContent-Type: application/json\r\n\r\n${deepObject(5_000)}`],
    ];
    for (const [name, raw] of messages) {
      const info = await transport.sendMail({ envelope: { from: 'a@example.org', to: ['b@example.org'] }, raw });
      expect(info.response, name).toMatch(/^250 /);
    }
    transport.close();
    await until(() => dead((d) => d.source.startsWith('smtp')).length >= 2, 'SMTP dead letters');
    await alive();
    const stored = dead((d) => d.source.startsWith('smtp'));
    expect(stored.every((d) => d.sealed && d.reason.length > 5)).toBe(true);
  });

  it.skipIf(!haveBroker)('MQTT: killers and random payloads on the subscribed topics', async () => {
    let pub: MqttClient | undefined;
    const end = Date.now() + 10_000;
    while (!pub) {
      try { pub = await connectAsync(`mqtt://127.0.0.1:${brokerPort}`, { clientId: 'ww-fuzz-pub', reconnectPeriod: 0 }); } catch { if (Date.now() > end) throw new Error('mosquitto did not start'); await new Promise((r) => setTimeout(r, 100)); }
    }
    // The source subscribes when it connects; wait for it to show as connected in /api/health's sources.
    await new Promise((r) => setTimeout(r, 500));
    for (const [name, text] of SMALL) await pub.publishAsync(`ward/fuzz/${name}`, text, { qos: 1 });
    for (const b of fc.sample(fc.uint8Array({ maxLength: 500 }), { numRuns: 30, seed: 9 })) await pub.publishAsync('ward/fuzz/bytes', Buffer.from(b), { qos: 1 });
    await pub.publishAsync('ward/fuzz/deep', deepObject(5_000), { qos: 1 });
    await pub.publishAsync('ward/fuzz/too-big', Buffer.alloc(300 * 1024, 0x7b), { qos: 1 });
    await pub.endAsync();
    await until(() => dead((d) => d.source === 'mqtt:ward/fuzz/deep').length === 1, 'the deep MQTT payload as a dead letter');
    await alive();
    const [d] = dead((x) => x.source === 'mqtt:ward/fuzz/deep');
    expect(d!.reason).toContain('parse.too_deep');
    // device-telemetry may name the patient a device is attached to: dead letters are sealed.
    expect(d!.sealed).toBe(true);
    expect(d!.data).toBe(deepObject(5_000));
    expect(dead((x) => x.source.startsWith('mqtt:')).length).toBeGreaterThan(10);
  });
});
