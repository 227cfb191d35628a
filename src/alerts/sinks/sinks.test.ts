import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../core/alert.js';
import { ndjsonFileSink, webhookSink } from './index.js';

const alert = (id: string): Alert => ({
  id, time: '2026-01-01T00:00:00.000Z', created: '2026-01-01T00:00:01.000Z', title: 'x', severity: 'high',
  detector: 'auth.bruteforce', rule: 'auth.bruteforce', entities: [], status: 'open',
  firstSeen: '2026-01-01T00:00:00.000Z', lastSeen: '2026-01-01T00:00:00.000Z',
  explanation: { summary: 's', factors: [], evidence: [], evidenceCount: 0, text: 's.' },
});

describe('ndjson-file sink', () => {
  it('appends one JSON line per alert inside the data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-sink-'));
    try {
      const s = ndjsonFileSink.build(ndjsonFileSink.config.parse({}), { dataDir: dir, name: 'f', log: () => {} });
      await s.write([alert('a'), alert('b')]);
      await s.write([alert('c')]);
      await s.close();
      const lines = readFileSync(join(dir, 'alerts.ndjson'), 'utf8').trim().split('\n');
      expect(lines.map((l) => (JSON.parse(l) as Alert).id)).toEqual(['a', 'b', 'c']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('webhook sink', () => {
  it('retries a 503 and delivers the JSON array', async () => {
    const bodies: string[] = [];
    let calls = 0;
    const server = createServer((req, res) => {
      let b = '';
      req.on('data', (c: Buffer) => { b += c.toString(); });
      req.on('end', () => {
        calls++;
        if (calls === 1) { res.statusCode = 503; res.end(); return; }
        bodies.push(b);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const s = webhookSink.build(webhookSink.config.parse({ url: `http://127.0.0.1:${port}/hook` }), { dataDir: '/tmp', name: 'w', log: () => {} });
      await s.write([alert('a')]);
      expect(calls).toBe(2);
      expect((JSON.parse(bodies[0]!) as Alert[])[0]!.id).toBe('a');
    } finally {
      server.close();
    }
  });

  it('gives up on a 400 without retrying and says why', async () => {
    let calls = 0;
    const server = createServer((_req, res) => { calls++; res.statusCode = 400; res.end(); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const s = webhookSink.build(webhookSink.config.parse({ url: `http://127.0.0.1:${port}/` }), { dataDir: '/tmp', name: 'w', log: () => {} });
      await expect(s.write([alert('a')])).rejects.toThrow(/HTTP 400/);
      expect(calls).toBe(1);
    } finally {
      server.close();
    }
  });
});
