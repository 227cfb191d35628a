import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { WardError } from '../../core/errors.js';
import { correlateAlerts, filterIncidents, type Incident } from '../../incidents/index.js';
import type { Runtime } from '../../pipeline/runtime.js';
import { INCIDENT_STATES, INCIDENT_VERDICTS, IncidentDecisionRepo, type IncidentPatch } from '../../store/sqlite/incidents.js';
import type { TriageRepo } from '../../store/sqlite/triage.js';
import { principalOf } from '../auth/principal.js';
import { auditEhrView, isEhrAlert } from '../ehr-audit.js';
import { isoTime, jsonSchema, validate } from '../validate.js';

const DAY = 86_400_000;

const range = {
  /** Alerts from this time are correlated (default: 30 days ago). */
  from: isoTime.optional(),
  to: isoTime.optional(),
};
const listQuery = z.strictObject({
  ...range,
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  entity: z.string().max(200).optional(),
  /** Comma-separated analyst states, e.g. `open,investigating`. */
  state: z.string().regex(new RegExp(`^(${INCIDENT_STATES.join('|')})(,(${INCIDENT_STATES.join('|')}))*$`)).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const oneQuery = z.strictObject({ ...range, alerts: z.coerce.number().int().min(0).max(1000).default(200) });
const patchBody = z.strictObject({
  state: z.enum(INCIDENT_STATES).optional(),
  owner: z.string().min(1).max(100).nullable().optional(),
  verdict: z.enum(INCIDENT_VERDICTS).nullable().optional(),
  note: z.string().min(1).max(4000).optional(),
});
const idParams = z.object({ id: z.string().regex(/^inc_[0-9a-f]{16}$/) });

/**
 * Incidents: `GET /api/incidents`, `GET /api/incidents/:id`, `PATCH /api/incidents/:id` and
 * `GET /api/risk` (entity risk). Incidents are correlated from the stored alerts of the range on
 * each request, so an incident that keeps running is always current; analysts' decisions are
 * stored by incident id.
 */
export function incidentRoutes(app: FastifyInstance, rt: Runtime, triage: TriageRepo, changed: () => void): void {
  const decisions = new IncidentDecisionRepo(rt.store.db);
  const correlate = (q: { from?: string | undefined; to?: string | undefined }) =>
    correlateAlerts(rt.store.alertsInOrder({ from: q.from ?? new Date(Date.now() - 30 * DAY).toISOString(), ...(q.to ? { to: q.to } : {}) }));
  const withDecision = (i: Incident) => {
    const d = decisions.get(i.id);
    return { ...i, state: d?.state ?? 'open', owner: d?.owner ?? null, verdict: d?.verdict ?? null, notes: d?.notes ?? [] };
  };

  app.get('/api/incidents', {
    schema: { summary: 'Incidents correlated from alerts, highest severity first', tags: ['incidents'], querystring: jsonSchema(listQuery) },
    config: { perm: 'read' },
  }, async (req) => {
    const q = validate(listQuery, req.query, 'query');
    const c = correlate(q);
    const states = q.state?.split(',');
    const stateOf = (id: string) => decisions.get(id)?.state ?? 'open';
    const items = filterIncidents(c.incidents, {
      ...(q.severity ? { minSeverity: q.severity } : {}),
      ...(q.entity ? { entity: q.entity } : {}),
      ...(states ? { states } : {}),
      limit: q.limit,
    }, stateOf).map((i) => ({ ...withDecision(i), alertIds: i.alertIds.slice(0, 50) }));
    return { items, total: c.incidents.length, alerts: c.alerts };
  });

  app.get('/api/incidents/:id', {
    schema: { summary: 'One incident with its alerts, story and analyst decisions', tags: ['incidents'], querystring: jsonSchema(oneQuery) },
    config: { perm: 'read' },
  }, async (req) => {
    const { id } = validate(idParams, req.params, 'params');
    const q = validate(oneQuery, req.query, 'query');
    const inc = correlate(q).incidents.find((i) => i.id === id);
    if (!inc) throw new WardError('not_found', `no incident ${id} in the range (widen from/to)`, 'params.id');
    const alerts = inc.alertIds.slice(-q.alerts).flatMap((a) => rt.store.getAlert(a) ?? []);
    auditEhrView(rt.store, principalOf(req), 'view_ehr_alert', alerts.filter(isEhrAlert).map((a) => a.id), 'incident');
    return { ...withDecision(inc), alerts };
  });

  app.patch('/api/incidents/:id', {
    schema: { summary: 'Set an incident\'s state, owner or verdict, or add a note (audited)', tags: ['incidents'], body: jsonSchema(patchBody) },
    config: { perm: 'triage' },
  }, async (req) => {
    const { id } = validate(idParams, req.params, 'params');
    const b = validate(patchBody, req.body, 'body');
    const p: IncidentPatch = {};
    if (b.state !== undefined) p.state = b.state;
    if (b.owner !== undefined) p.owner = b.owner;
    if (b.verdict !== undefined) p.verdict = b.verdict;
    if (b.note !== undefined) p.note = b.note;
    // A true positive is escalated, not closed; a false or expected one is closed.
    if (b.verdict && b.state === undefined) p.state = b.verdict === 'true_positive' ? 'escalated' : 'closed';
    if (!Object.keys(p).length) throw new WardError('request.invalid', 'nothing to change: send state, owner, verdict or note', 'body');
    const inc = correlate({}).incidents.find((i) => i.id === id);
    if (!inc) throw new WardError('not_found', `no incident ${id} in the last 30 days`, 'params.id');
    const actor = principalOf(req).actor;
    const d = decisions.patch(id, p, actor);
    // The verdict is also each alert's verdict, so per-detector precision and the learners see it.
    if (b.verdict) {
      triage.apply(inc.alertIds, { verdict: b.verdict, status: b.verdict === 'true_positive' ? 'acknowledged' : 'closed' }, actor);
      changed();
    }
    rt.store.audit({ time: new Date().toISOString(), actor, action: 'incident', target: `incident:${id}`, detail: { ...p, alerts: inc.alertCount } });
    return { ...inc, ...d };
  });

  app.get('/api/risk', {
    schema: { summary: 'Entities by risk (risk-based alerting), each score explained', tags: ['incidents'], querystring: jsonSchema(z.strictObject(range)) },
    config: { perm: 'read' },
  }, async (req) => {
    const q = validate(z.strictObject(range), req.query, 'query');
    return { items: correlate(q).risk };
  });
}
