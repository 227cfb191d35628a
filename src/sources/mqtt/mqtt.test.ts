import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Admission, IngestResult, IngestSink, ParsedEvent, Parser, Source, SourceTelemetry } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { deviceTelemetryParser } from '../../parsers/device-telemetry/index.js';
import { mqttSource } from './index.js';

const MOSQUITTO = '/usr/sbin/mosquitto';
const haveBroker = existsSync(MOSQUITTO);
if (!haveBroker) console.warn(`mqtt source tests skipped: ${MOSQUITTO} not found (apt-get install mosquitto)`);

/** An IngestSink that parses like the pipeline does (events or dead letters) and can play "busy". */
class FakeSink implements IngestSink {
  records: RawRecord[] = [];
  events: ParsedEvent[] = [];
  dead: Array<{ record: RawRecord; reason: string }> = [];
  batches: number[] = [];
  busy = false;
  private waiters: Array<() => void> = [];
  private readonly telemetryParser = deviceTelemetryParser.build(deviceTelemetryParser.config.parse({ deviceIdTopicLevel: -2 }), { dataDir: '/tmp' });

  async ingest(records: RawRecord[], parser: Parser): Promise<IngestResult> {
    let events = 0;
    let dead = 0;
    for (const r of records) {
      try {
        const out = parser.parse(r);
        this.events.push(...out);
        events += out.length;
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        this.dead.push({ record: r, reason: err.message });
        dead++;
      }
    }
    this.records.push(...records);
    this.batches.push(records.length);
    return { records: records.length, events, deadLetters: dead };
  }
  parser(name: string): Parser {
    if (name !== 'device-telemetry') throw new Error(`unknown parser ${name}`);
    return this.telemetryParser;
  }
  admission(): Admission {
    return this.busy ? 'busy' : 'ok';
  }
  capacity(): Promise<void> {
    return this.busy ? new Promise((r) => this.waiters.push(r)) : Promise.resolve();
  }
  release(): void {
    this.busy = false;
    for (const w of this.waiters.splice(0)) w();
  }
}

function counters(): SourceTelemetry & { c: Record<string, number> } {
  const c: Record<string, number> = { received: 0, emitted: 0, error: 0 };
  return {
    c,
    received: (n = 1) => void (c.received! += n),
    emitted: (n = 1) => void (c.emitted! += n),
    dropped: (reason, n = 1) => void (c[`dropped:${reason}`] = (c[`dropped:${reason}`] ?? 0) + n),
    error: (n = 1) => void (c.error! += n),
  };
}

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

async function waitFor(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

describe.skipIf(!haveBroker)('mqtt source against a real mosquitto broker on loopback', () => {
  let dir = '';
  let port = 0;
  let broker: ChildProcess | undefined;
  let pub: MqttClient | undefined;
  const running: Source[] = [];
  const logs: string[] = [];

  const startBroker = async () => {
    broker = spawn(MOSQUITTO, ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
    const end = Date.now() + 5000;
    while (!(await portOpen(port))) {
      if (Date.now() > end) throw new Error('mosquitto did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stopBroker = async () => {
    const b = broker;
    broker = undefined;
    if (!b || b.exitCode !== null) return;
    await new Promise<void>((r) => {
      b.once('exit', () => r());
      b.kill('SIGTERM');
    });
  };
  const make = (over: Record<string, unknown> = {}) => {
    const sink = new FakeSink();
    const tele = counters();
    const src = mqttSource.build(
      mqttSource.config.parse({ url: `mqtt://127.0.0.1:${port}`, topics: ['ward/+/+/telemetry'], clientId: `ww-test-${running.length}`, reconnect: { minMs: 100, maxMs: 400 }, ...over }),
      { dataDir: '/tmp', name: 'iomt', sink, telemetry: tele, log: (m) => logs.push(m) },
    );
    running.push(src);
    return { sink, tele, src };
  };
  const publish = (topic: string, payload: string, qos: 0 | 1 = 1) => pub!.publishAsync(topic, payload, { qos });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ww-mqtt-'));
    port = await freePort();
    // Run as root, mosquitto drops to its own user: let it reach the dir and write the log.
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'mosquitto.log'), '');
    chmodSync(join(dir, 'mosquitto.log'), 0o666);
    writeFileSync(join(dir, 'mosquitto.conf'), [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', `log_dest file ${join(dir, 'mosquitto.log')}`, 'log_type all', ''].join('\n'));
    await startBroker();
    pub = await connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: 'ww-test-publisher', reconnectPeriod: 100 });
  });
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop().catch(() => undefined);
  });
  afterAll(async () => {
    await pub?.endAsync(true);
    await stopBroker();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers QoS 1 and QoS 0 messages of a wildcard subscription to the sink, topic in the source name', async () => {
    const { sink, tele, src } = make();
    await src.start();
    expect(src.describe()).toMatch(/^mqtt mqtt:\/\/127\.0\.0\.1:\d+ topics=ward\/\+\/\+\/telemetry qos=1 \(connected\)$/);
    await publish('ward/icu/PUMP-0192/telemetry', JSON.stringify({ device: { type: 'infusion_pump' }, timestamp: '2026-01-05T10:00:00Z', metrics: { flow_rate_ml_h: 12.5 } }));
    await publish('ward/er/MON-7/telemetry', JSON.stringify({ device: { id: 'MON-7' }, metrics: { spo2: 97 } }), 0);
    await publish('ward/er/MON-7/status', '{"device":{"id":"MON-7"},"status":"ignored: not subscribed"}');
    await waitFor(() => sink.events.length === 2, 5000, 'two events');
    expect(sink.records.map((r) => [r.source, r.peer, r.offset])).toEqual([['mqtt:ward/icu/PUMP-0192/telemetry', 'ward/icu/PUMP-0192/telemetry', 1], ['mqtt:ward/er/MON-7/telemetry', 'ward/er/MON-7/telemetry', 2]]);
    expect(sink.events[0]).toMatchObject({ '@timestamp': '2026-01-05T10:00:00.000Z', event: { kind: 'metric', category: ['host'] }, device: { id: 'PUMP-0192', type: 'infusion_pump', metrics: { flow_rate_ml_h: 12.5 } } });
    expect(sink.events[1]!.device).toEqual({ id: 'MON-7', metrics: { spo2: 97 } });
    expect(tele.c).toMatchObject({ received: 2, emitted: 2, error: 0 });
  });

  it('dead-letters a malformed payload through the parser and goes on', async () => {
    const { sink, src } = make();
    await src.start();
    await publish('ward/icu/PUMP-1/telemetry', '{"device": {"id": "PUMP-1"');
    await publish('ward/icu/PUMP-1/telemetry', '{"device":{"id":"PUMP-1"},"metrics":{"battery_pct":80}}');
    await waitFor(() => sink.records.length === 2, 5000, 'two records');
    expect(sink.dead).toHaveLength(1);
    expect(sink.dead[0]!.record.data).toBe('{"device": {"id": "PUMP-1"');
    expect(sink.dead[0]!.reason).toMatch(/^mqtt:ward\/icu\/PUMP-1\/telemetry:1: not JSON: /);
    expect(sink.events).toHaveLength(1);
  });

  it('holds messages (no ack, no reads) while the pipeline is busy, then delivers them in order', async () => {
    const { sink, src } = make();
    await src.start();
    sink.busy = true;
    for (let i = 0; i < 3; i++) await publish('ward/icu/PUMP-2/telemetry', JSON.stringify({ device: { id: 'PUMP-2' }, metrics: { seq: i } }));
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.records).toHaveLength(0);
    sink.release();
    await waitFor(() => sink.records.length === 3, 5000, 'three records');
    expect(sink.events.map((e) => e.device!.metrics!.seq)).toEqual([0, 1, 2]);
  });

  it('batches in ack: received mode, and drops oversized payloads with a count', async () => {
    const { sink, tele, src } = make({ ack: 'received', lingerMs: 50, maxMessageBytes: 200 });
    await src.start();
    await Promise.all(Array.from({ length: 50 }, (_, i) => publish('ward/lab/AN-1/telemetry', JSON.stringify({ device: { id: 'AN-1' }, metrics: { i } }), 0)));
    await publish('ward/lab/AN-1/telemetry', JSON.stringify({ device: { id: 'AN-1' }, metrics: { x: 1 }, pad: 'x'.repeat(300) }));
    await waitFor(() => sink.records.length === 50 && tele.c['dropped:too_large'] === 1, 5000, '50 records and one drop');
    expect(sink.batches.length).toBeLessThan(50);
    expect(tele.c.received).toBe(51);
  });

  it('reconnects with back-off after the broker restarts, and resubscribes', async () => {
    const { sink, src } = make();
    await src.start();
    await stopBroker();
    await waitFor(() => src.describe().endsWith('(reconnecting)'), 5000, 'reconnecting state');
    await startBroker();
    await waitFor(() => src.describe().endsWith('(connected)') && pub!.connected, 10_000, 'reconnection');
    await publish('ward/icu/PUMP-3/telemetry', '{"device":{"id":"PUMP-3"},"metrics":{"a":1}}');
    await waitFor(() => sink.events.length === 1, 5000, 'event after reconnect');
    expect(logs.some((l) => /disconnected; reconnecting in \d+ ms/.test(l))).toBe(true);
  });

  it('stop() unsubscribes, disconnects and receives nothing more', async () => {
    const { sink, src } = make({ clientId: 'ww-test-stopper' });
    await src.start();
    await publish('ward/icu/PUMP-4/telemetry', '{"device":{"id":"PUMP-4"},"metrics":{"a":1}}');
    await waitFor(() => sink.records.length === 1, 5000, 'first record');
    await src.stop();
    expect(src.describe()).toMatch(/\(stopped\)$/);
    await publish('ward/icu/PUMP-4/telemetry', '{"device":{"id":"PUMP-4"},"metrics":{"a":2}}');
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.records).toHaveLength(1);
    const log = readFileSync(join(dir, 'mosquitto.log'), 'utf8');
    expect(log).toMatch(/Received UNSUBSCRIBE from ww-test-stopper/);
    expect(log).toMatch(/Received DISCONNECT from ww-test-stopper|Client ww-test-stopper disconnected/);
  });
});

describe('mqtt source config', () => {
  it('validates URL and topic filters, with the key path', () => {
    const bad = (cfg: unknown) => {
      const r = mqttSource.config.safeParse(cfg);
      return r.success ? undefined : r.error.issues[0]!.path;
    };
    expect(bad({ url: 'mqtt://h:1883', topics: ['a/#/b'] })).toEqual(['topics', 0]);
    expect(bad({ url: 'mqtt://h:1883', topics: ['a/b+'] })).toEqual(['topics', 0]);
    expect(bad({ url: 'http://h', topics: ['a'] })).toEqual(['url']);
    expect(bad({ url: 'mqtt://h:1883', topics: [] })).toEqual(['topics']);
    expect(bad({ url: 'mqtt://h:1883', topics: ['#'], qos: 3 })).toEqual(['qos']);
    expect(mqttSource.config.parse({ url: 'mqtt://h:1883', topics: ['+/x/#'] })).toMatchObject({ qos: 1, format: 'device-telemetry', ack: 'stored', clean: true });
  });
});
