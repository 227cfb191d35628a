import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN } from '../helpers.js';
import { PASSWORD, startHarness, type Harness } from './harness.js';

/**
 * Issue 12: sign-in took 200 wrong passwords in 2.5 s. Now failures are counted per account and
 * per client address (sliding windows); the account locks (423 + Retry-After, audited as
 * `login_locked`) and unlocks by time or by an admin; unknown names behave exactly like real ones.
 * The proxy is trusted here so each test can speak from its own client address.
 */
describe('sign-in brute force: lockout, throttling, unlock', () => {
  let h: Harness;
  const limits = { accountMaxFailures: 3, accountWindowMs: 60_000, lockoutMs: 120_000, ipMaxFailures: 6, ipWindowMs: 60_000 };
  beforeAll(async () => { h = await startHarness({ login: limits, trustProxy: '127.0.0.1' }); });
  afterAll(async () => { await h?.close(); });

  const login = (username: string, password: string, ip: string) =>
    h.send('POST', '/api/auth/login', { 'x-forwarded-for': ip }, JSON.stringify({ username, password }));

  it('locks an account after 3 failures, even for the right password, and audits it', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await login('ana', 'wrong-password', `10.1.0.${i}`)).status);
    expect(statuses).toEqual([401, 401, 423]);
    const right = await login('ana', PASSWORD, '10.1.0.9');
    expect(right.status).toBe(423);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(100);
    expect(JSON.parse(right.body)).toMatchObject({ error: 'auth.locked' });
    const locked = h.rt.store.listAudit(50).filter((a) => a.action === 'login_locked');
    expect(locked.map((a) => a.actor)).toContain('user:ana');
    // The admin sees the lock in the user list.
    const list = JSON.parse((await h.send('GET', '/api/users', { authorization: `Bearer ${TOKEN}` })).body) as { items: Array<{ username: string; lockedUntil: string | null }> };
    expect(list.items.find((u) => u.username === 'ana')?.lockedUntil).toBeTruthy();
  });

  it('answers an unknown user name exactly like a real one (no enumeration)', async () => {
    const real = [];
    const ghost = [];
    for (let i = 0; i < 4; i++) {
      real.push(await login('aud', 'wrong-password', `10.2.0.${i}`));
      ghost.push(await login('no-such-user', 'wrong-password', `10.3.0.${i}`));
    }
    expect(ghost.map((a) => a.status)).toEqual(real.map((a) => a.status));
    // Same bodies, up to the seconds left (which may differ by one between the two runs).
    const norm = (b: string) => b.replace(/\d+ s\b/, 'N s');
    expect(ghost.map((a) => norm(a.body))).toEqual(real.map((a) => norm(a.body)));
    expect(ghost.map((a) => a.headers['retry-after'] !== undefined)).toEqual(real.map((a) => a.headers['retry-after'] !== undefined));
    const actors = h.rt.store.listAudit(100).filter((a) => a.action === 'login_locked').map((a) => a.actor);
    expect(actors).toEqual(expect.arrayContaining(['user:aud', 'user:no-such-user']));
  });

  it('unlocks at once when an admin says so (audited), and the right password works again', async () => {
    const id = h.users.findForLogin('ana')!.user.id;
    const r = await h.send('POST', `/api/users/${id}/unlock`, { authorization: `Bearer ${TOKEN}` });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ username: 'ana', wasLocked: true });
    expect(h.rt.store.listAudit(20).find((a) => a.action === 'user_unlock')).toMatchObject({ actor: 'admin', target: 'user:ana' });
    expect((await login('ana', PASSWORD, '10.1.0.10')).status).toBe(200);
  });

  it('throttles one address that sprays many accounts (429 + Retry-After), not the others', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await login(`spray${i}`, 'wrong-password', '203.0.113.5')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    const blocked = await login('priv', PASSWORD, '203.0.113.5');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('priv', PASSWORD, '203.0.113.6')).status).toBe(200);
  });

  it('stops a 200-password brute force after 3 checked guesses', async () => {
    const counts = new Map<number, number>();
    for (let i = 0; i < 200; i++) {
      // Rotating addresses, so only the per-account limit is in play.
      const s = (await login('adm', `guess-${i}`, `10.9.${i >> 8}.${i & 255}`)).status;
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ 401: 2, 423: 198 });
    const failed = h.rt.store.listAudit(1000).filter((a) => a.action === 'login_failed' && a.actor === 'user:adm');
    expect(failed.length).toBe(3);
  });
});
