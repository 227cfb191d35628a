import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { WardError, type WardErrorCode } from '../core/errors.js';
import type { Runtime } from '../pipeline/runtime.js';
import { VERSION } from '../version.js';
import { alertRoutes } from './routes/alerts.js';
import { eventRoutes } from './routes/events.js';
import { ingestRoutes } from './routes/ingest.js';
import { systemRoutes } from './routes/system.js';
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

const AUDITED = /^\/api\/(events|alerts|dead-letters)(\/|\?|$)/;

export interface ApiOptions {
  bodyLimitBytes: number;
  logger?: boolean | { level: string };
}

/**
 * The HTTP API: every route except `/api/health` needs `Authorization: Bearer <token>`.
 * Request data is validated with zod; the OpenAPI document is served at `/api/docs`.
 */
export async function buildApi(rt: Runtime, opts: ApiOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimitBytes,
    // Validation is zod's job (see validate.ts); the JSON schemas only document the API.
    ajv: { customOptions: { strict: false } },
  });
  app.setValidatorCompiler(() => () => true);

  const check = tokenChecker(rt.dataDir);
  const actors = new WeakMap<object, string>();
  app.addHook('onRequest', async (req, reply) => {
    if ((req.routeOptions.config as { public?: boolean } | undefined)?.public) return;
    const h = req.headers.authorization;
    const token = h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
    const actor = token ? check(token) : undefined;
    if (!token || !actor) {
      return reply.code(401).header('WWW-Authenticate', 'Bearer realm="wardwatch"').send({
        error: 'auth.unauthorized',
        message: token ? 'the bearer token is not valid' : 'send Authorization: Bearer <token> (the admin token is printed at first start)',
      });
    }
    actors.set(req, actor);
    return undefined;
  });

  // Every read of stored data is written to the audit log: who, what, when.
  app.addHook('onResponse', async (req, reply) => {
    const actor = actors.get(req);
    if (!actor || req.method !== 'GET' || reply.statusCode >= 400 || !AUDITED.test(req.url)) return;
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
  alertRoutes(app, rt);
  return app;
}
