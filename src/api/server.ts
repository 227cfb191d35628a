import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { WardError, type WardErrorCode } from '../core/errors.js';
import type { Runtime } from '../pipeline/runtime.js';
import { VERSION } from '../version.js';
import { existsSync } from 'node:fs';
import type { SecureContextOptions, TlsOptions } from 'node:tls';
import { join } from 'node:path';
import { SessionRepo } from '../store/sqlite/sessions.js';
import { ConsoleQueries } from '../store/sqlite/overview.js';
import { RuleSettingsRepo, TriageRepo } from '../store/sqlite/triage.js';
import { UserRepo } from '../store/sqlite/users.js';
import { authorize, refuse } from './auth/principal.js';
import { openCounts } from './open-counts.js';
import { alertRoutes } from './routes/alerts.js';
import { authRoutes } from './routes/auth.js';
import { consoleRoutes } from './routes/console.js';
import { eventRoutes } from './routes/events.js';
import { ingestRoutes } from './routes/ingest.js';
import { streamRoutes } from './routes/stream.js';
import { systemRoutes } from './routes/system.js';
import { triageRoutes } from './routes/triage.js';
import { tokenChecker } from './tokens.js';

const STATUS: Partial<Record<WardErrorCode, number>> = {
  'request.invalid': 400,
  'config.unknown_component': 400,
  'config.invalid': 400,
  'auth.unauthorized': 401,
  not_found: 404,
  'ingest.too_large': 413,
  'ingest.busy': 429,
  'ingest.unavailable': 503,
};

const AUDITED = /^\/api\/(events|alerts|dead-letters|entities)(\/|\?|$)/;
const NOT_AUDITED = /^\/api\/alerts\/(stream|counts)/;

export interface ApiOptions {
  bodyLimitBytes: number;
  logger?: boolean | { level: string };
  /** Directory of the built console (index.html); served at `/` when given and present. */
  webRoot?: string;
  /** Serve HTTPS with these TLS options (certificate and key loaded by the caller). */
  https?: TlsOptions & SecureContextOptions;
}

/**
 * The HTTP API: every route except `/api/health` and sign-in needs `Authorization: Bearer <token>`
 * (machines, acting as admin) or a console session cookie (people, with their role). Each route
 * declares the permission it needs (`config.perm`); see `auth/roles.ts`.
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
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(() => () => true);

  const users = new UserRepo(rt.store.db);
  const sessions = new SessionRepo(rt.store.db);
  const triage = new TriageRepo(rt.store.db);
  const queries = new ConsoleQueries(rt.store.db);
  const counts = openCounts(rt, triage);
  app.addHook('onClose', async () => counts.close());
  const deps = { checkToken: tokenChecker(rt.dataDir), users, sessions };
  await app.register(cookie);
  app.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.config?.public) return undefined;
    // The console's static files are public; the API and metrics are not.
    const path = req.url;
    if (!path.startsWith('/api/') && path !== '/api' && !path.startsWith('/metrics')) return undefined;
    const who = authorize(req, deps);
    if ('status' in who) return refuse(reply, who);
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

  // Every read of stored data is written to the audit log: who, what, when.
  app.addHook('onResponse', async (req, reply) => {
    const actor = req.principal?.actor;
    if (!actor || req.method !== 'GET' || reply.statusCode >= 400 || !AUDITED.test(req.url) || NOT_AUDITED.test(req.url)) return;
    rt.store.audit({ time: new Date().toISOString(), actor, action: 'read', target: req.url.split('?')[0]!, detail: { query: req.query as Record<string, unknown> } });
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

  await app.register(swagger, {
    openapi: {
      info: { title: 'Wardwatch API', version: VERSION, description: 'Security monitoring for hospitals and clinics.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  systemRoutes(app, rt);
  ingestRoutes(app, rt);
  eventRoutes(app, rt);
  alertRoutes(app, rt, triage, queries, counts.get);
  authRoutes(app, rt, users, sessions);
  triageRoutes(app, rt, triage, counts.invalidate);
  consoleRoutes(app, rt, queries, triage, new RuleSettingsRepo(rt.store.db), counts.get);
  streamRoutes(app, rt);

  if (opts.webRoot && existsSync(join(opts.webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: opts.webRoot, wildcard: true, index: 'index.html' });
    // Client-side routes (/alerts/…, /entities/…) get the app shell; unknown API paths stay 404.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api') && !req.url.startsWith('/metrics')) {
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      }
      return reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
    });
  }
  return app;
}
