import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server.js';
import { ensureAdminToken } from '../../src/api/tokens.js';
import type { Source } from '../../src/core/components.js';
import { loadConfigObject } from '../../src/pipeline/config-loader.js';
import { openRuntime, type Runtime } from '../../src/pipeline/runtime.js';
import { sources } from '../../src/pipeline/sources.js';
import { TOKEN, auth, authLines, tempDir } from '../helpers.js';

/** A TCP port nobody listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('/api/health reports what the pipeline actually does', () => {
  const tmp = tempDir('ww-health-');
  let rt: Runtime;
  let app: FastifyInstance;
  let mqtt: Source;

  beforeAll(async () => {
    // The inline writer commits on this connection, so the test can cap the database's size the
    // way a full disk does: SQLite answers SQLITE_FULL ("database or disk is full") to both.
    const loaded = loadConfigObject({ sources: [], pipeline: { workers: 0 }, store: { writerThread: false } });
    rt = await openRuntime(loaded, { dataDir: tmp.dir });
    ensureAdminToken(tmp.dir, TOKEN);
    app = await buildApi(rt, { bodyLimitBytes: 10_000_000 });
  });
  afterAll(async () => {
    await mqtt?.stop();
    await app.close();
    await rt.close();
    tmp.cleanup();
  });

  const ingest = (lines: string[]) => app.inject({ method: 'POST', url: '/api/ingest?format=json', headers: { ...auth, 'content-type': 'application/x-ndjson' }, payload: lines.join('\n') });

  it('is ok, with statuses only, when nothing is wrong', async () => {
    expect((await ingest(authLines(5, 'alice', 'failure'))).statusCode).toBe(202);
    const r = await app.inject({ method: 'GET', url: '/api/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', ingest: 'ok', checks: { store: 'ok', ingest: 'ok', detectors: 'ok', sources: 'ok', drops: 'ok' } });
  });

  it('says failing (503) when the store cannot write (database or disk full), and ok again once it can', async () => {
    const pages = rt.store.db.pragma('page_count', { simple: true }) as number;
    rt.store.db.pragma(`max_page_count = ${pages}`);
    const big = authLines(3000, 'bob', 'failure').map((l) => l.replace('"message":"', `"message":"${'x'.repeat(400)} `));
    const refused = await ingest(big);
    expect(refused.statusCode).toBe(503);

    const pub = await app.inject({ method: 'GET', url: '/api/health' });
    expect(pub.statusCode).toBe(503);
    expect(pub.json()).toMatchObject({ status: 'failing', checks: { store: 'failing', ingest: 'failing' } });
    // Unauthenticated: no error text, no paths.
    expect(pub.body).not.toMatch(/full|disk|sqlite|\/tmp/i);

    expect((await app.inject({ method: 'GET', url: '/api/health/details' })).statusCode).toBe(401);
    const det = await app.inject({ method: 'GET', url: '/api/health/details', headers: auth });
    expect(det.statusCode).toBe(503);
    const body = det.json() as { store: { lastError: { message: string; at: string }; consecutiveFailures: number }; checks: { store: { reason: string } } };
    expect(body.store.lastError.message).toMatch(/database or disk is full/);
    expect(Date.parse(body.store.lastError.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(body.store.consecutiveFailures).toBeGreaterThan(0);
    expect(body.checks.store.reason).toMatch(/write\(s\) failed/);
    const metrics = (await app.inject({ method: 'GET', url: '/metrics', headers: auth })).body;
    expect(metrics).toMatch(/^wardwatch_health_status 2$/m);
    expect(metrics).toMatch(/^wardwatch_store_consecutive_write_failures [1-9]/m);

    rt.store.db.pragma('max_page_count = 1073741823');
    expect((await ingest(authLines(2, 'carol', 'success'))).statusCode).toBe(202);
    const back = await app.inject({ method: 'GET', url: '/api/health' });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ status: 'ok', checks: { store: 'ok' } });
    const after = (await app.inject({ method: 'GET', url: '/api/health/details', headers: auth })).json() as { store: { lastError?: { message: string }; lastOkAt: string } };
    expect(after.store.lastError?.message).toMatch(/full/); // kept for the operator
    expect(after.store.lastOkAt).toBeDefined();
  });

  it('says degraded (still 200) while a source cannot reach its broker, naming the listener and the error in details only', async () => {
    const port = await closedPort();
    const def = sources.get('mqtt');
    mqtt = def.build(def.config.parse({ url: `mqtt://user:s3cret-pass@127.0.0.1:${port}`, topics: ['ward/#'], connectTimeoutMs: 300, reconnect: { minMs: 200, maxMs: 400 } }),
      { dataDir: tmp.dir, name: 'pumps', sink: rt.ingestor, telemetry: rt.telemetry.component('source', 'pumps'), log: () => {} });
    await mqtt.start();
    rt.health.addSource('pumps', 'mqtt', mqtt);
    const pub = await app.inject({ method: 'GET', url: '/api/health' });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ status: 'degraded', checks: { sources: 'degraded' } });
    expect(pub.body).not.toContain('pumps');
    const det = (await app.inject({ method: 'GET', url: '/api/health/details', headers: auth })).json() as { sources: Array<{ name: string; status: string; listeners: Array<{ endpoint: string; state: string; error?: string }> }> };
    const s = det.sources.find((x) => x.name === 'pumps')!;
    expect(s.status).toBe('degraded');
    expect(s.listeners[0]).toMatchObject({ endpoint: `mqtt://127.0.0.1:${port}`, state: expect.stringMatching(/connecting|reconnecting/), error: expect.stringMatching(/ECONNREFUSED/) });
    expect(JSON.stringify(det)).not.toContain('s3cret-pass');
  });
});
