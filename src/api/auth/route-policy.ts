import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Permission } from './roles.js';

/** What a route declares about who may call it: exactly one of these in its `config`. */
export type RouteAccess = { public: true } | { perm: Permission };

interface Seen { method: string; url: string; declared: boolean }

/**
 * Deny by default, checked when the app is built: every route must declare `config.public` or
 * `config.perm`. Routes added by third-party plugins (the console's static files, Swagger UI)
 * get a declaration from `declaring()` for the duration of their registration, so nothing is
 * public by being forgotten.
 *
 * @example
 * const policy = routePolicy(app);
 * await policy.declaring({ public: true }, () => app.register(fastifyStatic, opts));
 * app.get('/api/x', { config: { perm: 'read' } }, handler);
 * policy.assertAllDeclared(); // throws, listing `GET /api/y` if that one declares nothing
 */
export function routePolicy(app: FastifyInstance): {
  declaring: (access: RouteAccess, register: () => PromiseLike<unknown>) => Promise<void>;
  assertAllDeclared: () => void;
  routes: () => readonly Seen[];
} {
  const seen: Seen[] = [];
  let current: RouteAccess | undefined;
  app.addHook('onRoute', (r: RouteOptions) => {
    // A route that declares its own access keeps it; only undeclared ones take the plugin's.
    if (current && !isDeclared(r.config)) r.config = { ...(r.config ?? {}), ...current } as typeof r.config;
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const method of methods) seen.push({ method, url: r.url, declared: isDeclared(r.config) });
  });
  return {
    async declaring(access, register) {
      current = access;
      try {
        await register();
      } finally {
        current = undefined;
      }
    },
    assertAllDeclared() {
      const bad = seen.filter((s) => !s.declared).map((s) => `${s.method} ${s.url}`);
      if (bad.length) {
        throw new Error(`routes without a declared permission (add config: { perm } or config: { public: true }): ${bad.join(', ')}`);
      }
    },
    routes: () => seen,
  };
}

function isDeclared(config: unknown): boolean {
  const c = config as { public?: unknown; perm?: unknown } | undefined;
  return c?.public === true || typeof c?.perm === 'string';
}
