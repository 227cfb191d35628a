import type { Alert } from '../../core/alert.js';
import type { ContextLookup } from '../../core/context.js';
import type { WardEvent } from '../../core/event.js';
import type { Store } from '../../store/store.js';
import { prefillAssessment, type FourFactors } from './assessment.js';
import { accessOf, countAffected, scopeOf, DEFAULT_SESSION_GAP_MS, type BreachScope, type PhiAccess } from './count.js';
import { BreachRepo, type BreachCase, type BreachState } from './repo.js';

const DAY = 86_400_000;
/** Accesses read per actor at most (a bulk export of a whole hospital stays well below). */
const MAX_EVENTS_PER_ACTOR = 500_000;

/** The part of an incident a breach case needs. */
export interface IncidentLike {
  id: string;
  title: string;
  start: string;
  end: string;
  entities: ReadonlyArray<{ type: string; id: string; role?: string }>;
  alertIds: readonly string[];
  state?: string;
  verdict?: string | null;
}

/** The clinical context's patient index (VIP and sensitivity labels). */
export type PatientLookup = Pick<ContextLookup, 'patient'>;

/** The store calls a breach case uses (the {@link Store} interface, so any store backend serves). */
export type BreachStore = Pick<Store, 'searchEvents' | 'getAlert' | 'audit'>;

/** An acting user's EHR accesses between two times, with their events (newest pages first, returned oldest first). */
function accessesOf(store: BreachStore, user: string, from: number, to: number): Array<{ a: PhiAccess; e: WardEvent }> {
  const out: Array<{ a: PhiAccess; e: WardEvent }> = [];
  let cursor: string | undefined;
  let read = 0;
  do {
    const page = store.searchEvents({ entity: user, from: new Date(from).toISOString(), to: new Date(to).toISOString(), limit: 1000, ...(cursor ? { cursor } : {}) });
    for (const s of page.items) {
      const a = accessOf(s.event);
      if (a && a.user === user.toLowerCase()) out.push({ a, e: s.event });
    }
    read += page.items.length;
    cursor = page.next;
  } while (cursor && read < MAX_EVENTS_PER_ACTOR);
  return out.reverse();
}

/** Count and pre-fill for a scope: the figures a case holds. */
function evaluate(store: BreachStore, inc: IncidentLike, alerts: Alert[], scope: BreachScope, context?: PatientLookup): Pick<BreachCase, 'count' | 'assessment'> {
  const lo = Math.min(Date.parse(scope.from ?? inc.start), Date.parse(inc.start)) - DAY;
  const hi = Math.max(Date.parse(scope.to ?? inc.end), Date.parse(inc.end)) + DAY;
  const found = scope.users.flatMap((u) => accessesOf(store, u, lo, hi));
  const count = countAffected(scope, found.map((f) => f.a));
  const ids = new Set(count.eventIds);
  const events = found.filter((f) => ids.has(f.a.eventId)).map((f) => f.e);
  const assessment = prefillAssessment({
    count, events, actors: scope.users,
    related: inc.entities.filter((e) => e.type !== 'user' && e.type !== 'patient').map((e) => ({ type: e.type, id: e.id })),
    findings: [...new Set(alerts.map((a) => a.title))],
    ...(inc.state ? { incidentState: inc.state } : {}),
    verdict: inc.verdict ?? null,
    ...(context ? { patientInfo: (p: string) => context.patient(p) } : {}),
  });
  return { count, assessment };
}

/**
 * Open a breach case for an incident: work out the scope, count the affected patients from the
 * stored EHR access events (see {@link countAffected} for the rule), pre-fill the four factors,
 * start the clock at discovery (default: when Wardwatch raised the incident's first alert), store
 * it and audit it. One live case per incident: opening again returns the open case.
 *
 * @example
 * const c = openBreachCase(store, repo, incident, 'user:dpo');
 * c.count.patients.length
 */
export function openBreachCase(store: BreachStore, repo: BreachRepo, inc: IncidentLike, actor: string, o: { discovered?: string; sessionGapMs?: number; now?: number; context?: PatientLookup } = {}): { case: BreachCase; created: boolean } {
  const existing = repo.forIncident(inc.id);
  if (existing) return { case: existing, created: false };
  const alerts = inc.alertIds.flatMap((id) => store.getAlert(id) ?? []);
  const scope = scopeOf(inc.entities, alerts, o.sessionGapMs ?? DEFAULT_SESSION_GAP_MS);
  const now = new Date(o.now ?? Date.now()).toISOString();
  const firstKnown = alerts.map((a) => a.created).sort()[0] ?? inc.start;
  const figures = evaluate(store, inc, alerts, scope, o.context);
  const c: BreachCase = {
    id: BreachRepo.newId(), incidentId: inc.id, title: inc.title, state: 'open',
    discovered: o.discovered ?? firstKnown, opened: now, openedBy: actor, scope, ...figures,
    residents: {}, notes: [],
    history: [{ at: now, by: actor, what: `opened: ${figures.count.patients.length} patients, ${figures.count.accesses} accesses` }],
  };
  repo.insert(c);
  store.audit({ time: now, actor, action: 'breach_open', target: `breach:${c.id}`, detail: { incident: inc.id, patients: c.count.patients.length, accesses: c.count.accesses, discovered: c.discovered } });
  return { case: c, created: true };
}

/** What a privacy officer may change on a case. */
export interface BreachPatch {
  state?: BreachState;
  discovered?: string;
  residents?: Record<string, number>;
  note?: string;
  /** Re-count with another session gap (minutes). */
  sessionGapMinutes?: number;
  /** The officer's words per factor, and the conclusion. */
  assessment?: Partial<Record<'natureAndExtent' | 'unauthorizedPerson' | 'acquiredOrViewed' | 'mitigation', string>> & { conclusion?: FourFactors['conclusion'] };
}

/**
 * Apply a change to a case (audited, with a history line). A new session gap re-counts from the
 * stored events; the officer's own assessment text is kept across re-counts.
 *
 * @example
 * patchBreachCase(store, repo, c, { residents: { TX: 412 } }, 'user:dpo', incident)
 */
export function patchBreachCase(store: BreachStore, repo: BreachRepo, c: BreachCase, p: BreachPatch, actor: string, inc?: IncidentLike, context?: PatientLookup): BreachCase {
  const now = new Date().toISOString();
  const changed: string[] = [];
  if (p.state && p.state !== c.state) { changed.push(`state ${c.state} → ${p.state}`); c.state = p.state; }
  if (p.discovered && p.discovered !== c.discovered) { changed.push(`discovered ${c.discovered} → ${p.discovered}`); c.discovered = p.discovered; }
  if (p.residents) { c.residents = p.residents; changed.push(`residents ${Object.entries(p.residents).map(([s, n]) => `${s} ${n}`).join(', ') || 'cleared'}`); }
  if (p.sessionGapMinutes !== undefined && inc) {
    const officer = c.assessment;
    const alerts = inc.alertIds.flatMap((id) => store.getAlert(id) ?? []);
    c.scope = { ...c.scope, sessionGapMs: p.sessionGapMinutes * 60_000 };
    const figures = evaluate(store, inc, alerts, c.scope, context);
    const before = c.count.patients.length;
    c.count = figures.count;
    c.assessment = figures.assessment;
    for (const k of ['natureAndExtent', 'unauthorizedPerson', 'acquiredOrViewed', 'mitigation'] as const) c.assessment[k].assessment = officer[k].assessment;
    c.assessment.conclusion = officer.conclusion;
    changed.push(`re-counted with a ${p.sessionGapMinutes}-minute session gap: ${before} → ${c.count.patients.length} patients`);
  }
  if (p.assessment) {
    for (const k of ['natureAndExtent', 'unauthorizedPerson', 'acquiredOrViewed', 'mitigation'] as const) {
      const v = p.assessment[k];
      if (v !== undefined) { c.assessment[k].assessment = v; changed.push(`assessment ${k}`); }
    }
    if (p.assessment.conclusion) { c.assessment.conclusion = p.assessment.conclusion; changed.push(`conclusion ${p.assessment.conclusion}`); }
  }
  if (p.note) { c.notes.push({ at: now, by: actor, what: p.note }); changed.push('note'); }
  c.history.push({ at: now, by: actor, what: changed.join('; ') || 'no change' });
  repo.save(c);
  store.audit({ time: now, actor, action: 'breach_update', target: `breach:${c.id}`, detail: { changes: changed } });
  return c;
}
