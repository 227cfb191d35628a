import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { WardError } from '../../core/errors.js';
import type { Runtime } from '../../pipeline/runtime.js';
import { EhrTemplateRepo } from '../../store/sqlite/ehr-templates.js';
import { principalOf } from '../auth/principal.js';
import { validate } from '../validate.js';

/**
 * `GET /api/ehr/templates` (`audit`: privacy officer, auditor, admin): the mined EHR explanation
 * templates with coverage, precision, status, who decided and their versions. `PATCH
 * /api/ehr/templates/:id` (`ehr:templates`, the privacy officer): approve or retire one (or put it
 * back to proposed), audited as `ehr_template_decision`. A retired template explains nothing from
 * the next minute on; the miner never undoes a person's decision.
 */
export function ehrTemplateRoutes(app: FastifyInstance, rt: Runtime): void {
  const repo = new EhrTemplateRepo(rt.store.db);

  app.get('/api/ehr/templates', {
    schema: { summary: 'Mined EHR explanation templates, with coverage, precision and status', tags: ['ehr'] },
    config: { perm: 'audit' },
  }, async (req) => {
    const { status, history } = validate(z.object({
      status: z.enum(['proposed', 'approved', 'retired']).optional(),
      history: z.enum(['true', 'false']).optional(),
    }), req.query, 'query');
    const items = repo.list(status ? { status } : {});
    return { items: history === 'true' ? items.map((t) => ({ ...t, history: repo.history(t.id) })) : items };
  });

  app.patch('/api/ehr/templates/:id', {
    schema: { summary: 'Approve or retire a mined EHR explanation template (privacy officer)', tags: ['ehr'] },
    config: { perm: 'ehr:templates' },
  }, async (req, reply) => {
    const { id } = validate(z.object({ id: z.coerce.number().int().min(1) }), req.params, 'params');
    const { status, note } = validate(z.strictObject({
      status: z.enum(['approved', 'retired', 'proposed']),
      note: z.string().max(1000).optional(),
    }), req.body, 'body');
    const who = principalOf(req);
    try {
      const t = repo.decide(id, status, who.actor);
      rt.store.audit({ time: new Date().toISOString(), actor: who.actor, action: 'ehr_template_decision', target: `ehr-template:${id}`, detail: { role: who.role, status, group: t.group, key: t.key, ...(note ? { note } : {}) } });
      return t;
    } catch (err) {
      if (err instanceof WardError && err.code === 'not_found') return reply.code(404).send({ error: 'not_found', message: err.message });
      throw err;
    }
  });
}
