import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/api/auth/passwords.js';
import { buildApi } from '../src/api/server.js';
import { ensureAdminToken } from '../src/api/tokens.js';
import { loadConfigObject } from '../src/pipeline/config-loader.js';
import { openRuntime, type Runtime } from '../src/pipeline/runtime.js';
import { UserRepo } from '../src/store/sqlite/users.js';
import { TOKEN, auth, tempDir } from './helpers.js';

const OLD = 'first-password-123';
const NEW = 'second-password-456';

// The console's self-service password change (first start says "change it").
describe('POST /api/auth/password', () => {
  const tmp = tempDir();
  let rt: Runtime;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    rt = await openRuntime(loadConfigObject({ sources: [], pipeline: { workers: 0 } }), { dataDir: tmp.dir });
    ensureAdminToken(tmp.dir, TOKEN);
    new UserRepo(rt.store.db).create('ana', 'auditor', await hashPassword(OLD));
    const app = await buildApi(rt, { bodyLimitBytes: 1_000_000 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    close = async () => { await app.close(); await rt.close(); };
  });
  afterAll(async () => { await close(); tmp.cleanup(); });

  async function signIn(password: string): Promise<{ status: number; cookie: string; csrf: string }> {
    const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ana', password }) });
    const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const body = (await r.json()) as { csrf?: string };
    return { status: r.status, cookie, csrf: body.csrf ?? '' };
  }
  const change = (s: { cookie: string; csrf: string }, body: unknown) => fetch(`${url}/api/auth/password`, {
    method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });

  it('a user of the least role changes their own password: current checked, length enforced, other sessions end, audited', async () => {
    const other = await signIn(OLD);
    const mine = await signIn(OLD);
    expect((await change(mine, { current: 'wrong-password-000', password: NEW })).status).toBe(400);
    const short = await change(mine, { current: OLD, password: 'short' });
    expect(short.status).toBe(400);
    expect(await short.text()).toMatch(/at least 12/);
    expect((await change({ ...mine, csrf: '' }, { current: OLD, password: NEW })).status).toBe(403);

    const ok = await change(mine, { current: OLD, password: NEW });
    expect(ok.status).toBe(200);
    const fresh = ok.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(fresh).toMatch(/ww_session=/);
    // This browser keeps working with its new session; the other session is over.
    expect((await fetch(`${url}/api/auth/me`, { headers: { cookie: fresh } })).status).toBe(200);
    expect((await fetch(`${url}/api/auth/me`, { headers: { cookie: other.cookie } })).status).toBe(401);
    expect((await signIn(OLD)).status).toBe(401);
    expect((await signIn(NEW)).status).toBe(200);

    const audit = rt.store.db.prepare("SELECT actor, action, target FROM audit WHERE action LIKE 'password_change%' ORDER BY id").all();
    expect(audit).toEqual([
      { actor: 'user:ana', action: 'password_change_failed', target: 'user:ana' },
      { actor: 'user:ana', action: 'password_change', target: 'user:ana' },
    ]);
  });

  it('an API token has no password to change', async () => {
    const r = await fetch(`${url}/api/auth/password`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ current: OLD, password: NEW }) });
    expect(r.status).toBe(403);
  });
});
