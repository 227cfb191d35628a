import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../pipeline/runtime.js';
import { VERSION } from '../../version.js';

/** Health (public), pipeline telemetry and Prometheus metrics. */
export function systemRoutes(app: FastifyInstance, rt: Runtime): void {
  const started = Date.now();
  app.get('/api/health', {
    schema: { summary: 'Liveness and readiness (no token needed)', tags: ['system'] },
    config: { public: true },
  }, async (_req, reply) => {
    const admission = rt.ingestor.admission();
    return reply.code(admission === 'closed' ? 503 : 200).send({
      status: admission === 'closed' ? 'stopping' : 'ok',
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      ingest: admission,
    });
  });

  app.get('/api/pipeline', {
    schema: { summary: 'Per-component counters: received, emitted, dropped by reason, errors', tags: ['system'] },
    config: { perm: 'read' },
  }, async () => ({
    components: rt.telemetry.snapshot(),
    detection: { inflight: rt.detection.inflight, shards: rt.detection.shardCount },
    store: rt.store.counts(),
  }));

  app.get('/metrics', {
    schema: { summary: 'Prometheus metrics', tags: ['system'] },
    config: { perm: 'read' },
  }, async (_req, reply) => reply.type('text/plain; version=0.0.4').send(rt.telemetry.prometheus()));
}
