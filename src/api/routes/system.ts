import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../pipeline/runtime.js';
import { VERSION } from '../../version.js';

/**
 * Health (public summary, detail for signed-in callers), pipeline telemetry and Prometheus metrics.
 *
 * `/api/health` answers without credentials, so it names only statuses — no error texts, paths,
 * addresses or counts that could help an attacker or carry data. `503` means "failing" (the
 * store cannot write, detection stopped, or shutting down): a load balancer takes the node out.
 * `degraded` (a listener down, drops in the last five minutes, detector lag, back-pressure)
 * still answers `200`: the node works, an operator should look at `/api/health/details`.
 */
export function systemRoutes(app: FastifyInstance, rt: Runtime): void {
  const started = Date.now();
  app.get('/api/health', {
    schema: { summary: 'Liveness and readiness: ok / degraded (200) or failing (503); no token needed', tags: ['system'] },
    config: { public: true },
  }, async (_req, reply) => {
    const h = rt.health.report();
    return reply.code(h.status === 'failing' ? 503 : 200).header('cache-control', 'no-store').send({
      status: h.status,
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      ingest: h.ingest.admission,
      checks: Object.fromEntries(Object.entries(h.checks).map(([k, c]) => [k, c.status])),
    });
  });

  app.get('/api/health/details', {
    schema: { summary: 'Health with reasons: store write errors, detector lag, listener states, drops', tags: ['system'] },
    config: { perm: 'read' },
  }, async (_req, reply) => {
    const h = rt.health.report();
    return reply.code(h.status === 'failing' ? 503 : 200).header('cache-control', 'no-store').send({
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      ...h,
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
  }, async (_req, reply) => {
    // Listener states refresh kernel UDP drop counters, so a scrape sees the current count.
    rt.health.report();
    return reply.type('text/plain; version=0.0.4').send(await rt.telemetry.prometheus());
  });
}
