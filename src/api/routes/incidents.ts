import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { WardError } from '../../core/errors.js';
import { correlateAlerts, filterIncidents, type Correlated, type Incident } from '../../incidents/index.js';
import type { Runtime } from '../../pipeline/runtime.js';
import { INCIDENT_STATES, INCIDENT_VERDICTS, IncidentDecisionRepo, type IncidentPatch } from '../../store/sqlite/incidents.js';
import { SuppressionRepo, ruleStats } from '../../store/sqlite/suppressions.js';
import { MAX_SUPPRESSION_DAYS, type Incident as Inc, type Suppression } from '../../incidents/index.js';
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
  /**
   * With a false-positive or expected verdict: suppress what the incident's alerts were about for
   * `days` — `entity-rule` (these rules for these actors), `rule` (these rules for anyone) or
   * `entity` (anything about these actors).
   */
  suppress: z.strictObject({
    scope: z.enum(['entity-rule', 'rule', 'entity']).default('entity-rule'),
    days: z.number().int().min(1).max(MAX_SUPPRESSION_DAYS),
  }).optional(),
});
const entityRef = z.strictObject({ type: z.enum(['user', 'host', 'ip', 'device', 'patient', 'account', 'email']), id: z.string().min(1).max(300) });
const suppressionBody = z.strictObject({
  detector: z.string().min(1).max(100).optional(),
  rule: z.string().min(1).max(300).optional(),
  entity: entityRef.optional(),
  titleContains: z.string().min(1).max(300).optional(),
  reason: z.string().min(1).max(2000),
  days: z.number().int().min(1).max(MAX_SUPPRESSION_DAYS),
  from: z.string().max(100).optional(),
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
  const suppressions = new SuppressionRepo(rt.store.db);
  // Correlating 30 days of alerts costs about a second per 10,000 alerts: the result is kept until
  // a new alert is stored (the newest rowid changes) or the default range moves to the next minute.
  const cache = new Map<string, Correlated>();
  const newest = rt.store.db.prepare('SELECT MAX(rowid) FROM alerts').pluck();
  const correlate = (q: { from?: string | undefined; to?: string | undefined }): Correlated => {
    const from = q.from ?? new Date(Math.floor((Date.now() - 30 * DAY) / 60_000) * 60_000).toISOString();
    const key = `${from}|${q.to ?? ''}|${String(newest.get())}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const c = correlateAlerts(rt.store.alertsInOrder({ from, ...(q.to ? { to: q.to } : {}) }));
    if (cache.size >= 8) cache.delete(cache.keys().next().value!);
    cache.set(key, c);
    return c;
  };
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
    // Incidents that name a patient show EHR findings: the view is logged as the alert list's is.
    const ehr = items.filter((i) => i.entities.some((e) => e.type === 'patient') || i.groups.some((g) => g.detector.startsWith('ehr.')));
    auditEhrView(rt.store, principalOf(req), 'view_ehr_alert', ehr.flatMap((i) => i.alertIds), 'incident-list');
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
    // With their triage joined, so the incident's timeline shows each alert's status after a verdict.
    const alerts = inc.alertIds.slice(-q.alerts).flatMap((a) => triage.get(a) ?? []);
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
    if (b.suppress && (!b.verdict || b.verdict === 'true_positive')) {
      throw new WardError('request.invalid', 'suppress goes with a false_positive or benign_expected verdict', 'body.suppress');
    }
    const inc = correlate({}).incidents.find((i) => i.id === id);
    if (!inc) throw new WardError('not_found', `no incident ${id} in the last 30 days`, 'params.id');
    const actor = principalOf(req).actor;
    const d = decisions.patch(id, p, actor);
    // The verdict is also each alert's verdict, so per-detector precision and the learners see it.
    if (b.verdict) {
      triage.apply(inc.alertIds, { verdict: b.verdict, status: b.verdict === 'true_positive' ? 'acknowledged' : 'closed' }, actor);
      changed();
    }
    const made = b.suppress ? suppressionsFor(inc, b.suppress.scope, b.suppress.days, actor, b.note ?? `verdict ${b.verdict} on ${id}`).map((x) => suppressions.add(x)) : [];
    rt.store.audit({ time: new Date().toISOString(), actor, action: 'incident', target: `incident:${id}`, detail: { ...p, alerts: inc.alertCount, suppressions: made.map((x) => x.id) } });
    return { ...inc, ...d, suppressions: made };
  });

  app.get('/api/suppressions', {
    schema: { summary: 'Suppressions (scoped, expiring exceptions), newest first, ended ones too', tags: ['incidents'] },
    config: { perm: 'read' },
  }, async () => ({ items: suppressions.all() }));

  app.post('/api/suppressions', {
    schema: { summary: 'Add a suppression: alerts it covers are stored closed and not acted on (audited)', tags: ['incidents'], body: jsonSchema(suppressionBody) },
    config: { perm: 'triage' },
  }, async (req, reply) => {
    const b = validate(suppressionBody, req.body, 'body');
    const actor = principalOf(req).actor;
    const now = new Date();
    const { days, ...rest } = b;
    const made = suppressions.add({ ...rest, createdBy: actor, created: now.toISOString(), expires: new Date(now.getTime() + days * DAY).toISOString() });
    rt.store.audit({ time: now.toISOString(), actor, action: 'suppression_add', target: `suppression:${made.id}`, detail: { ...made } });
    return reply.code(201).send(made);
  });

  app.delete('/api/suppressions/:id', {
    schema: { summary: 'End a suppression now (it stays on record; audited)', tags: ['incidents'] },
    config: { perm: 'triage' },
  }, async (req) => {
    const { id } = validate(z.object({ id: z.string().regex(/^sup_[0-9a-f]{12}$/) }), req.params, 'params');
    if (!suppressions.remove(id)) throw new WardError('not_found', `no active suppression ${id}`, 'params.id');
    rt.store.audit({ time: new Date().toISOString(), actor: principalOf(req).actor, action: 'suppression_remove', target: `suppression:${id}`, detail: {} });
    return { removed: id };
  });

  app.get('/api/rules/stats', {
    schema: { summary: 'Alert volume, suppressed alerts and verdict precision per detector and rule (last 30 days), noisiest first', tags: ['incidents'] },
    config: { perm: 'read' },
  }, async () => ({ items: ruleStats(rt.store.db, Date.now() - 30 * DAY) }));

  app.get('/api/risk', {
    schema: { summary: 'Entities by risk (risk-based alerting), each score explained', tags: ['incidents'], querystring: jsonSchema(z.strictObject(range)) },
    config: { perm: 'read' },
  }, async (req) => {
    const q = validate(z.strictObject(range), req.query, 'query');
    return { items: correlate(q).risk };
  });
}

/** The suppressions a false-positive verdict on an incident asks for. */
function suppressionsFor(inc: Inc, scope: 'entity-rule' | 'rule' | 'entity', days: number, by: string, reason: string): Array<Omit<Suppression, 'id'>> {
  const now = new Date();
  const base = { reason, createdBy: by, created: now.toISOString(), expires: new Date(now.getTime() + days * DAY).toISOString(), from: inc.id };
  const actors = inc.entities.filter((e) => e.role === 'actor').slice(0, 5).map((e) => ({ type: e.type, id: e.id }));
  const rules = inc.groups.map((g) => ({ detector: g.detector, rule: g.rule }));
  if (scope === 'rule') return rules.map((r) => ({ ...base, ...r }));
  if (scope === 'entity') return actors.map((entity) => ({ ...base, entity }));
  return rules.flatMap((r) => (actors.length ? actors.map((entity) => ({ ...base, ...r, entity })) : [{ ...base, ...r }]));
}
