import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseDuration } from '../../core/duration.js';
import { WardError } from '../../core/errors.js';
import {
  BREACH_STATES, BreachRepo, breachClock, buildPack, loadStateLaws, openBreachCase, packCsv, patchBreachCase,
  type BreachCase, type IncidentLike, type StateLaw,
} from '../../compliance/breach/index.js';
import { vaultFor } from '../../enrich/pseudonymise/index.js';
import { correlateAlerts } from '../../incidents/index.js';
import type { Runtime } from '../../pipeline/runtime.js';
import { IncidentDecisionRepo } from '../../store/sqlite/incidents.js';
import { principalOf } from '../auth/principal.js';
import { auditEhrView } from '../ehr-audit.js';
import { isoTime, jsonSchema, validate } from '../validate.js';

const DAY = 86_400_000;
const incidentParams = z.object({ id: z.string().regex(/^inc_[0-9a-f]{16}$/, 'an incident id like inc_…') });
const caseParams = z.object({ id: z.string().regex(/^br_[0-9a-f]{16}$/, 'a breach case id like br_…') });
const openBody = z.strictObject({
  /** When the breach was discovered (default: when Wardwatch raised the incident's first alert). */
  discovered: isoTime.optional(),
  sessionGapMinutes: z.number().min(1).max(24 * 60).optional(),
  /** Incidents are correlated from alerts since this time (default 30 days ago). */
  from: isoTime.optional(),
}).optional();
const factorText = z.string().max(8000);
const patchBody = z.strictObject({
  state: z.enum(BREACH_STATES).optional(),
  discovered: isoTime.optional(),
  residents: z.record(z.string().regex(/^[A-Z]{2}$/, 'a two-letter state code'), z.number().int().min(0)).optional(),
  note: z.string().min(1).max(4000).optional(),
  sessionGapMinutes: z.number().min(1).max(24 * 60).optional(),
  assessment: z.strictObject({
    natureAndExtent: factorText.optional(), unauthorizedPerson: factorText.optional(),
    acquiredOrViewed: factorText.optional(), mitigation: factorText.optional(),
    conclusion: z.enum(['presumed_breach', 'low_probability']).optional(),
  }).optional(),
});
const packQuery = z.strictObject({ format: z.enum(['json', 'csv']).default('json') });
const reidentifyBody = z.strictObject({
  reason: z.string().min(5, 'give a reason (at least 5 characters)').max(1000),
  format: z.enum(['json', 'csv']).default('json'),
});

/**
 * HIPAA breach cases: `POST /api/incidents/:id/breach` opens one from an incident,
 * `GET /api/breaches` lists them, `GET|PATCH /api/breaches/:id` reads and updates one (with its
 * clock), `GET /api/breaches/:id/pack` gives the notification pack (pseudonyms) and
 * `POST /api/breaches/:id/pack/reidentify` the pack with identities — privacy officer only, a reason
 * required, every identity an audited reveal. Every step is in the audit log.
 */
export function breachRoutes(app: FastifyInstance, rt: Runtime): void {
  const repo = new BreachRepo(rt.store.db);
  const decisions = new IncidentDecisionRepo(rt.store.db);
  const settings = rt.loaded.config.privacy.breach;
  let laws: StateLaw[] | undefined;
  const stateLaws = () => (laws ??= loadStateLaws(settings.stateLaws));

  const incident = (id: string, from?: string): IncidentLike | undefined => {
    const since = from ?? new Date(Date.now() - 30 * DAY).toISOString();
    const inc = correlateAlerts(rt.store.alertsInOrder({ from: since })).incidents.find((i) => i.id === id);
    if (!inc) return undefined;
    const d = decisions.get(id);
    return { ...inc, ...(d ? { state: d.state, verdict: d.verdict } : {}) };
  };
  const withClock = (c: BreachCase) => ({ ...c, clock: breachClock(c.discovered, c.count.patients.length, c.residents, stateLaws()) });
  const load = (id: string) => {
    const c = repo.get(id);
    if (!c) throw new WardError('not_found', `no breach case ${id}`, 'params.id');
    return c;
  };

  app.post('/api/incidents/:id/breach', {
    schema: { summary: 'Open a HIPAA breach case for an incident: affected patients, four factors, clock (audited)', tags: ['breach'], body: jsonSchema(openBody.unwrap()) },
    config: { perm: 'breach:manage' },
  }, async (req, reply) => {
    const { id } = validate(incidentParams, req.params, 'params');
    const b = validate(openBody, req.body ?? undefined, 'body') ?? {};
    const inc = incident(id, b.from);
    if (!inc) throw new WardError('not_found', `no incident ${id} in the range (give from)`, 'params.id');
    const r = openBreachCase(rt.store, repo, inc, principalOf(req).actor, {
      ...(b.discovered ? { discovered: b.discovered } : {}),
      sessionGapMs: b.sessionGapMinutes ? b.sessionGapMinutes * 60_000 : parseDuration(settings.sessionGap, 'privacy.breach.sessionGap'),
      context: rt.context,
    });
    return reply.code(r.created ? 201 : 200).send(withClock(r.case));
  });

  app.get('/api/incidents/:id/breach', {
    schema: { summary: 'The live breach case of an incident, if one is open', tags: ['breach'] },
    config: { perm: 'breach:read' },
  }, async (req) => {
    const { id } = validate(incidentParams, req.params, 'params');
    const c = repo.forIncident(id);
    if (!c) throw new WardError('not_found', `no breach case is open for ${id}`, 'params.id');
    rt.store.audit({ time: new Date().toISOString(), actor: principalOf(req).actor, action: 'breach_view', target: `breach:${c.id}`, detail: { incident: id } });
    return withClock(c);
  });

  app.get('/api/breaches', {
    schema: { summary: 'Breach cases, newest first, with their clocks', tags: ['breach'] },
    config: { perm: 'breach:read' },
  }, async () => ({
    items: repo.list().map((c) => {
      const clock = breachClock(c.discovered, c.count.patients.length, c.residents, stateLaws());
      return { id: c.id, incidentId: c.incidentId, title: c.title, state: c.state, discovered: c.discovered, affected: c.count.patients.length, daysLeft: clock.daysLeft, threshold: clock.threshold, conclusion: c.assessment.conclusion };
    }),
  }));

  app.get('/api/breaches/:id', {
    schema: { summary: 'One breach case: scope, affected patients (pseudonyms), four factors, clock, history', tags: ['breach'] },
    config: { perm: 'breach:read' },
  }, async (req) => {
    const { id } = validate(caseParams, req.params, 'params');
    const c = load(id);
    rt.store.audit({ time: new Date().toISOString(), actor: principalOf(req).actor, action: 'breach_view', target: `breach:${id}`, detail: { patients: c.count.patients.length } });
    return withClock(c);
  });

  app.patch('/api/breaches/:id', {
    schema: { summary: 'Update a breach case: state, discovery, residents per state, assessment, note, re-count (audited)', tags: ['breach'], body: jsonSchema(patchBody) },
    config: { perm: 'breach:manage' },
  }, async (req) => {
    const { id } = validate(caseParams, req.params, 'params');
    const b = validate(patchBody, req.body, 'body');
    if (!Object.keys(b).length) throw new WardError('request.invalid', 'nothing to change', 'body');
    const c = load(id);
    const inc = b.sessionGapMinutes !== undefined ? incident(c.incidentId, new Date(Date.parse(c.discovered) - 30 * DAY).toISOString()) : undefined;
    if (b.sessionGapMinutes !== undefined && !inc) throw new WardError('not_found', `incident ${c.incidentId} is no longer in the stored alerts; cannot re-count`, 'body.sessionGapMinutes');
    return withClock(patchBreachCase(rt.store, repo, c, b, principalOf(req).actor, inc, rt.context));
  });

  app.get('/api/breaches/:id/pack', {
    schema: { summary: 'The notification data pack (pseudonyms only), JSON or CSV (audited)', tags: ['breach'], querystring: jsonSchema(packQuery) },
    config: { perm: 'breach:read' },
  }, async (req, reply) => {
    const { id } = validate(caseParams, req.params, 'params');
    const q = validate(packQuery, req.query, 'query');
    const c = load(id);
    const who = principalOf(req);
    const pack = buildPack(c, breachClock(c.discovered, c.count.patients.length, c.residents, stateLaws()), who.actor);
    rt.store.audit({ time: pack.generated, actor: who.actor, action: 'breach_pack', target: `breach:${id}`, detail: { format: q.format, patients: pack.affected, reidentified: false } });
    if (q.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${id}-patients.csv"`).send(packCsv(pack));
    return pack;
  });

  app.post('/api/breaches/:id/pack/reidentify', {
    schema: { summary: 'The notification pack with identities from the re-identification vault (privacy officer only; every identity an audited reveal)', tags: ['breach'], body: jsonSchema(reidentifyBody) },
    config: { perm: 'phi:reidentify' },
  }, async (req, reply) => {
    const { id } = validate(caseParams, req.params, 'params');
    const b = validate(reidentifyBody, req.body, 'body');
    const c = load(id);
    const who = principalOf(req);
    const reason = `breach notification ${id}: ${b.reason}`;
    // Recorded before any identity is decrypted; the vault then audits each reveal itself.
    rt.store.audit({ time: new Date().toISOString(), actor: who.actor, action: 'breach_reidentify', target: `breach:${id}`, detail: { role: who.role, reason: b.reason, patients: c.count.patients.length } });
    // The identities are a view of PHI: in the audit log as such, and out as FHIR AuditEvents when configured.
    auditEhrView(rt.store, who, 'view_patient', c.count.patients, `breach:${id}`);
    const vault = vaultFor(rt.dataDir);
    const pack = buildPack(c, breachClock(c.discovered, c.count.patients.length, c.residents, stateLaws()), who.actor,
      (p) => vault.reveal(p, { id: who.actor, roles: [who.role] }, reason)?.plaintext);
    if (b.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${id}-notify.csv"`).header('cache-control', 'no-store').send(packCsv(pack));
    return reply.header('cache-control', 'no-store').send(pack);
  });
}
