import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Alert } from '../../core/alert.js';
import { parseDuration } from '../../core/duration.js';
import { WardError } from '../../core/errors.js';
import { EngineRefusal, MANUAL_ACTIONS, manualTargets, type ResponseEngine } from '../../respond/index.js';
import { principalOf } from '../auth/principal.js';
import { jsonSchema, validate } from '../validate.js';

const idParam = z.object({ id: z.string().min(1).max(100) });
const duration = z.string().max(20).refine((v) => { try { parseDuration(v); return true; } catch { return false; } }, 'expected a duration like "90s", "15m", "24h"');
const manualBody = z.strictObject({
  action: z.enum(MANUAL_ACTIONS),
  /** One of the alert's entity ids (default: the first the action can act on). */
  target: z.string().min(1).max(500).optional(),
  expiry: duration.optional(),
  note: z.string().max(4000).optional(),
});

/**
 * Manual response from the alert page, through the same engine as the playbooks (one history).
 * - `GET /api/alerts/:id/actions` (read): each manual action, the alert's entities it can act on, and what
 *   the gate would say now for each (done, dry-run, awaiting-approval with the role, suppressed with the reason).
 * - `POST /api/alerts/:id/actions` (respond) `{action, target?, expiry?, note?}`: propose and run it; answers the
 *   stored action (its state tells done / awaiting approval / refused by the gate / dry-run).
 */
export function alertActionRoutes(app: FastifyInstance, engine: ResponseEngine, getAlert: (id: string) => Alert | undefined): void {
  const alertOf = (params: unknown): Alert => {
    const { id } = validate(idParam, params, 'params');
    const alert = getAlert(id);
    if (!alert) throw new WardError('not_found', `no alert with id ${id}`, 'params.id');
    return alert;
  };

  app.get('/api/alerts/:id/actions', {
    schema: { summary: "Manual response actions that apply to an alert's entities, with the gate's answer", tags: ['respond'] },
    config: { perm: 'read' },
  }, async (req) => {
    const alert = alertOf(req.params);
    const actions = MANUAL_ACTIONS.map((action) => ({
      action,
      targets: manualTargets(alert, action).map((t) => ({ ...t, ...engine.preview(action, t.id) })),
    })).filter((a) => a.targets.length > 0);
    const history = engine.repo.list({ alertId: alert.id, limit: 200 });
    return { alertId: alert.id, mode: engine.mode, killSwitch: engine.killSwitch(), actions, history };
  });

  app.post('/api/alerts/:id/actions', {
    schema: { summary: "Run a manual response action on one of an alert's entities (same gate as the playbooks)", tags: ['respond'], body: jsonSchema(manualBody) },
    config: { perm: 'respond' },
  }, async (req, reply) => {
    const alert = alertOf(req.params);
    const body = validate(manualBody, req.body ?? {}, 'body');
    const p = principalOf(req);
    try {
      return await engine.manual(alert, { action: body.action, target: body.target, expiry: body.expiry }, { actor: p.actor, role: p.role }, body.note);
    } catch (err) {
      if (!(err instanceof EngineRefusal)) throw err;
      const status = { not_found: 404, conflict: 409, forbidden: 403, failed: 502, invalid: 400 }[err.code];
      return reply.code(status).send({ error: `respond.${err.code}`, message: err.message });
    }
  });
}
