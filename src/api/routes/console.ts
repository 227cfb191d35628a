import { vaultFor } from '../../enrich/pseudonymise/index.js';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { WardError } from '../../core/errors.js';
import { curationSummary } from '../../detect/sigma/curation.js';
import { updatedFolder, type SigmaConfig } from '../../detect/sigma/detector.js';
import type { Runtime } from '../../pipeline/runtime.js';
import type { ConsoleQueries } from '../../store/sqlite/overview.js';
import type { RuleSettingsRepo, TriageRepo } from '../../store/sqlite/triage.js';
import { technique } from '../attack.js';
import { principalOf } from '../auth/principal.js';
import { auditEhrView, isEhrEvent } from '../ehr-audit.js';
import { isoTime, jsonSchema, validate } from '../validate.js';

const ENTITY_TYPES = ['user', 'host', 'ip', 'device', 'patient'] as const;
const TRACKED = new Set(['user', 'host', 'device']);

const overviewQuery = z.strictObject({
  from: isoTime.optional(),
  to: isoTime.optional(),
  days: z.coerce.number().min(0.01).max(400).optional(),
});

/** Component throughput, sampled every 10 s so the console can show a rate without keeping history. */
function rateSampler(rt: Runtime): { rates: () => Map<string, number>; stop: () => void } {
  let prev = new Map<string, number>();
  let prevAt = Date.now();
  let rates = new Map<string, number>();
  const timer = setInterval(() => {
    const now = Date.now();
    const cur = new Map(rt.telemetry.snapshot().map((c) => [`${c.kind}/${c.name}`, c.received]));
    const dt = (now - prevAt) / 1000;
    rates = new Map([...cur].map(([k, v]) => [k, Math.max(0, (v - (prev.get(k) ?? v)) / dt)]));
    prev = cur;
    prevAt = now;
  }, 10_000);
  timer.unref();
  return { rates: () => rates, stop: () => clearInterval(timer) };
}

/** Curated-off SigmaHQ rules of one sigma detector, as its folders resolve at load. */
function sigmaCuration(c: SigmaConfig, dataDir: string): ReturnType<typeof curationSummary> | null {
  if (c.curation === false) return null;
  return curationSummary(c.rules, c.enable?.ids ?? [], (dir) => (c.updates === false ? dir : updatedFolder(dir, dataDir)));
}

/** Overview aggregates, sources & pipeline health, rules, entities, the audit log and the audited identity reveal. */
export function consoleRoutes(app: FastifyInstance, rt: Runtime, queries: ConsoleQueries, triage: TriageRepo, rules: RuleSettingsRepo, openCounts: TriageRepo['openCounts']): void {
  const sampler = rateSampler(rt);
  app.addHook('onClose', async () => sampler.stop());

  app.get('/api/overview', {
    schema: { summary: 'Alerts over time by severity, by detector and ATT&CK tactic; riskiest entities', tags: ['console'], querystring: jsonSchema(overviewQuery) },
    config: { perm: 'read' },
  }, async (req) => {
    const q = validate(overviewQuery, req.query, 'query');
    const agg = queries.aggregates({
      ...(q.from ? { from: Date.parse(q.from) } : {}),
      ...(q.to ? { to: Date.parse(q.to) } : {}),
      ...(q.days ? { days: q.days } : {}),
    });
    const tactics = new Map<string, number>();
    for (const t of agg.byTechnique) {
      const tactic = technique(t.technique).tactic;
      tactics.set(tactic, (tactics.get(tactic) ?? 0) + t.n);
    }
    return {
      ...agg,
      byTactic: [...tactics].map(([tactic, n]) => ({ tactic, n })).sort((a, b) => b.n - a.n),
      open: openCounts(),
    };
  });

  app.get('/api/sources', {
    schema: { summary: 'Ingest health per source and pipeline component', tags: ['console'] },
    config: { perm: 'read' },
  }, async () => {
    const rates = sampler.rates();
    const agg = queries.aggregates({ days: 1 }).deadLettersBySource;
    return {
      components: rt.telemetry.snapshot().map((c) => ({ ...c, ratePerSecond: rates.get(`${c.kind}/${c.name}`) ?? null })),
      datasets: queries.sourceActivity(),
      deadLetters: agg,
      detection: { inflight: rt.detection.inflight, shards: rt.detection.shardCount },
      store: rt.store.counts(),
      now: new Date().toISOString(),
    };
  });

  app.get('/api/rules', {
    schema: { summary: 'Configured detectors with hits, false-positive rate and the stored on/off switch; sigma detectors list the shipped rules their curation keeps off, with the reason', tags: ['console'] },
    config: { perm: 'read' },
  }, async () => {
    const stats = triage.ruleStats();
    const settings = rules.all();
    return {
      // Switches are applied to the running detectors at once and on every start.
      enforced: true,
      items: rt.loaded.detectors.map((d) => {
        const s = stats.get(d.name);
        const set = settings.get(d.name);
        return {
          name: d.name, type: d.type, config: d.config,
          enabled: rt.detection.isEnabled(d.name), stored: set?.enabled ?? true, changedBy: set?.updatedBy ?? null, changed: set?.updated ?? null,
          hits: s?.hits ?? 0, judged: s?.judged ?? 0, falsePositives: s?.falsePositives ?? 0,
          falsePositiveRate: s && s.judged > 0 ? s.falsePositives / s.judged : null,
          lastAlert: s?.lastAlert ? new Date(s.lastAlert).toISOString() : null,
          ...(d.type === 'sigma' ? { sigma: sigmaCuration(d.config as SigmaConfig, rt.dataDir) } : {}),
        };
      }),
    };
  });

  app.put('/api/rules/:name/enabled', {
    schema: { summary: 'Switch a configured detector off or on (applied at once, kept across restarts, audited)', tags: ['console'] },
    config: { perm: 'admin' },
  }, async (req) => {
    const { name } = validate(z.object({ name: z.string().min(1).max(200) }), req.params, 'params');
    const { enabled } = validate(z.strictObject({ enabled: z.boolean() }), req.body, 'body');
    if (!rt.loaded.detectors.some((d) => d.name === name)) throw new WardError('not_found', `no configured rule ${name}`, 'params.name');
    const actor = principalOf(req).actor;
    rules.set(name, enabled, actor);
    rt.detection.setEnabled(name, enabled);
    rt.store.audit({ time: new Date().toISOString(), actor, action: 'rule_switch', target: `rule:${name}`, detail: { enabled } });
    return { name, enabled, enforced: true };
  });

  app.get('/api/entities', {
    schema: { summary: 'Entities of a type with alert counts and risk score', tags: ['console'] },
    config: { perm: 'read' },
  }, async (req) => {
    const q = validate(z.strictObject({ type: z.enum(ENTITY_TYPES), limit: z.coerce.number().int().min(1).max(1000).default(200) }), req.query, 'query');
    const alerted = queries.alertedEntities(q.type, q.limit);
    const seen = TRACKED.has(q.type) ? rt.store.listEntities(q.type, q.limit) : [];
    const byId = new Map<string, { type: string; id: string; firstSeen: string | null; lastSeen: string | null; alerts: number; score: number }>();
    for (const [id, a] of alerted) byId.set(id, { type: q.type, id, firstSeen: null, lastSeen: new Date(a.last).toISOString(), alerts: a.alerts, score: a.score });
    for (const e of seen) {
      const a = byId.get(e.id);
      byId.set(e.id, { type: q.type, id: e.id, firstSeen: e.firstSeen, lastSeen: e.lastSeen, alerts: a?.alerts ?? 0, score: a?.score ?? 0 });
    }
    const items = [...byId.values()].sort((x, y) => y.score - x.score || (y.lastSeen ?? '').localeCompare(x.lastSeen ?? '')).slice(0, q.limit);
    if (q.type === 'patient') auditEhrView(rt.store, principalOf(req), 'view_patient', items.map((i) => i.id), 'patient-list');
    return { items };
  });

  app.get('/api/entities/:type/:id', {
    schema: { summary: 'An entity: its alerts and event timeline', tags: ['console'] },
    config: { perm: 'read' },
  }, async (req) => {
    const p = validate(z.object({ type: z.enum(ENTITY_TYPES), id: z.string().min(1).max(300) }), req.params, 'params');
    const q = validate(z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(200), cursor: z.string().optional() }), req.query, 'query');
    const who = principalOf(req);
    const events = p.type === 'patient'
      ? { items: queries.patientEvents(p.id, q.limit), next: undefined }
      : (() => { const pg = rt.store.searchEvents({ entity: p.id, limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) }); return { items: pg.items.map((s) => s.event), next: pg.next }; })();
    const alerts = queries.alertsFor(p.id, 200);
    if (p.type === 'patient') auditEhrView(rt.store, who, 'view_patient', [p.id], `patient:${p.id}`);
    else auditEhrView(rt.store, who, 'view_ehr_events', events.items.filter(isEhrEvent).map((e) => e.event.id), `entity:${p.type}:${p.id}`);
    const byDay = new Map<string, number>();
    for (const e of events.items) {
      const d = e['@timestamp'].slice(0, 10);
      byDay.set(d, (byDay.get(d) ?? 0) + 1);
    }
    return {
      type: p.type, id: p.id,
      alerts, events: events.items, next: events.next ?? null,
      // Activity per day over the events shown: the entity's own baseline at a glance.
      activity: [...byDay].map(([day, n]) => ({ day, n })).sort((a, b) => a.day.localeCompare(b.day)),
    };
  });

  app.post('/api/patients/:pseudonym/reveal', {
    schema: { summary: 'Reveal the identity behind a patient pseudonym (privacy officer only; every attempt audited)', tags: ['console'] },
    config: { perm: 'reveal' },
  }, async (req, reply) => {
    const { pseudonym } = validate(z.object({ pseudonym: z.string().regex(/^pt_[A-Za-z0-9_-]{4,100}$/, 'a pseudonym like pt_…') }), req.params, 'params');
    const { reason } = validate(z.strictObject({ reason: z.string().min(5, 'give a reason (at least 5 characters)').max(1000) }), req.body, 'body');
    const who = principalOf(req);
    rt.store.audit({ time: new Date().toISOString(), actor: who.actor, action: 'patient_reveal_attempt', target: `patient:${pseudonym}`, detail: { role: who.role, reason } });
    // The vault audits the reveal itself (who, why, found or not) before it decrypts anything.
    const revealed = vaultFor(rt.dataDir).reveal(pseudonym, { id: who.actor, roles: [who.role] }, reason);
    if (!revealed) return reply.code(404).send({ error: 'not_found', message: 'no identity is kept for this pseudonym; the attempt was recorded in the audit log' });
    // A view of the patient's identity: also a FHIR AuditEvent when privacy.fhirAudit is configured.
    auditEhrView(rt.store, who, 'view_patient', [pseudonym], `reveal:${pseudonym}`);
    return { pseudonym, kind: revealed.kind, identity: revealed.plaintext, created: revealed.created };
  });

  app.get('/api/audit', {
    schema: { summary: 'The audit log, newest first', tags: ['console'] },
    config: { perm: 'audit' },
  }, async (req) => {
    const { limit } = validate(z.object({ limit: z.coerce.number().int().min(1).max(5000).default(200) }), req.query, 'query');
    return { items: rt.store.listAudit(limit) };
  });
}
