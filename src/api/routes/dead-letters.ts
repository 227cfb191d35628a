import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isSealedText, sealerFor } from '../../enrich/pseudonymise/index.js';
import type { Runtime } from '../../pipeline/runtime.js';
import type { DeadLetterRow } from '../../store/store.js';
import { principalOf } from '../auth/principal.js';
import { validate } from '../validate.js';

/** Quoted fragments of a record that parse errors may echo (`unreadable timestamp "…"`). */
const QUOTED = /"(?:[^"\\]|\\.)*"/g;

/**
 * What any reader sees of a dead letter: where it came from, why it failed, its size, and its
 * bytes only when they are not sealed. A sealed letter's reason has quoted fragments of the
 * record blanked, since a parser's message may echo a few characters of it.
 */
function summary(d: DeadLetterRow) {
  const sealed = isSealedText(d.data);
  return {
    id: d.id,
    receivedAt: d.receivedAt,
    source: d.source,
    ...(d.offset !== undefined ? { offset: d.offset } : {}),
    parser: d.parser,
    reason: sealed ? d.reason.replace(QUOTED, '"…"') : d.reason,
    sealed,
    // Size of what is stored (sealed text is about 4/3 of the record plus 39 characters).
    size: Buffer.byteLength(d.data),
    ...(sealed ? {} : { data: d.data }),
  };
}

/**
 * `GET /api/dead-letters` (`read`): every reader sees each record's source, reason, parser,
 * size and time, and the raw bytes only of records that were not sealed (formats that cannot
 * carry patient data). `POST /api/dead-letters/:id/raw` (`reveal`, the privacy officer): opens a
 * sealed record, with a stated reason, audited as `view_dead_letter_raw` before anything is
 * decrypted.
 */
export function deadLetterRoutes(app: FastifyInstance, rt: Runtime): void {
  app.get('/api/dead-letters', {
    schema: { summary: 'Records that could not be parsed, with the reason (sealed bytes withheld)', tags: ['events'] },
    config: { perm: 'read' },
  }, async (req) => {
    const { limit } = validate(z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }), req.query, 'query');
    return { items: rt.store.listDeadLetters(limit).map(summary) };
  });

  app.post('/api/dead-letters/:id/raw', {
    schema: { summary: 'Open the raw bytes of a dead letter (privacy officer only; every opening audited)', tags: ['events'] },
    config: { perm: 'reveal' },
  }, async (req, reply) => {
    const { id } = validate(z.object({ id: z.coerce.number().int().min(1) }), req.params, 'params');
    const { reason } = validate(z.strictObject({ reason: z.string().min(5, 'give a reason (at least 5 characters)').max(1000) }), req.body, 'body');
    const who = principalOf(req);
    const d = rt.store.getDeadLetter(id);
    rt.store.audit({
      time: new Date().toISOString(), actor: who.actor, action: 'view_dead_letter_raw', target: `dead-letter:${id}`,
      detail: { role: who.role, reason, found: d !== undefined, ...(d ? { parser: d.parser, source: d.source } : {}) },
    });
    if (!d) return reply.code(404).send({ error: 'not_found', message: `no dead letter ${id}; the attempt was recorded in the audit log` });
    let data = d.data;
    if (isSealedText(d.data)) {
      try {
        data = sealerFor(rt.dataDir).open(d.data);
      } catch {
        return reply.code(409).send({ error: 'request.invalid', message: `dead letter ${id} was sealed with another key (was the data directory's secret replaced?)` });
      }
    }
    return { ...summary(d), reason: d.reason, data };
  });
}
