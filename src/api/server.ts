import { deviceRoutes } from './routes/devices.js';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { WardError, type WardErrorCode } from '../core/errors.js';
import type { Runtime } from '../pipeline/runtime.js';
import { ResponseEngine, auditTo } from '../respond/index.js';
import { VERSION } from '../version.js';
import { existsSync } from 'node:fs';
import type { SecureContextOptions, TlsOptions } from 'node:tls';
import { join } from 'node:path';
import { SessionRepo } from '../store/sqlite/sessions.js';
import { ConsoleQueries } from '../store/sqlite/overview.js';
import { RuleSettingsRepo, TriageRepo } from '../store/sqlite/triage.js';
import { UserRepo } from '../store/sqlite/users.js';
import { DEFAULT_LOGIN_LIMITS, LoginGuard, type LoginLimits } from './auth/login-guard.js';
import { ambiguousPath, areaOf } from './auth/paths.js';
import { authorize, refuse } from './auth/principal.js';
import { routePolicy } from './auth/route-policy.js';
import { openCounts } from './open-counts.js';
import { alertRoutes } from './routes/alerts.js';
import { authRoutes } from './routes/auth.js';
import { breachRoutes } from './routes/breach.js';
import { privacyRoutes } from './routes/privacy.js';
import { consoleRoutes } from './routes/console.js';
import { eventRoutes } from './routes/events.js';
import { ingestRoutes } from './routes/ingest.js';
import { incidentRoutes } from './routes/incidents.js';
import { respondRoutes } from './routes/respond.js';
import { alertActionRoutes } from './routes/respond-manual.js';
import { foreseeRoutes } from './routes/foresee.js';
import { complianceRoutes } from './routes/compliance.js';
import { ehrTemplateRoutes } from './routes/ehr-templates.js';
import { streamRoutes } from './routes/stream.js';
import { systemRoutes } from './routes/system.js';
import { TaxiiError } from '../intel/taxii/errors.js';
import { sendTaxiiError, taxiiRoutes, type TaxiiOptions } from './routes/taxii.js';
import { intelShareRoutes } from './routes/intel-share.js';
import { triageRoutes } from './routes/triage.js';
import { securityHeaders } from './security-headers.js';
import { tokenChecker } from './tokens.js';

const STATUS: Partial<Record<WardErrorCode, number>> = {
  'request.invalid': 400,
  'config.unknown_component': 400,
  'config.invalid': 400,
  'auth.unauthorized': 401,
  'auth.forbidden': 403,
  conflict: 409,
  not_found: 404,
  'ingest.too_large': 413,
  'ingest.busy': 429,
  'ingest.unavailable': 503,
};

// Matched against the ROUTE the router chose (e.g. `/api/entities/:type/:id`), never the raw URL,
// so `/%61pi/events` is audited like `/api/events`.
const AUDITED = /^\/api\/(events|alerts|dead-letters|entities)(\/|$)/;
const NOT_AUDITED = /^\/api\/alerts\/(stream|counts)$/;
const DOCS = '/api/docs';

export interface ApiOptions {
  bodyLimitBytes: number;
  logger?: boolean | { level: string };
  /** Directory of the built console (index.html); served at `/` when given and present. */
  webRoot?: string;
  /** Fastify's `trustProxy` (config `api.trustProxy`): which proxies' `X-Forwarded-*` headers to believe. */
  trustProxy?: boolean | string | string[];
  /** Sign-in brute-force limits (config `api.login`). */
  login?: LoginLimits;
  /** Serve HTTPS with these TLS options (certificate and key loaded by the caller). */
  https?: TlsOptions & SecureContextOptions;
  /** The response engine `serve` runs (else one in the configured mode, not subscribed to alerts). */
  respond?: ResponseEngine;
  /** The TAXII 2.1 server's settings (largest envelope, STIX schema folder). */
  taxii?: TaxiiOptions;
}

/**
 * The HTTP API: every route except `/api/health`, sign-in, the API docs and the console's static
 * files needs `Authorization: Bearer <token>` (machines, acting as admin) or a console session
 * cookie (people, with their role). Access is decided per ROUTE, after routing, from what the
 * route declares (`config.perm` or `config.public`); a route that declares neither fails the
 * build of the app, and is refused at run time should one slip in (deny by default).
 * Ambiguous paths (`//`, dot segments, `;`, a raw backslash) are refused with 400 before any handler.
 * Request data is validated with zod; the OpenAPI document is served at `/api/docs`.
 */
export async function buildApi(rt: Runtime, opts: ApiOptions): Promise<FastifyInstance> {
  // With `https` Fastify's type becomes an https server instance; the routes do not care which.
  const app = Fastify({
    ...(opts.https ? { https: opts.https } : {}),
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimitBytes,
    // Validation is zod's job (see validate.ts); the JSON schemas only document the API.
    ajv: { customOptions: { strict: false } },
    // Routing is exact, deliberately: no trailing-slash, duplicate-slash or case folding (and `;` is
    // not a delimiter, Fastify 5's default). Anything else is a 404, or a 400 for the ambiguous
    // forms (see auth/paths.ts), so no spelling of a path reaches a route the check did not see.
    routerOptions: { ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, caseSensitive: true },
    trustProxy: opts.trustProxy ?? false,
  }) as unknown as FastifyInstance;
  const policy = routePolicy(app);
  app.setValidatorCompiler(() => () => true);

  const users = new UserRepo(rt.store.db);
  const sessions = new SessionRepo(rt.store.db);
  const triage = new TriageRepo(rt.store.db);
  const queries = new ConsoleQueries(rt.store.db);
  const counts = openCounts(rt, triage);
  app.addHook('onClose', async () => counts.close());
  const deps = { checkToken: tokenChecker(rt.dataDir), users, sessions };
  const guard = new LoginGuard(opts.login ?? DEFAULT_LOGIN_LIMITS);
  await app.register(cookie);
  securityHeaders(app, DOCS);
  app.addHook('onRequest', async (req, reply) => {
    const odd = ambiguousPath(req.url);
    if (odd) return reply.code(400).send({ error: 'request.invalid_path', message: `refused: ${odd}` });
    // Unmatched requests go to the not-found handler, which answers 404 and shows nothing.
    if (req.is404) return undefined;
    // `/api/alerts/` matches `/api/alerts/:id` with an empty id: that is a trailing slash, not a route.
    if (Object.entries((req.params ?? {}) as Record<string, unknown>).some(([k, v]) => v === '' && k !== '*')) {
      return reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${decodedPath(req.url).slice(0, 200)}` });
    }
    // Decided on the route the router matched (on the decoded path), never on the raw URL.
    const config = req.routeOptions.config;
    if (config?.public === true) return undefined;
    if (!config?.perm) {
      req.log.error(`route ${req.method} ${req.routeOptions.url} declares no permission; refused`);
      return reply.code(403).send({ error: 'auth.forbidden', message: 'this route declares no permission, so it is refused' });
    }
    const who = authorize(req, deps, config.perm, { basic: config.taxii === true });
    if ('status' in who) return config.taxii ? sendTaxiiError(reply, new TaxiiError(who.status, who.status === 401 ? 'Unauthorized' : 'Forbidden', who.message)) : refuse(reply, who);
    req.principal = who;
    return undefined;
  });

  // `/api/ingest` takes JSON bodies as text (see routes/ingest.ts); every other route gets them parsed.
  app.addHook('preValidation', async (req) => {
    if (typeof req.body !== 'string' || req.routeOptions.url === '/api/ingest') return;
    if (!(req.headers['content-type'] ?? '').includes('json')) return;
    try {
      req.body = req.body.length ? JSON.parse(req.body) : undefined;
    } catch {
      throw new WardError('request.invalid', 'the body is not valid JSON', 'body');
    }
  });

  // Latency per route pattern (never the raw URL: unmatched paths are one label, not thousands).
  app.addHook('onResponse', async (req, reply) => {
    const route = req.is404 ? 'unmatched' : (req.routeOptions.url ?? 'unmatched');
    rt.telemetry.httpSeconds.observe({ method: req.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  // Every read of stored data is written to the audit log: who, what, when.
  app.addHook('onResponse', async (req, reply) => {
    const actor = req.principal?.actor;
    const route = req.routeOptions.url ?? '';
    if (!actor || req.method !== 'GET' || reply.statusCode >= 400 || !AUDITED.test(route) || NOT_AUDITED.test(route)) return;
    rt.store.audit({ time: new Date().toISOString(), actor, action: 'read', target: decodedPath(req.url), detail: { route, query: req.query as Record<string, unknown> } });
  });

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof WardError) {
      const status = STATUS[err.code] ?? 500;
      return reply.code(status).send({ error: err.code, message: err.message, ...(err.where ? { where: err.where } : {}) });
    }
    const e = err as { statusCode?: number; code?: string; message: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ error: 'ingest.too_large', message: `body larger than the ${opts.bodyLimitBytes}-byte limit; split the batch` });
    }
    if (e.statusCode && e.statusCode < 500) {
      return reply.code(e.statusCode).send({ error: 'request.invalid', message: e.message });
    }
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });

  await policy.declaring({ public: true }, () => app.register(swagger, {
    openapi: {
      info: { title: 'Wardwatch API', version: VERSION, description: 'Security monitoring for hospitals and clinics.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  }));
  // The API description is public (it is in the open-source repository anyway); it holds no data.
  await policy.declaring({ public: true }, () => app.register(swaggerUi, { routePrefix: DOCS, uiConfig: { validatorUrl: null } }));

  systemRoutes(app, rt);
  ingestRoutes(app, rt);
  eventRoutes(app, rt);
  alertRoutes(app, rt, triage, queries, counts.get);
  authRoutes(app, rt, users, sessions, guard);
  triageRoutes(app, rt, triage, counts.invalidate);
  incidentRoutes(app, rt, triage, counts.invalidate);
  breachRoutes(app, rt);
  privacyRoutes(app, rt);
  consoleRoutes(app, rt, queries, triage, new RuleSettingsRepo(rt.store.db), counts.get);
  streamRoutes(app, rt);
  foreseeRoutes(app, rt);
  deviceRoutes(app, rt);
  complianceRoutes(app, rt);
  ehrTemplateRoutes(app, rt);
  taxiiRoutes(app, rt, opts.taxii);
  intelShareRoutes(app, rt);
  const engine = opts.respond ?? new ResponseEngine({ settings: rt.loaded.config.respond, playbooks: [], db: rt.store.db, audit: auditTo(rt.store.db) });
  respondRoutes(app, engine, rt.loaded.config.respond);
  alertActionRoutes(app, engine, (id) => rt.store.getAlert(id));

  const web = opts.webRoot && existsSync(join(opts.webRoot, 'index.html')) ? opts.webRoot : undefined;
  if (web) {
    // The console's files are public: they hold no data, and the sign-in page is one of them.
    await policy.declaring({ public: true }, () => app.register(fastifyStatic, { root: web, wildcard: true, index: 'index.html' }));
  }
  // Client-side routes (/alerts/…, /entities/…) get the app shell; anything aimed at the API or
  // metrics — however it is spelled (`/API/x`, `/%61pi/x`, `/api/x/`) — is a plain 404.
  app.setNotFoundHandler((req, reply) => {
    if (web && (req.method === 'GET' || req.method === 'HEAD') && areaOf(req.url) === 'console') {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    if (areaOf(req.url) === 'taxii') {
      return sendTaxiiError(reply, new TaxiiError(404, 'Not found', `no TAXII endpoint ${req.method} ${decodedPath(req.url).slice(0, 200)}`));
    }
    return reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${decodedPath(req.url).slice(0, 200)}` });
  });
  policy.assertAllDeclared();
  return app;
}

/** The request path without the query, percent-decoded when it decodes. */
function decodedPath(url: string): string {
  const p = url.split('?')[0]!;
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}
