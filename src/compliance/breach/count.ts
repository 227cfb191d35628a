import type { Alert } from '../../core/alert.js';
import type { WardEvent } from '../../core/event.js';

/**
 * Who and when a breach case looks at: the incident's acting users, the evidence window of its
 * alerts, and the patients its alerts name.
 *
 * @example
 * const s: BreachScope = { users: ['jdoe'], from: '2026-01-05T01:00:00Z', to: '2026-01-05T02:00:00Z', namedPatients: [], sessionGapMs: 900_000 };
 */
export interface BreachScope {
  /** Workforce accounts that acted (the incident's `user` entities with the role `actor`); compared case-insensitively. */
  users: string[];
  /** Evidence window of the incident's alerts that name no patient (earliest `firstSeen`, latest `lastSeen`); absent when every alert names its patients. */
  from?: string;
  to?: string;
  /** Patients the incident's alerts name: each access the detector judged on its own. */
  namedPatients: string[];
  /** The window is widened over the actors' EHR accesses that follow each other with gaps up to this (ms). */
  sessionGapMs: number;
}

/** Default gap that still counts as the same session of chart access (15 minutes). */
export const DEFAULT_SESSION_GAP_MS = 15 * 60_000;

/**
 * The scope of a breach case from an incident's entities and alerts.
 *
 * @example
 * scopeOf([{ type: 'user', id: 'jdoe', role: 'actor' }], alerts) // { users: ['jdoe'], from, to, namedPatients: [] , … }
 */
export function scopeOf(entities: ReadonlyArray<{ type: string; id: string; role?: string }>, alerts: readonly Alert[], sessionGapMs = DEFAULT_SESSION_GAP_MS): BreachScope {
  const users = [...new Set(entities.filter((e) => e.type === 'user' && (e.role === undefined || e.role === 'actor')).map((e) => e.id))].sort();
  const named = new Set<string>();
  let from = Infinity;
  let to = -Infinity;
  for (const a of alerts) {
    const patients = a.entities.filter((e) => e.type === 'patient');
    for (const p of patients) named.add(p.id);
    if (patients.length) continue;
    from = Math.min(from, Date.parse(a.firstSeen));
    to = Math.max(to, Date.parse(a.lastSeen));
  }
  return {
    users, namedPatients: [...named].sort(), sessionGapMs,
    ...(Number.isFinite(from) && Number.isFinite(to) ? { from: new Date(from).toISOString(), to: new Date(to).toISOString() } : {}),
  };
}

/** One EHR access of an acting user: what the count is made of. */
export interface PhiAccess {
  t: number;
  user: string;
  patient: string;
  action: string;
  eventId: string;
}

/**
 * The EHR access an event records, when it is one: it has `ehr.patient.id` (a pseudonym), a
 * user, a time, and did not fail (a refused access disclosed nothing).
 */
export function accessOf(e: WardEvent): PhiAccess | undefined {
  const patient = e.ehr?.patient?.id;
  const user = e.user?.name;
  const t = Date.parse(e['@timestamp']);
  if (!patient || !user || !Number.isFinite(t)) return undefined;
  if (e.event?.outcome === 'failure') return undefined;
  return { t, user: user.toLowerCase(), patient, action: e.ehr?.action ?? 'unknown', eventId: e.event?.id ?? '' };
}

/**
 * How many patients a breach touched. The rule, in order:
 *
 * 1. Patients the incident's alerts name are affected (the detector judged each of those accesses).
 * 2. For alerts that name no patient (volume, bulk export, unusual hour) the window is their
 *    evidence window, widened backwards and forwards over the acting users' EHR accesses while
 *    consecutive accesses are at most `sessionGapMs` apart — the uninterrupted session the
 *    alerts fell in; every distinct patient an acting user opened in that window is affected.
 * 3. Failed (refused) accesses do not count; other users' accesses never count.
 *
 * `accesses` are the acting users' EHR accesses around the window (any order).
 *
 * @example
 * countAffected(scope, accesses).patients.length
 */
export function countAffected(scope: BreachScope, accesses: readonly PhiAccess[]): AffectedCount {
  const users = new Set(scope.users.map((u) => u.toLowerCase()));
  const mine = accesses.filter((a) => users.has(a.user)).sort((a, b) => a.t - b.t);
  const patients = new Set(scope.namedPatients);
  const byAction: Record<string, number> = {};
  let from = scope.from ? Date.parse(scope.from) : NaN;
  let to = scope.to ? Date.parse(scope.to) : NaN;
  let counted: PhiAccess[] = [];
  if (Number.isFinite(from) && Number.isFinite(to)) {
    // Widen over the session: walk outwards from the window while the gaps stay short.
    const inside = mine.findIndex((a) => a.t >= from);
    let lo = inside < 0 ? mine.length : inside;
    while (lo > 0 && from - mine[lo - 1]!.t <= scope.sessionGapMs) from = mine[--lo]!.t;
    let hi = lo;
    while (hi < mine.length && mine[hi]!.t <= to) hi++;
    while (hi < mine.length && mine[hi]!.t - to <= scope.sessionGapMs) to = mine[hi++]!.t;
    counted = mine.slice(lo, hi);
  }
  const named = new Set(scope.namedPatients);
  for (const a of mine) if (named.has(a.patient) && !counted.includes(a)) counted.push(a);
  const perPatient: Record<string, PatientAccesses> = {};
  for (const p of scope.namedPatients) perPatient[p] = { accesses: 0, actions: [] };
  for (const a of counted) {
    patients.add(a.patient);
    byAction[a.action] = (byAction[a.action] ?? 0) + 1;
    const pp = (perPatient[a.patient] ??= { accesses: 0, actions: [] });
    pp.accesses++;
    if (!pp.actions.includes(a.action)) pp.actions.push(a.action);
    const iso = new Date(a.t).toISOString();
    if (!pp.first || iso < pp.first) pp.first = iso;
    if (!pp.last || iso > pp.last) pp.last = iso;
  }
  counted.sort((a, b) => a.t - b.t);
  return {
    patients: [...patients].sort(),
    accesses: counted.length,
    byAction,
    perPatient,
    eventIds: counted.map((a) => a.eventId),
    ...(counted.length ? { first: new Date(counted[0]!.t).toISOString(), last: new Date(counted[counted.length - 1]!.t).toISOString() } : {}),
    ...(Number.isFinite(from) && Number.isFinite(to) ? { window: { from: new Date(from).toISOString(), to: new Date(to).toISOString() } } : {}),
  };
}

/** What {@link countAffected} found. */
export interface AffectedCount {
  /** Distinct patient pseudonyms, sorted. */
  patients: string[];
  /** Accesses counted (each a stored event). */
  accesses: number;
  /** Accesses by EHR action (`view`, `print`, `export`, …). */
  byAction: Record<string, number>;
  /** Per patient pseudonym: counted accesses, actions, first and last. */
  perPatient: Record<string, PatientAccesses>;
  /** Ids of the counted access events, oldest first. */
  eventIds: string[];
  first?: string;
  last?: string;
  /** The session window after widening. */
  window?: { from: string; to: string };
}

/** One affected patient's counted accesses. */
export interface PatientAccesses {
  accesses: number;
  actions: string[];
  first?: string;
  last?: string;
}
