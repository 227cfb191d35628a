import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../src/core/components.js';
import { hl7v2Parser } from '../../src/parsers/hl7v2/index.js';
import { syslogParser } from '../../src/parsers/syslog/index.js';
import { loadConfigObject } from '../../src/pipeline/config-loader.js';
import { mllpSource } from '../../src/sources/mllp/index.js';
import { syslogSource } from '../../src/sources/syslog/index.js';
import { countingTelemetry, RecordingSink } from '../../src/sources/testing.js';
import { ensureSelfSigned } from '../../src/sources/tls/index.js';
import { tempDir } from '../helpers.js';
import { makePki, type TestPki } from './pki.js';

const HL7 = join(import.meta.dirname, '../../../shared/data/healthcare/hl7v2-sample-messages/Hl7v2/ADT-A01-02.hl7');

const tmp = tempDir('ww-tls-');
let pki: TestPki;
beforeAll(async () => { pki = await makePki(tmp.dir); });
afterAll(() => tmp.cleanup());

let running: Source[] = [];
afterEach(async () => {
  for (const s of running) await s.stop();
  running = [];
});

const portOf = (s: Source, scheme: string) => Number(new RegExp(`${scheme}://[^ ]+:(\\d+)`).exec(s.describe())![1]);

/** Open a TLS connection; resolves with the socket once the handshake succeeded, rejects when it failed. */
function tlsOpen(port: number, opts: ConnectionOptions): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ...opts }, () => {
      // TLS 1.3: a refused client certificate is reported after the client's handshake finished;
      // wait a moment for the server's alert before calling it a success.
      setTimeout(() => (s.destroyed ? reject(new Error('closed after handshake')) : resolve(s)), 100);
    });
    s.once('error', reject);
  });
}

async function until(fn: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function startSyslog(tls: Record<string, unknown>) {
  const sink = new RecordingSink('syslog', syslogParser.build(syslogParser.config.parse({}), { dataDir: tmp.dir }));
  const logs: string[] = [];
  const t = countingTelemetry();
  const cfg = syslogSource.config.parse({ tls: { listen: '127.0.0.1:0', ...tls }, lingerMs: 1 });
  const src = syslogSource.build(cfg, { dataDir: tmp.dir, name: 'syslog-tls', sink, telemetry: t, log: (m) => logs.push(m) });
  await src.start();
  running.push(src);
  return { sink, logs, t, port: portOf(src, 'tls'), src };
}

const LINE = '<38>1 2026-02-03T04:05:06Z web01 sshd 42 - - Failed password for invalid user admin from 203.0.113.77 port 51234 ssh2';
const octet = (m: string) => `${Buffer.byteLength(m)} ${m}`;

describe('syslog over TLS (RFC 5425)', () => {
  it('takes octet-counted messages over TLS, verified against the CA', async () => {
    const { sink, port, src } = await startSyslog({ cert: pki.serverCert, key: pki.serverKey });
    const s = await tlsOpen(port, { ca: pki.pem.ca });
    s.write(octet(LINE) + octet(LINE.replace('203.0.113.77', '203.0.113.78')));
    s.end();
    await until(() => sink.stored.length === 2);
    expect(sink.stored.map((r) => r.source)).toEqual([expect.stringMatching(/^syslog-tls:/), expect.stringMatching(/^syslog-tls:/)]);
    expect(src.listeners!()).toEqual([expect.objectContaining({ state: 'listening', endpoint: expect.stringMatching(/^tls:\/\//) })]);
  });

  it('refuses plaintext on the TLS port: nothing is read', async () => {
    const { sink, port, t, logs } = await startSyslog({ cert: pki.serverCert, key: pki.serverKey });
    const s = netConnect(port, '127.0.0.1');
    await new Promise<void>((r) => s.once('connect', () => r()));
    s.write(`${octet(LINE)}\n${LINE}\n`);
    await new Promise<void>((r) => { s.once('close', () => r()); s.on('error', () => {}); });
    expect(sink.stored).toHaveLength(0);
    expect(t.counts.error).toBe(1);
    expect(logs.join('\n')).toMatch(/TLS handshake failed/);
  });

  it('with clientCert: require, accepts the CA-signed client and refuses a missing or foreign certificate', async () => {
    const { sink, port } = await startSyslog({ cert: pki.serverCert, key: pki.serverKey, ca: pki.caCert, clientCert: 'require' });
    await expect(tlsOpen(port, { ca: pki.pem.ca })).rejects.toThrow();
    await expect(tlsOpen(port, { ca: pki.pem.ca, cert: pki.pem.rogueCert, key: pki.pem.rogueKey })).rejects.toThrow();
    const ok = await tlsOpen(port, { ca: pki.pem.ca, cert: pki.pem.clientCert, key: pki.pem.clientKey });
    ok.end(octet(LINE));
    await until(() => sink.stored.length === 1);
    expect(sink.stored).toHaveLength(1);
  });

  it('fails to start with a clear message when a certificate file is missing', async () => {
    const sink = new RecordingSink('syslog', syslogParser.build(syslogParser.config.parse({}), { dataDir: tmp.dir }));
    const src = syslogSource.build(syslogSource.config.parse({ tls: { listen: '127.0.0.1:0', cert: join(tmp.dir, 'nope.crt'), key: pki.serverKey } }),
      { dataDir: tmp.dir, name: 'syslog-bad', sink, telemetry: countingTelemetry(), log: () => {} });
    await expect(src.start()).rejects.toThrow(/sources\.syslog-bad\.tls\.cert: cannot read the TLS certificate .*nope\.crt/);
  });

  it('rejects incomplete TLS settings when the config loads', () => {
    expect(() => loadConfigObject({ sources: [{ type: 'syslog', tls: { listen: '0.0.0.0:6514', cert: 'a.crt' } }] })).toThrow(/sources\[0\]\.tls\.key: TLS needs cert and key/);
    expect(() => loadConfigObject({ sources: [{ type: 'mllp', listen: '0.0.0.0:2575', tls: { selfSigned: true, clientCert: 'require' } }] })).toThrow(/tls\.ca/);
  });
});

describe('MLLP over TLS', () => {
  const frame = (m: string) => `\x0b${m}\x1c\r`;
  const msg = () => readFileSync(HL7, 'utf8').replace(/^\uFEFF/, '').replace(/\r?\n/g, '\r');

  async function startMllp(tls: Record<string, unknown>) {
    const sink = new RecordingSink('hl7v2', hl7v2Parser.build(hl7v2Parser.config.parse({}), { dataDir: tmp.dir }));
    const logs: string[] = [];
    const src = mllpSource.build(mllpSource.config.parse({ listen: '127.0.0.1:0', tls }), { dataDir: tmp.dir, name: 'mllp-tls', sink, telemetry: countingTelemetry(), log: (m) => logs.push(m) });
    await src.start();
    running.push(src);
    return { sink, logs, port: Number(/:(\d+)$/.exec(src.describe())![1]), src };
  }

  async function ackOver(s: TLSSocket, m: string): Promise<string> {
    return new Promise((resolve, reject) => {
      let buf = '';
      s.on('data', (d: Buffer) => {
        buf += d.toString('utf8');
        if (buf.includes('\x1c\r')) resolve(buf);
      });
      s.once('error', reject);
      s.write(frame(m));
    });
  }

  it.skipIf(!(() => { try { readFileSync(HL7); return true; } catch { return false; } })())('acknowledges HL7 over mutual TLS and refuses a foreign client certificate and plaintext', async () => {
    const { sink, port, src, logs } = await startMllp({ cert: pki.serverCert, key: pki.serverKey, ca: pki.caCert, clientCert: 'require' });
    expect(src.describe()).toMatch(/^mllps:\/\//);
    const ok = await tlsOpen(port, { ca: pki.pem.ca, cert: pki.pem.clientCert, key: pki.pem.clientKey });
    const ack = await ackOver(ok, msg());
    expect(ack).toMatch(/MSA\|AA\|/);
    ok.end();
    expect(sink.stored).toHaveLength(1);

    await expect(tlsOpen(port, { ca: pki.pem.ca, cert: pki.pem.rogueCert, key: pki.pem.rogueKey })).rejects.toThrow();
    const plain = netConnect(port, '127.0.0.1');
    plain.on('error', () => {});
    plain.write(frame(msg()));
    await new Promise<void>((r) => plain.once('close', () => r()));
    expect(sink.stored).toHaveLength(1);
    expect(logs.filter((l) => /TLS handshake failed/.test(l)).length).toBeGreaterThanOrEqual(2);
  });
});

describe('self-signed certificate for a first start', () => {
  it('is made once in <dataDir>/tls with a 0600 key and reused, with its SHA-256 fingerprint', async () => {
    const d = tempDir('ww-selfsigned-');
    try {
      const a = await ensureSelfSigned(d.dir);
      expect(a.created).toBe(true);
      expect(a.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      const { statSync } = await import('node:fs');
      expect(statSync(a.keyPath).mode & 0o777).toBe(0o600);
      expect(statSync(join(d.dir, 'tls')).mode & 0o777).toBe(0o700);
      const b = await ensureSelfSigned(d.dir);
      expect(b.created).toBe(false);
      expect(b.fingerprint256).toBe(a.fingerprint256);

      // A syslog TLS listener on the self-signed certificate: a client pinned to it connects.
      const { sink, port } = await (async () => {
        const s = new RecordingSink('syslog', syslogParser.build(syslogParser.config.parse({}), { dataDir: d.dir }));
        const src = syslogSource.build(syslogSource.config.parse({ tls: { listen: '127.0.0.1:0', selfSigned: true }, lingerMs: 1 }),
          { dataDir: d.dir, name: 'ss', sink: s, telemetry: countingTelemetry(), log: () => {} });
        await src.start();
        running.push(src);
        return { sink: s, port: portOf(src, 'tls') };
      })();
      const sock = await tlsOpen(port, { ca: a.cert });
      sock.end(octet(LINE));
      await until(() => sink.stored.length === 1);
    } finally {
      d.cleanup();
    }
  });
});

describe('HTTPS API', () => {
  it('serves /api/health over TLS with the configured certificate', async () => {
    const { openRuntime } = await import('../../src/pipeline/runtime.js');
    const { buildApi } = await import('../../src/api/server.js');
    const { loadTlsServer } = await import('../../src/sources/tls/index.js');
    const d = tempDir('ww-https-');
    const rt = await openRuntime(loadConfigObject({ sources: [], pipeline: { workers: 0 }, store: { writerThread: false } }), { dataDir: d.dir });
    const { ensureAdminToken } = await import('../../src/api/tokens.js');
    ensureAdminToken(d.dir, 'tls-test-token-0123456789');
    const tls = await loadTlsServer({ cert: pki.serverCert, key: pki.serverKey, selfSigned: false, clientCert: 'none' }, d.dir, 'api.tls');
    const app = await buildApi(rt, { bodyLimitBytes: 1_000_000, https: tls.options });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const port = (app.server.address() as { port: number }).port;
      const body = await new Promise<string>((resolve, reject) => {
        const req = httpsRequest({ host: '127.0.0.1', port, path: '/api/health', ca: pki.pem.ca, servername: 'localhost' }, (res) => {
          let b = '';
          res.on('data', (c: Buffer) => { b += c.toString(); });
          res.on('end', () => resolve(b));
        });
        req.on('error', reject);
        req.end();
      });
      expect(JSON.parse(body)).toMatchObject({ status: 'ok' });
      // Plain HTTP to the HTTPS port gets no API answer: the connection ends at the handshake.
      const plain = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status, () => 'closed');
      expect(plain).toBe('closed');
    } finally {
      await app.close();
      await rt.close();
      d.cleanup();
    }
  });
});
