import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/server.js';
import { ensureAdminToken } from '../../src/api/tokens.js';
import { hashPassword } from '../../src/api/auth/passwords.js';
import { loadConfigObject } from '../../src/pipeline/config-loader.js';
import { openRuntime, type Runtime } from '../../src/pipeline/runtime.js';
import { UserRepo } from '../../src/store/sqlite/users.js';
import { TOKEN, tempDir } from '../helpers.js';
import http from 'node:http';

/**
 * Issue 12, finding 1: the auth hook looked at the raw URL (`/%61pi/…` does not start with
 * `/api/`) while the router decoded it, so these reached the handlers with no credentials.
 * Kept on the plain `buildApi(rt, { bodyLimitBytes })` call so it also runs against the old code.
 */
describe('percent-encoded paths get the same checks as the plain ones', () => {
  const tmp = tempDir('ww-bypass-');
  let rt: Runtime;
  let port = 0;
  let close: () => Promise<void>;
  const send = (method: string, path: string, headers: Record<string, string> = {}, body?: string) => new Promise<number>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: body ? { 'content-type': 'application/json', ...headers } : headers }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode!)); });
    req.on('error', reject);
    req.end(body);
  });

  beforeAll(async () => {
    rt = await openRuntime(loadConfigObject({ sources: [], pipeline: { workers: 0 } }), { dataDir: tmp.dir });
    ensureAdminToken(tmp.dir, TOKEN);
    new UserRepo(rt.store.db).create('admin', 'admin', await hashPassword('bypass-test-password'));
    const app = await buildApi(rt, { bodyLimitBytes: 1_000_000 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
    close = async () => { await app.close(); await rt.close(); };
  });
  afterAll(async () => { await close(); tmp.cleanup(); });

  it('refuses reads of users, audit, overview and metrics without credentials', async () => {
    for (const p of ['/%61pi/users', '/%61pi/audit', '/%61pi/overview', '/metric%73', '/%61pi/events', '/%61%70%69/users']) {
      expect(await send('GET', p), p).toBe(401);
    }
  });

  it('creates no admin and disables nobody without credentials', async () => {
    const users = new UserRepo(rt.store.db);
    const created = await send('POST', '/%61pi/users', {}, JSON.stringify({ username: 'mallory', role: 'admin', password: 'mallory-password-123' }));
    expect(created).toBe(401);
    expect(users.findForLogin('mallory')).toBeUndefined();
    expect(await send('PATCH', '/%61pi/users/1', {}, JSON.stringify({ disabled: true }))).toBe(401);
    expect(users.get(1)?.disabled).toBe(false);
    expect(await send('POST', '/%61pi/ingest', {}, '{"message":"x"}')).toBe(401);
  });

  it('audits a read however its path is spelled', async () => {
    expect(await send('GET', '/%61pi/%65vents?limit=5', { authorization: `Bearer ${TOKEN}` })).toBe(200);
    const reads = rt.store.listAudit(50).filter((a) => a.action === 'read');
    expect(reads.map((a) => a.target)).toContain('/api/events');
  });
});
