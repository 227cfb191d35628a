import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { WardError, errorMessage } from '../../core/errors.js';
import { feedbackEvent } from '../../detect/phishing/index.js';
import type { Runtime } from '../../pipeline/runtime.js';
import { TRIAGE_STATUSES, VERDICTS, type TriagePatch, type TriageRepo } from '../../store/sqlite/triage.js';
import { principalOf } from '../auth/principal.js';
import { jsonSchema, validate } from '../validate.js';

const patch = z.strictObject({
  status: z.enum(TRIAGE_STATUSES).optional(),
  /** A console user name; `null` unassigns. */
  assignee: z.string().min(1).max(100).nullable().optional(),
  verdict: z.enum(VERDICTS).nullable().optional(),
  note: z.string().max(4000).nullable().optional(),
});
const bulk = patch.extend({ ids: z.array(z.string().min(1).max(100)).min(1).max(1000) });

type PatchBody = z.infer<typeof patch>;

function toPatch(b: PatchBody): TriagePatch {
  const out: TriagePatch = {};
  if (b.status !== undefined) out.status = b.status;
  if (b.assignee !== undefined) out.assignee = b.assignee;
  if (b.verdict !== undefined) out.verdict = b.verdict;
  if (b.note !== undefined) out.note = b.note;
  // A verdict closes the alert unless the analyst said otherwise.
  if (b.verdict && b.status === undefined) out.status = 'closed';
  if (!Object.keys(out).length) throw new WardError('request.invalid', 'nothing to change: send status, assignee, verdict or note', 'body');
  return out;
}

/** Triage: `PATCH /api/alerts/:id/triage` and `POST /api/alerts/triage` (bulk). Analysts and admins only; audited. */
export function triageRoutes(app: FastifyInstance, rt: Runtime, triage: TriageRepo, changed: () => void): void {
  const record = async (actor: string, ids: string[], p: TriagePatch) => {
    changed();
    rt.store.audit({ time: new Date().toISOString(), actor, action: 'triage', target: ids.length === 1 ? `alert:${ids[0]}` : `alerts:${ids.length}`, detail: { ids: ids.slice(0, 200), ...p } });
    if (p.verdict) await learn(actor, ids, p.verdict);
  };
  // Verdicts on phishing alerts go back to the detector as events (sender reputation learns them).
  const learn = async (actor: string, ids: string[], verdict: NonNullable<TriagePatch['verdict']>) => {
    const now = new Date();
    const events = ids.flatMap((id) => {
      const a = triage.get(id);
      const e = a ? feedbackEvent(a, verdict, actor, now) : undefined;
      return e ? [e] : [];
    });
    if (!events.length) return;
    try {
      await rt.ingestor.ingest(events.map((e, i) => ({ data: JSON.stringify(e), source: 'triage', offset: i, receivedAt: now.getTime() })), rt.ingestor.parser('json'));
    } catch (err) {
      // The verdict is stored either way; the reputation update is best effort and logged.
      app.log.warn(`phishing feedback for ${events.length} alert(s) not ingested: ${errorMessage(err)}`);
    }
  };

  app.patch('/api/alerts/:id/triage', {
    schema: { summary: 'Set an alert\'s status, assignee or verdict (with note)', tags: ['alerts'], body: jsonSchema(patch) },
    config: { perm: 'triage' },
  }, async (req) => {
    const { id } = validate(z.object({ id: z.string().min(1).max(100) }), req.params, 'params');
    const p = toPatch(validate(patch, req.body, 'body'));
    const actor = principalOf(req).actor;
    if (!triage.apply([id], p, actor).length) throw new WardError('not_found', `no alert with id ${id}`, 'params.id');
    await record(actor, [id], p);
    return triage.get(id);
  });

  app.post('/api/alerts/triage', {
    schema: { summary: 'Apply one triage change to many alerts', tags: ['alerts'], body: jsonSchema(bulk) },
    config: { perm: 'triage' },
  }, async (req) => {
    const b = validate(bulk, req.body, 'body');
    const { ids, ...rest } = b;
    const p = toPatch(rest);
    const actor = principalOf(req).actor;
    const changed = triage.apply(ids, p, actor);
    await record(actor, changed, p);
    return { changed: changed.length, missing: ids.filter((i) => !changed.includes(i)) };
  });
}
