import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.js';
import { ensureAdminToken } from '../src/api/tokens.js';
import { loadConfigObject } from '../src/pipeline/config-loader.js';
import { openRuntime, type Runtime } from '../src/pipeline/runtime.js';
import { TOKEN, auth, authLines, tempDir } from './helpers.js';

/** `POST /api/ingest` with an idempotency key: a resent batch is answered, not stored again. */
describe('HTTP ingest idempotency keys', () => {
  const tmp = tempDir();
  let rt: Runtime;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const loaded = loadConfigObject({
      sources: [], pipeline: { workers: 1 }, store: { ingestKeyTtl: '1h' },
      detectors: [{ type: 'auth.success_after_failures', failures: 5 }],
    });
    rt = await openRuntime(loaded, { dataDir: tmp.dir });
    ensureAdminToken(tmp.dir, TOKEN);
    const app = await buildApi(rt, { bodyLimitBytes: 2_000_000 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    close = async () => { await app.close(); await rt.close(); };
  });
  afterAll(async () => { await close(); tmp.cleanup(); });

  const post = (body: string, headers: Record<string, string> = {}, qs = '') =>
    fetch(`${url}/api/ingest${qs}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson', ...headers }, body });
  const count = (user: string) => rt.store.searchEvents({ entity: user, limit: 1000 }).items.length;

  it('stores a keyed batch once and replays the first answer for a resend', async () => {
    const body = [...authLines(3, 'kay', 'success'), '{broken'].join('\n');
    const first = await post(body, { 'idempotency-key': 'batch-0001' });
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotency-replayed')).toBeNull();
    const answer = await first.json();
    expect(answer).toEqual({ accepted: 4, events: 3, deadLetters: 1 });
    const again = await post(body, { 'idempotency-key': 'batch-0001' });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(await again.json()).toEqual(answer);
    // The `batch` parameter is the same key.
    const viaParam = await post(body, {}, '?batch=batch-0001');
    expect(viaParam.headers.get('idempotency-replayed')).toBe('true');
    expect(count('kay')).toBe(3);
    // The key row is in the store, committed with the events.
    expect(rt.store.batchKey('batch-0001', 0)).toMatchObject({ key: 'batch-0001', answer: JSON.stringify({ records: 4, events: 3, deadLetters: 1 }) });
  });

  it('refuses a key reused for a different body, and malformed keys', async () => {
    expect((await post(authLines(1, 'kim', 'success')[0]!, { 'idempotency-key': 'k-2' })).status).toBe(202);
    const other = await post(authLines(2, 'kim', 'success').join('\n'), { 'idempotency-key': 'k-2' });
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ error: 'ingest.key_reused' });
    for (const bad of ['', 'has space', 'x'.repeat(129), 'ünïcode', 'a\tb']) {
      const r = await fetch(`${url}/api/ingest?batch=${encodeURIComponent(bad)}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: '{}' });
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(((await r.json()) as { message: string }).message).toMatch(/idempotency key must be 1-128 characters/);
    }
    const differ = await post('{}', { 'idempotency-key': 'a' }, '?batch=b');
    expect(differ.status).toBe(400);
    expect(count('kim')).toBe(1);
  });

  it('stores concurrent sends of one key once', async () => {
    const body = authLines(50, 'concurrent', 'success').join('\n');
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(body, { 'idempotency-key': 'same-time' })));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(202));
    expect(answers.filter((r) => r.headers.get('idempotency-replayed') === 'true')).toHaveLength(7);
    expect(count('concurrent')).toBe(50);
  });

  it('keeps success_after_failures right when a batch of failures is resent', async () => {
    const t = Date.parse('2026-02-05T02:00:00Z');
    // Six failures 30 s apart (so no deduplication window hides a copy), then a success.
    const failures = authLines(6, 'nurse.k', 'failure', '198.51.100.7', t).map((l, i) => l.replace(/"@timestamp":"[^"]+"/, `"@timestamp":"${new Date(t + i * 30_000).toISOString()}"`));
    const success = authLines(1, 'nurse.k', 'success', '198.51.100.7', t + 200_000);
    expect((await post(failures.join('\n'), { 'idempotency-key': 'fail-batch' })).status).toBe(202);
    // The client did not see the answer (a crash): it sends the batch again.
    expect((await post(failures.join('\n'), { 'idempotency-key': 'fail-batch' })).headers.get('idempotency-replayed')).toBe('true');
    expect((await post(success.join('\n'), { 'idempotency-key': 'ok-batch' })).status).toBe(202);
    const end = Date.now() + 10_000;
    let titles: string[] = [];
    while (Date.now() < end) {
      titles = rt.store.listAlerts({ entity: 'nurse.k' }).items.map((a) => a.title);
      if (titles.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(titles).toEqual(['Successful login to "nurse.k" after 6 failures']);
    expect(count('nurse.k')).toBe(7);
  });
});
