import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.js';
import { ensureAdminToken } from '../src/api/tokens.js';
import { sealerFor } from '../src/enrich/pseudonymise/index.js';
import { loadConfigObject } from '../src/pipeline/config-loader.js';
import { openRuntime, type Runtime } from '../src/pipeline/runtime.js';
import { TOKEN, auth, authLines, tempDir } from './helpers.js';

describe('HTTP ingest contract', () => {
  const tmp = tempDir();
  let rt: Runtime;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const loaded = loadConfigObject({ sources: [], pipeline: { workers: 1, queueEvents: 10 }, api: { bodyLimitBytes: 2_000_000 } });
    rt = await openRuntime(loaded, { dataDir: tmp.dir });
    ensureAdminToken(tmp.dir, TOKEN);
    const app = await buildApi(rt, { bodyLimitBytes: 2_000_000 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address() as { port: number };
    url = `http://127.0.0.1:${addr.port}`;
    close = async () => { await app.close(); await rt.close(); };
  });
  afterAll(async () => { await close(); tmp.cleanup(); });

  const post = (body: string, type = 'application/x-ndjson', headers: Record<string, string> = auth) =>
    fetch(`${url}/api/ingest`, { method: 'POST', headers: { ...headers, 'content-type': type }, body });

  it('serves health without a token and refuses everything else without one', async () => {
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    const r = await post(authLines(1, 'a', 'success')[0]!, 'application/x-ndjson', {});
    expect(r.status).toBe(401);
    expect((await fetch(`${url}/api/alerts`, { headers: { authorization: 'Bearer wrong-token-xxxxxxxx' } })).status).toBe(401);
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
  });

  it('answers 202 after storing NDJSON, and dead-letters the bad line with its bytes', async () => {
    const lines = [...authLines(3, 'alice', 'success'), '{"@timestamp": "not a time", "event": {}}', '{broken'];
    const r = await post(lines.join('\n'));
    expect(r.status).toBe(202);
    expect(await r.json()).toEqual({ accepted: 5, events: 3, deadLetters: 2 });
    // JSON may carry PHI: its dead letters are sealed at rest; the data directory's key opens them.
    const stored = rt.store.listDeadLetters(10).map((d) => d.data);
    expect(stored).not.toContain('{broken');
    expect(stored.map((d) => sealerFor(tmp.dir).open(d))).toContain('{broken');
    const found = rt.store.searchEvents({ entity: 'alice' });
    expect(found.items).toHaveLength(3);
  });

  it('accepts a JSON array', async () => {
    const r = await post(`[${authLines(2, 'bob', 'success').join(',')}]`, 'application/json');
    expect(r.status).toBe(202);
    expect(await r.json()).toMatchObject({ accepted: 2, events: 2 });
  });

  it('answers 413 when the body is over the limit', async () => {
    const big = authLines(1, 'x'.repeat(1000), 'success')[0]!;
    const r = await post(Array.from({ length: 2500 }, () => big).join('\n'));
    expect(r.status).toBe(413);
    expect((await r.json() as { error: string }).error).toBe('ingest.too_large');
  });

  it('answers 429 with Retry-After when the detectors fall behind, and loses nothing it accepted', async () => {
    const before = rt.store.counts().events;
    let accepted = 0;
    let refused = 0;
    for (let round = 0; round < 50 && refused === 0; round++) {
      const bodies = Array.from({ length: 8 }, (_, k) => authLines(2000, `user${round}-${k}`, 'failure').join('\n'));
      const responses = await Promise.all(bodies.map((b) => post(b)));
      for (const res of responses) {
        if (res.status === 202) accepted += ((await res.json()) as { events: number }).events;
        else {
          expect(res.status).toBe(429);
          expect(res.headers.get('retry-after')).toBe('1');
          await res.text();
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(0);
    await rt.detection.drain();
    expect(rt.store.counts().events - before).toBe(accepted);
  });

  it('raises and serves brute-force alerts with explanations', async () => {
    const r = await post(authLines(12, 'root', 'failure', '198.51.100.77', Date.parse('2026-02-02T01:00:00Z')).join('\n'));
    expect(r.status).toBe(202);
    await rt.detection.drain();
    const list = (await (await fetch(`${url}/api/alerts?entity=root&detector=auth.bruteforce`, { headers: auth })).json()) as { items: Array<{ id: string; explanation: { text: string } }> };
    expect(list.items).toHaveLength(1);
    expect(list.items[0]!.explanation.text).toMatch(/failed logins for account "root"/);
    const detail = (await (await fetch(`${url}/api/alerts/${list.items[0]!.id}`, { headers: auth })).json()) as { evidence: unknown[] };
    // Twelve failures within a second: the machine-speed burst tier (5 in 1 min) raises the alert
    // with the five that crossed it; the rest of the run belongs to the same episode.
    expect(detail.evidence.length).toBe(5);
    expect((await fetch(`${url}/api/alerts/nope`, { headers: auth })).status).toBe(404);
  });

  it('searches events and rejects bad parameters with the parameter name', async () => {
    const r = await fetch(`${url}/api/events?entity=alice&limit=2`, { headers: auth });
    const page = (await r.json()) as { items: unknown[]; next: string | null };
    expect(page.items).toHaveLength(2);
    expect(page.next).not.toBeNull();
    const bad = await fetch(`${url}/api/events?from=yesterday`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'request.invalid', where: 'query.from' });
  });

  it('exposes Prometheus metrics and the OpenAPI document', async () => {
    const m = await (await fetch(`${url}/metrics`, { headers: auth })).text();
    expect(m).toMatch(/wardwatch_component_received_total\{component_kind="source",component="http"\} \d+/);
    expect(m).toMatch(/wardwatch_component_dropped_total\{component_kind="parser",component="json",reason="unparseable"\} 2/);
    // Process, heap, GC and event-loop metrics, and latency histograms (prom-client).
    for (const name of ['wardwatch_process_resident_memory_bytes', 'wardwatch_nodejs_heap_size_used_bytes',
      'wardwatch_nodejs_eventloop_lag_p99_seconds', 'wardwatch_nodejs_gc_duration_seconds']) expect(m).toContain(`# TYPE ${name} `);
    expect(m).toMatch(/wardwatch_http_request_duration_seconds_count\{method="POST",route="\/api\/ingest",status_code="202"\} [1-9]/);
    expect(Number(/wardwatch_detection_batch_seconds_count (\d+)/.exec(m)?.[1])).toBeGreaterThan(0);
    // A path no route matches is one label, never the raw URL (a scanner cannot grow the series).
    await fetch(`${url}/no/such/path-12345`, { headers: auth });
    const m2 = await (await fetch(`${url}/metrics`, { headers: auth })).text();
    expect(m2).toContain('route="unmatched"');
    expect(m2).not.toContain('path-12345');
    const doc = (await (await fetch(`${url}/api/docs/json`, { headers: auth })).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/ingest', '/api/events', '/api/alerts', '/api/alerts/{id}']));
  });
});

describe('audit trail of API reads', () => {
  it('records who read which data', async () => {
    const tmp = tempDir();
    const loaded = loadConfigObject({ sources: [], pipeline: { workers: 0 } });
    const rt = await openRuntime(loaded, { dataDir: tmp.dir });
    ensureAdminToken(tmp.dir, TOKEN);
    const app = await buildApi(rt, { bodyLimitBytes: 1_000_000 });
    try {
      const r = await app.inject({ method: 'GET', url: '/api/alerts?limit=5', headers: auth });
      expect(r.statusCode).toBe(200);
      await app.inject({ method: 'GET', url: '/api/health' });
      const log = rt.store.listAudit(10);
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ actor: 'admin', action: 'read', target: '/api/alerts', detail: { query: { limit: '5' } } });
    } finally {
      await app.close();
      await rt.close();
      tmp.cleanup();
    }
  });
});
