import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Runtime } from '../../pipeline/runtime.js';
import { principalOf } from '../auth/principal.js';
import { auditEhrView, isEhrEvent } from '../ehr-audit.js';
import { deadLetterRoutes } from './dead-letters.js';
import { isoTime, jsonSchema, validate } from '../validate.js';

export const eventsQuery = z.strictObject({
  from: isoTime.optional(),
  to: isoTime.optional(),
  /** A user name, host name or IP address. */
  entity: z.string().optional(),
  /** ECS event.category, e.g. `authentication`. */
  category: z.string().optional(),
  /** Free text, matched in the message and the raw record. */
  q: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().optional(),
});

/** `GET /api/events`: search stored events, newest first, with cursor paging; and the dead-letter routes. */
export function eventRoutes(app: FastifyInstance, rt: Runtime): void {
  app.get('/api/events', {
    schema: { summary: 'Search events', tags: ['events'], querystring: jsonSchema(eventsQuery) },
    config: { perm: 'read' },
  }, async (req) => {
    const q = validate(eventsQuery, req.query, 'query');
    const page = rt.store.searchEvents({
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
      ...(q.entity ? { entity: q.entity } : {}),
      ...(q.category ? { category: q.category } : {}),
      ...(q.q ? { text: q.q } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
      limit: q.limit,
    });
    const items = page.items.map((s) => s.event);
    auditEhrView(rt.store, principalOf(req), 'view_ehr_events', items.filter(isEhrEvent).map((e) => e.event.id ?? ''), 'event-search');
    return { items, next: page.next ?? null };
  });

  // Kept here so the server's route list stays as it is; the routes are in dead-letters.ts.
  deadLetterRoutes(app, rt);
}
