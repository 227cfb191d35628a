import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { WardError } from '../../core/errors.js';
import type { Runtime } from '../../pipeline/runtime.js';
import type { ConsoleQueries } from '../../store/sqlite/overview.js';
import { TRIAGE_STATUSES, VERDICTS, type TriageRepo } from '../../store/sqlite/triage.js';
import { technique } from '../attack.js';
import { principalOf } from '../auth/principal.js';
import { auditEhrView, isEhrAlert } from '../ehr-audit.js';
import { isoTime, jsonSchema, validate } from '../validate.js';

export const alertsQuery = z.strictObject({
  from: isoTime.optional(),
  to: isoTime.optional(),
  /** Comma-separated severities, e.g. `high,critical`. */
  severity: z.string().regex(/^(low|medium|high|critical)(,(low|medium|high|critical))*$/).optional(),
  detector: z.string().optional(),
  entity: z.string().optional(),
  /** Status after triage (an alert nobody touched has the status it was raised with). */
  status: z.enum(TRIAGE_STATUSES).optional(),
  /** A user name, or `none` for unassigned. */
  assignee: z.string().max(100).optional(),
  verdict: z.enum([...VERDICTS, 'none']).optional(),
  /** Free text in the title, detector or alert id. */
  q: z.string().max(200).optional(),
  sort: z.enum(['time', 'oldest', 'severity']).default('time'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().optional(),
});

const HOUR = 3_600_000;

/** `GET /api/alerts` (the triage queue) and `GET /api/alerts/:id` (with evidence, timeline and related alerts). */
export function alertRoutes(app: FastifyInstance, rt: Runtime, triage: TriageRepo, queries: ConsoleQueries, openCounts: TriageRepo['openCounts']): void {
  app.get('/api/alerts', {
    schema: { summary: 'List alerts with their triage, newest first', tags: ['alerts'], querystring: jsonSchema(alertsQuery) },
    config: { perm: 'read' },
  }, async (req) => {
    const q = validate(alertsQuery, req.query, 'query');
    const page = triage.queue({
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
      ...(q.severity ? { severity: q.severity.split(',') as Array<'low' | 'medium' | 'high' | 'critical'> } : {}),
      ...(q.detector ? { detector: q.detector } : {}),
      ...(q.entity ? { entity: q.entity } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.assignee ? { assignee: q.assignee } : {}),
      ...(q.verdict ? { verdict: q.verdict } : {}),
      ...(q.q ? { text: q.q } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
      sort: q.sort,
      limit: q.limit,
    });
    auditEhrView(rt.store, principalOf(req), 'view_ehr_alert', page.items.filter(isEhrAlert).map((a) => a.id), 'alert-list');
    return { items: page.items, next: page.next ?? null };
  });

  app.get('/api/alerts/counts', {
    schema: { summary: 'Open alerts by severity (for the tab title and badges)', tags: ['alerts'] },
    config: { perm: 'read' },
  }, async () => ({ open: openCounts() }));

  app.get('/api/alerts/:id', {
    schema: { summary: 'One alert with its explanation and evidence events', tags: ['alerts'] },
    config: { perm: 'read' },
  }, async (req) => {
    const { id } = validate(z.object({ id: z.string().min(1).max(100) }), req.params, 'params');
    const alert = triage.get(id);
    if (!alert) throw new WardError('not_found', `no alert with id ${id}`, 'params.id');
    if (isEhrAlert(alert)) auditEhrView(rt.store, principalOf(req), 'view_ehr_alert', [alert.id], `alert:${alert.id}`);
    // The entity's activity two hours either side of the finding.
    const first = alert.entities.find((e) => e.type !== 'patient');
    const from = Date.parse(alert.firstSeen) - 2 * HOUR;
    const to = Date.parse(alert.lastSeen) + 2 * HOUR;
    const timeline = first
      ? rt.store.searchEvents({ entity: first.id, from: new Date(from).toISOString(), to: new Date(to).toISOString(), limit: 200 }).items.map((s) => s.event)
      : [];
    return {
      alert,
      evidence: rt.store.getEvents(alert.explanation.evidence),
      techniques: (alert.techniques ?? []).map(technique),
      timeline: { entity: first ?? null, from: new Date(from).toISOString(), to: new Date(to).toISOString(), events: timeline, alerts: first ? queries.alertsFor(first.id, 50, { from, to }) : [] },
      related: queries.related(alert, 20),
    };
  });
}
