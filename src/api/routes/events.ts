import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isSealedText, sealerFor } from '../../enrich/pseudonymise/index.js';
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

/**
 * `GET /api/events`: search stored events, newest first, with cursor paging. `POST
 * /api/events/:id/email` (`reveal`, the privacy officer): opens the sealed subject, bodies and
 * URLs of a stored e-mail with a stated reason, audited as `view_email_message` first. And the
 * dead-letter routes.
 */
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

  app.post('/api/events/:id/email', {
    schema: { summary: 'Open the sealed subject, bodies and URLs of a stored e-mail (privacy officer only; every opening audited)', tags: ['events'] },
    config: { perm: 'reveal' },
  }, async (req, reply) => {
    const { id } = validate(z.object({ id: z.string().min(1).max(200) }), req.params, 'params');
    const { reason } = validate(z.strictObject({ reason: z.string().min(5, 'give a reason (at least 5 characters)').max(1000) }), req.body, 'body');
    const who = principalOf(req);
    const ev = rt.store.getEvents([id])[0];
    const sealed = (ev?.email as { body?: { sealed?: unknown } } | undefined)?.body?.sealed;
    // Audited before anything is decrypted, found or not.
    rt.store.audit({ time: new Date().toISOString(), actor: who.actor, action: 'view_email_message', target: `event:${id}`, detail: { role: who.role, reason, found: typeof sealed === 'string' } });
    if (typeof sealed !== 'string' || !isSealedText(sealed)) return reply.code(404).send({ error: 'not_found', message: `no sealed e-mail in event ${id}; the attempt was recorded in the audit log` });
    let message: unknown;
    try {
      message = JSON.parse(sealerFor(rt.dataDir).open(sealed));
    } catch {
      return reply.code(409).send({ error: 'request.invalid', message: `event ${id} was sealed with another key (was the data directory's secret replaced?)` });
    }
    return { id, message };
  });

  // Kept here so the server's route list stays as it is; the routes are in dead-letters.ts.
  deadLetterRoutes(app, rt);
}
