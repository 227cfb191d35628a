import type { FastifyInstance } from 'fastify';

/**
 * The console's Content-Security-Policy: scripts only from the console's own origin (no inline
 * script, no eval), no plugins, no framing. Inline *styles* stay allowed because the charts
 * (ECharts tooltips) write `style` attributes; styles cannot run code.
 */
export const CONSOLE_CSP = [
  "default-src 'self'", "script-src 'self'", "script-src-attr 'none'", "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'",
  "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/** Swagger UI (under `/api/docs`) additionally loads images as `data:`/`blob:` and the validator badge is off; still no inline script. */
export const DOCS_CSP = [
  "default-src 'self'", "script-src 'self'", "script-src-attr 'none'", "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'",
  "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/** One year, as browsers' preload lists expect. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on every answer (console files, API, errors, 404s). HSTS only when the request
 * came over TLS — directly or, with `api.trustProxy`, as the proxy says in `X-Forwarded-Proto` —
 * since a browser must never be told to insist on HTTPS by a plain-HTTP answer.
 * `docsPrefix` (Swagger UI) gets its own, scoped CSP.
 *
 * @example
 * securityHeaders(app, '/api/docs');
 */
export function securityHeaders(app: FastifyInstance, docsPrefix: string): void {
  app.addHook('onRequest', async (req, reply) => {
    const route = req.routeOptions.url ?? '';
    const docs = route === docsPrefix || route.startsWith(`${docsPrefix}/`);
    reply.header('content-security-policy', docs ? DOCS_CSP : CONSOLE_CSP);
    reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    if (req.protocol === 'https') reply.header('strict-transport-security', HSTS);
    // API answers carry alerts, events and audit data: never kept by a browser or shared cache.
    if (route.startsWith('/api/') && !docs) reply.header('cache-control', 'no-store');
  });
}
