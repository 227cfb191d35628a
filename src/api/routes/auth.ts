import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { WardError } from '../../core/errors.js';
import type { Runtime } from '../../pipeline/runtime.js';
import type { SessionRepo } from '../../store/sqlite/sessions.js';
import { ROLES, type UserRepo } from '../../store/sqlite/users.js';
import { MIN_PASSWORD, burnVerify, hashPassword, verifyPassword } from '../auth/passwords.js';
import type { LoginGuard } from '../auth/login-guard.js';
import { CSRF_COOKIE, SESSION_COOKIE, originMatches, principalOf } from '../auth/principal.js';
import { permissionsOf } from '../auth/roles.js';
import { jsonSchema, validate } from '../validate.js';

/** Sessions last a shift and a half; signing in again rotates the id. */
export const SESSION_TTL_MS = 12 * 3_600_000;

const login = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) });
const newUser = z.strictObject({
  username: z.string().regex(/^[a-z0-9._-]{2,64}$/, 'lower-case letters, digits, . _ - (2–64)'),
  role: z.enum(ROLES),
  password: z.string().min(MIN_PASSWORD, `at least ${MIN_PASSWORD} characters`).max(1000),
});
const passwordChange = z.strictObject({
  current: z.string().min(1).max(1000),
  password: z.string().min(MIN_PASSWORD, `at least ${MIN_PASSWORD} characters`).max(1000),
});
const userPatch = z.strictObject({
  role: z.enum(ROLES).optional(),
  disabled: z.boolean().optional(),
  password: z.string().min(MIN_PASSWORD).max(1000).optional(),
});

/**
 * Sign-in (rate-limited per account and per client address, see `LoginGuard`), sign-out, the
 * current user, and user administration (admin only).
 */
export function authRoutes(app: FastifyInstance, rt: Runtime, users: UserRepo, sessions: SessionRepo, guard: LoginGuard): void {
  app.post('/api/auth/login', {
    schema: { summary: 'Sign in: sets an HTTP-only session cookie and a CSRF cookie', tags: ['auth'], body: jsonSchema(login) },
    config: { public: true },
  }, async (req, reply) => {
    if (!originMatches(req)) return reply.code(403).send({ error: 'auth.csrf', message: 'cross-origin sign-in refused' });
    const body = validate(login, req.body, 'body');
    // Refused before the password is looked at, the same way whether or not the account exists.
    const block = guard.blocked(body.username, req.ip);
    if (block) return refuseLogin(reply, block.kind, block.retryAfterSeconds);
    const found = users.findForLogin(body.username);
    const ok = found && !found.user.disabled ? await verifyPassword(found.hash, body.password) : (await burnVerify(body.password), false);
    const now = new Date().toISOString();
    if (!ok || !found) {
      rt.store.audit({ time: now, actor: `user:${body.username}`, action: 'login_failed', detail: { ip: req.ip } });
      if (guard.failed(body.username, req.ip)) {
        const until = guard.lockedUntil(body.username);
        rt.store.audit({ time: now, actor: `user:${body.username}`, action: 'login_locked', target: `user:${body.username}`, detail: { ip: req.ip, until: until?.toISOString() } });
        return refuseLogin(reply, 'account_locked', Math.ceil(((until?.getTime() ?? Date.now()) - Date.now()) / 1000));
      }
      return reply.code(401).send({ error: 'auth.unauthorized', message: 'wrong user name or password' });
    }
    guard.succeeded(body.username);
    // Rotate: whatever session the browser held is dropped; a fresh id is issued.
    const old = req.cookies[SESSION_COOKIE];
    if (old) sessions.delete(old);
    sessions.purgeExpired();
    const s = sessions.create(found.user.id, SESSION_TTL_MS);
    const secure = req.protocol === 'https';
    const base = { path: '/', sameSite: 'strict' as const, secure, expires: new Date(s.expires) };
    reply.setCookie(SESSION_COOKIE, s.id, { ...base, httpOnly: true });
    reply.setCookie(CSRF_COOKIE, s.csrf, { ...base, httpOnly: false });
    rt.store.audit({ time: now, actor: `user:${found.user.username}`, action: 'login', detail: { ip: req.ip } });
    return { user: found.user, permissions: permissionsOf(found.user.role), csrf: s.csrf, expires: new Date(s.expires).toISOString() };
  });

  app.post('/api/auth/logout', {
    schema: { summary: 'Sign out (ends the session)', tags: ['auth'] },
    config: { perm: 'read' },
  }, async (req, reply) => {
    const p = principalOf(req);
    if (p.sessionId) sessions.delete(p.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
    rt.store.audit({ time: new Date().toISOString(), actor: p.actor, action: 'logout' });
    return { ok: true };
  });

  app.get('/api/auth/me', {
    schema: { summary: 'The signed-in user, role and permissions', tags: ['auth'] },
    config: { perm: 'read' },
  }, async (req) => {
    const p = principalOf(req);
    return { user: { username: p.username, role: p.role, kind: p.kind }, permissions: permissionsOf(p.role), csrf: p.csrf ?? null };
  });

  app.get('/api/users', { schema: { summary: 'Console users (with `lockedUntil` while sign-in is locked)', tags: ['auth'] }, config: { perm: 'admin' } },
    async () => ({ items: users.list().map((u) => ({ ...u, lockedUntil: guard.lockedUntil(u.username)?.toISOString() ?? null })) }));

  app.post('/api/users/:id/unlock', {
    schema: { summary: 'Lift a sign-in lockout now (audited)', tags: ['auth'] },
    config: { perm: 'admin' },
  }, async (req) => {
    const { id } = validate(z.object({ id: z.coerce.number().int() }), req.params, 'params');
    const user = users.get(id);
    if (!user) throw new WardError('not_found', `no user ${id}`, 'params.id');
    const wasLocked = guard.unlock(user.username);
    rt.store.audit({ time: new Date().toISOString(), actor: principalOf(req).actor, action: 'user_unlock', target: `user:${user.username}`, detail: { wasLocked } });
    return { username: user.username, wasLocked };
  });
  // Self-service: any signed-in console user (every role holds `read`) changes their own password.
  // API tokens have no password, so the route refuses them; the current password is checked
  // (a stolen session alone cannot lock the owner out), every session of the user ends, and this
  // browser gets a fresh one.
  app.post('/api/auth/password', {
    schema: { summary: 'Change your own password (current + new); ends your other sessions', tags: ['auth'], body: jsonSchema(passwordChange) },
    config: { perm: 'read' },
  }, async (req, reply) => {
    const p = principalOf(req);
    if (p.kind !== 'session' || p.userId === undefined) {
      return reply.code(403).send({ error: 'auth.forbidden', message: 'only a signed-in console user can change a password (API tokens have none)' });
    }
    const b = validate(passwordChange, req.body, 'body');
    const found = users.findForLogin(p.username);
    const now = new Date().toISOString();
    if (!found || found.user.disabled || !(await verifyPassword(found.hash, b.current))) {
      rt.store.audit({ time: now, actor: p.actor, action: 'password_change_failed', target: `user:${p.username}`, detail: { ip: req.ip } });
      return reply.code(400).send({ error: 'request.invalid', message: 'body.current: the current password is wrong' });
    }
    if (b.password === b.current) throw new WardError('request.invalid', 'the new password must differ from the current one', 'body.password');
    users.update(found.user.id, { passwordHash: await hashPassword(b.password) });
    sessions.deleteForUser(found.user.id);
    const s = sessions.create(found.user.id, SESSION_TTL_MS);
    const base = { path: '/', sameSite: 'strict' as const, secure: req.protocol === 'https', expires: new Date(s.expires) };
    reply.setCookie(SESSION_COOKIE, s.id, { ...base, httpOnly: true });
    reply.setCookie(CSRF_COOKIE, s.csrf, { ...base, httpOnly: false });
    rt.store.audit({ time: now, actor: p.actor, action: 'password_change', target: `user:${p.username}`, detail: { ip: req.ip } });
    return { ok: true, csrf: s.csrf, expires: new Date(s.expires).toISOString() };
  });


  app.post('/api/users', {
    schema: { summary: 'Create a console user', tags: ['auth'], body: jsonSchema(newUser) },
    config: { perm: 'admin' },
  }, async (req, reply) => {
    const b = validate(newUser, req.body, 'body');
    if (users.findForLogin(b.username)) throw new WardError('request.invalid', `user ${b.username} exists`, 'body.username');
    const user = users.create(b.username, b.role, await hashPassword(b.password));
    rt.store.audit({ time: new Date().toISOString(), actor: principalOf(req).actor, action: 'user_create', target: `user:${b.username}`, detail: { role: b.role } });
    return reply.code(201).send(user);
  });

  app.patch('/api/users/:id', {
    schema: { summary: 'Change a user\'s role, password or disable it (ends its sessions)', tags: ['auth'], body: jsonSchema(userPatch) },
    config: { perm: 'admin' },
  }, async (req) => {
    const { id } = validate(z.object({ id: z.coerce.number().int() }), req.params, 'params');
    const b = validate(userPatch, req.body, 'body');
    const user = users.get(id);
    if (!user) throw new WardError('not_found', `no user ${id}`, 'params.id');
    users.update(id, { ...(b.role ? { role: b.role } : {}), ...(b.disabled !== undefined ? { disabled: b.disabled } : {}), ...(b.password ? { passwordHash: await hashPassword(b.password) } : {}) });
    if (b.disabled || b.password || b.role) sessions.deleteForUser(id);
    // A password set by an admin is a fresh start for the account.
    if (b.password) guard.unlock(user.username);
    rt.store.audit({ time: new Date().toISOString(), actor: principalOf(req).actor, action: 'user_update', target: `user:${user.username}`, detail: { role: b.role, disabled: b.disabled, password: b.password ? 'changed' : undefined } });
    return users.get(id);
  });
}

/** 423 for a locked account, 429 for a throttled address; both say when to retry. */
function refuseLogin(reply: FastifyReply, kind: 'account_locked' | 'ip_throttled', retryAfterSeconds: number): FastifyReply {
  const wait = Math.max(1, retryAfterSeconds);
  return kind === 'account_locked'
    ? reply.code(423).header('Retry-After', String(wait)).send({ error: 'auth.locked', message: `too many failed sign-ins for this account: locked; try again in ${wait} s or ask an admin to unlock it` })
    : reply.code(429).header('Retry-After', String(wait)).send({ error: 'auth.rate_limited', message: `too many failed sign-ins from this address; try again in ${wait} s` });
}
