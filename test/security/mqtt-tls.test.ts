import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { connect as tlsConnect } from 'node:tls';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../src/core/components.js';
import { deviceTelemetryParser } from '../../src/parsers/device-telemetry/index.js';
import { mqttSource } from '../../src/sources/mqtt/index.js';
import { countingTelemetry, RecordingSink } from '../../src/sources/testing.js';
import { tempDir } from '../helpers.js';
import { makePki, type TestPki } from './pki.js';

const MOSQUITTO = '/usr/sbin/mosquitto';
const haveBroker = existsSync(MOSQUITTO);
if (!haveBroker) console.warn(`MQTT TLS tests skipped: ${MOSQUITTO} not found (apt-get install mosquitto)`);

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function until(fn: () => boolean, ms = 8000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('mqtt tls settings', () => {
  it('need an mqtts:// or wss:// URL', () => {
    expect(mqttSource.config.safeParse({ url: 'mqtt://b:1883', topics: ['#'], tls: { ca: 'ca.crt' } }).success).toBe(false);
    expect(mqttSource.config.safeParse({ url: 'mqtts://b:8883', topics: ['#'], tls: { ca: 'ca.crt' } }).success).toBe(true);
    expect(mqttSource.config.safeParse({ url: 'mqtts://b:8883', topics: ['#'], tls: { cert: 'c.crt' } }).success).toBe(false);
  });
});

describe.skipIf(!haveBroker)('mqtt source over TLS to a real mosquitto broker requiring client certificates', () => {
  const tmp = tempDir('ww-mqtts-');
  let pki: TestPki;
  let port = 0;
  let broker: ChildProcess | undefined;
  let pub: MqttClient | undefined;
  const running: Source[] = [];

  beforeAll(async () => {
    pki = await makePki(tmp.dir);
    // mosquitto drops root for its own user: let it read the throw-away test PKI.
    chmodSync(tmp.dir, 0o755);
    for (const f of readdirSync(tmp.dir)) chmodSync(join(tmp.dir, f), 0o644);
    port = await freePort();
    const conf = join(tmp.dir, 'mosquitto.conf');
    writeFileSync(conf, [
      `listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false',
      `cafile ${pki.caCert}`, `certfile ${pki.serverCert}`, `keyfile ${pki.serverKey}`,
      'require_certificate true', 'tls_version tlsv1.2', '',
    ].join('\n'));
    broker = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
    // Wait for the TLS port.
    const end = Date.now() + 8000;
    for (;;) {
      const ok = await new Promise<boolean>((r) => {
        const s = tlsConnect({ host: '127.0.0.1', port, ca: pki.pem.ca, cert: pki.pem.clientCert, key: pki.pem.clientKey, servername: 'localhost' }, () => { s.end(); r(true); });
        s.once('error', () => r(false));
      });
      if (ok) break;
      if (Date.now() > end) throw new Error('mosquitto did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    pub = await connectAsync(`mqtts://127.0.0.1:${port}`, { ca: pki.pem.ca, cert: pki.pem.clientCert, key: pki.pem.clientKey, servername: 'localhost', clientId: 'ww-tls-pub' });
  });
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop().catch(() => undefined);
  });
  afterAll(async () => {
    await pub?.endAsync(true);
    if (broker && broker.exitCode === null) await new Promise<void>((r) => { broker!.once('exit', () => r()); broker!.kill('SIGTERM'); });
    tmp.cleanup();
  });

  const make = (tls: Record<string, unknown>) => {
    const sink = new RecordingSink('device-telemetry', deviceTelemetryParser.build(deviceTelemetryParser.config.parse({ deviceIdTopicLevel: -2 }), { dataDir: tmp.dir }));
    const logs: string[] = [];
    const src = mqttSource.build(mqttSource.config.parse({
      url: `mqtts://127.0.0.1:${port}`, topics: ['ward/+/+/telemetry'], tls: { servername: 'localhost', ...tls },
      connectTimeoutMs: 1500, reconnect: { minMs: 200, maxMs: 400 },
    }), { dataDir: tmp.dir, name: 'pumps', sink, telemetry: countingTelemetry(), log: (m) => logs.push(m) });
    running.push(src);
    return { sink, src, logs };
  };

  it('connects with the CA and a client certificate and receives telemetry', async () => {
    const { sink, src } = make({ ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey });
    await src.start();
    expect(src.listeners!()).toEqual([expect.objectContaining({ endpoint: `mqtts://127.0.0.1:${port}`, state: 'connected' })]);
    await pub!.publishAsync('ward/icu/pump-7/telemetry', JSON.stringify({ ts: '2026-02-01T03:00:00Z', device: { id: 'pump-7', type: 'infusion_pump' }, metrics: { rate_ml_h: 12 } }), { qos: 1 });
    await until(() => sink.stored.length + sink.dead.length === 1, 8000, 'the message');
  });

  it('does not connect without a client certificate, and reports why', async () => {
    const { src } = make({ ca: pki.caCert });
    await src.start();
    await until(() => (src.listeners!()[0]?.error ?? '') !== '', 8000, 'an error');
    expect(src.listeners!()[0]).toMatchObject({ state: expect.stringMatching(/connecting|reconnecting/) });
  });

  it('refuses a broker whose certificate it cannot verify (no CA given)', async () => {
    const { src, logs } = make({ cert: pki.clientCert, key: pki.clientKey });
    await src.start();
    await until(() => (src.listeners!()[0]?.error ?? '') !== '', 8000, 'an error');
    expect(src.listeners!()[0]!.error).toMatch(/certificate|self.signed|verify|issuer/i);
    expect(logs.join('\n')).not.toMatch(/connected$/m);
  });
});
