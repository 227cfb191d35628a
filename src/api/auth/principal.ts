import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { SessionRepo } from '../../store/sqlite/sessions.js';
import type { Role, UserRepo } from '../../store/sqlite/users.js';
import { can, type Permission } from './roles.js';

/** Who is calling: a machine with a bearer token, or a person signed in to the console. */
export interface Principal {
  kind: 'token' | 'session';
  /** What the audit log records: the token name, or `user:<username>`. */
  actor: string;
  username: string;
  role: Role;
  userId?: number;
  sessionId?: string;
  csrf?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  /** Every route declares exactly one: `public: true`, or the permission it needs (see route-policy.ts). */
  interface FastifyContextConfig {
    public?: boolean;
    perm?: Permission;
    /** A TAXII 2.1 route: also takes HTTP Basic (an API token as the password); errors are TAXII error messages. */
    taxii?: boolean;
  }
}

export const SESSION_COOKIE = 'ww_session';
export const CSRF_COOKIE = 'ww_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * A browser request from another origin is refused: when `Origin` is sent (browsers send it on
 * every unsafe request) its host must be the `Host` the request came to.
 */
export function originMatches(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export interface AuthDeps {
  checkToken: (token: string) => string | undefined;
  users: UserRepo;
  sessions: SessionRepo;
}

type Refusal = { status: 401 | 403; error: string; message: string };

/**
 * Resolve the caller and check it holds `perm`, the permission the matched route declares.
 * Bearer tokens (machines) act as admin; with `basic` (TAXII routes, whose clients speak HTTP
 * Basic) an API token may also come as the Basic password, the user name being ignored;
 * cookie sessions (people) carry their role and, for unsafe methods, must send the session's
 * CSRF token in `X-CSRF-Token` (double submit: the browser reads it from the `ww_csrf` cookie)
 * from the same origin.
 */
export function authorize(req: FastifyRequest, deps: AuthDeps, perm: Permission, opts: { basic?: boolean } = {}): Principal | Refusal {
  const h = req.headers.authorization;
  let principal: Principal | undefined;
  if (h?.startsWith('Bearer ')) {
    const name = deps.checkToken(h.slice(7).trim());
    if (!name) return { status: 401, error: 'auth.unauthorized', message: 'the bearer token is not valid' };
    principal = { kind: 'token', actor: name, username: name, role: 'admin' };
  } else if (opts.basic && /^Basic /i.test(h ?? '')) {
    const pair = Buffer.from(h!.slice(6).trim(), 'base64').toString('utf8');
    const colon = pair.indexOf(':');
    const name = colon >= 0 ? deps.checkToken(pair.slice(colon + 1)) : undefined;
    if (!name) return { status: 401, error: 'auth.unauthorized', message: 'HTTP Basic needs an API token as the password' };
    principal = { kind: 'token', actor: name, username: name, role: 'admin' };
  } else {
    const sid = req.cookies?.[SESSION_COOKIE];
    const session = sid ? deps.sessions.get(sid) : undefined;
    const user = session ? deps.users.get(session.userId) : undefined;
    if (!sid || !session || !user || user.disabled) {
      return {
        status: 401, error: 'auth.unauthorized',
        message: sid ? 'the session has expired; sign in again' : 'sign in, or send Authorization: Bearer <token> (the admin token is printed at first start)',
      };
    }
    if (UNSAFE.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !same(sent, session.csrf) || !originMatches(req)) {
        return { status: 403, error: 'auth.csrf', message: 'missing or wrong X-CSRF-Token, or a cross-origin request' };
      }
    }
    principal = { kind: 'session', actor: `user:${user.username}`, username: user.username, role: user.role, userId: user.id, sessionId: sid, csrf: session.csrf };
  }
  if (!can(principal.role, perm)) {
    return { status: 403, error: 'auth.forbidden', message: `the ${principal.role} role may not do this (needs ${perm})` };
  }
  return principal;
}

/** Send a refusal in the API's error shape. */
export function refuse(reply: FastifyReply, r: Refusal): FastifyReply {
  if (r.status === 401) reply.header('WWW-Authenticate', 'Bearer realm="wardwatch"');
  return reply.code(r.status).send({ error: r.error, message: r.message });
}

/** The caller of an authenticated route (set by the auth hook). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new Error('route reached without a principal');
  return req.principal;
}
