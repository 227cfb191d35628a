import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { WardError } from '../../core/errors.js';
import type { Runtime } from '../../pipeline/runtime.js';
import { isoTime, jsonSchema, validate } from '../validate.js';

export const alertsQuery = z.strictObject({
  from: isoTime.optional(),
  to: isoTime.optional(),
  /** Comma-separated severities, e.g. `high,critical`. */
  severity: z.string().regex(/^(low|medium|high|critical)(,(low|medium|high|critical))*$/).optional(),
  detector: z.string().optional(),
  entity: z.string().optional(),
  status: z.enum(['open', 'acknowledged', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().optional(),
});

/** `GET /api/alerts` and `GET /api/alerts/:id` (with the evidence events). */
export function alertRoutes(app: FastifyInstance, rt: Runtime): void {
  app.get('/api/alerts', {
    schema: { summary: 'List alerts, newest first', tags: ['alerts'], querystring: jsonSchema(alertsQuery) },
  }, async (req) => {
    const q = validate(alertsQuery, req.query, 'query');
    const page = rt.store.listAlerts({
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
      ...(q.severity ? { severity: q.severity.split(',') as Array<'low' | 'medium' | 'high' | 'critical'> } : {}),
      ...(q.detector ? { detector: q.detector } : {}),
      ...(q.entity ? { entity: q.entity } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
      limit: q.limit,
    });
    return { items: page.items, next: page.next ?? null };
  });

  app.get('/api/alerts/:id', {
    schema: { summary: 'One alert with its explanation and evidence events', tags: ['alerts'] },
  }, async (req) => {
    const { id } = validate(z.object({ id: z.string().min(1).max(100) }), req.params, 'params');
    const alert = rt.store.getAlert(id);
    if (!alert) throw new WardError('not_found', `no alert with id ${id}`, 'params.id');
    return { alert, evidence: rt.store.getEvents(alert.explanation.evidence) };
  });
}
