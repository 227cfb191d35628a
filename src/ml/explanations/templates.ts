import type { ContextLookup, ExplanationTemplate, Relationship, StaffInfo } from '../../core/context.js';
import type { WardEvent } from '../../core/event.js';

const DAY = 86_400_000;

/** The shape of a template before it is scored: its path and parameters. */
export type TemplateSpec = Pick<ExplanationTemplate, 'path' | 'kinds' | 'phase' | 'beforeMs' | 'afterMs' | 'maxAgeMs'>;

/** One access as the miner and the explainer see it. */
export interface Access {
  t: number;
  user: string;
  patient: string;
  /** The user's role and department (roster first, then what the event says). */
  role?: string;
  department?: string;
  /** Departments the user is linked to (roster and the one logged in to). */
  departments: string[];
  staff?: StaffInfo;
}

const HOUR = 3_600_000;
/** `2d`, `8h`: a window as keys and sentences say it. */
const dur = (ms: number) => (ms % DAY === 0 ? `${ms / DAY}d` : `${Math.round(ms / HOUR)}h`);
const words = (ms: number) => (ms === DAY ? 'day' : ms % DAY === 0 ? `${ms / DAY} days` : `${Math.round(ms / HOUR)} hours`);

/** Stable key of a spec within a group. */
export function specKey(s: TemplateSpec): string {
  const w = s.phase === 'during'
    ? `during${s.beforeMs ? `-${dur(s.beforeMs)}` : ''}${s.maxAgeMs ? `-max${dur(s.maxAgeMs)}` : ''}`
    : `after-${dur(s.afterMs)}`;
  return `${s.path}:${s.kinds.length ? [...s.kinds].sort().join('+') : 'any'}:${w}`;
}

const KIND_TEXT: Record<string, string> = { encounter: 'a visit or stay', order: 'an order', care_team: 'a care team', appointment: 'an appointment', treatment: 'a treatment relationship' };

/** Who a group is, in words: `role:billing` → "billing staff". */
export function groupText(group: string): string {
  if (group === '*') return 'staff';
  const [kind, ...rest] = group.split(':');
  const name = rest.join(':');
  return kind === 'role' ? `${name.replace(/_/g, ' ')} staff` : `staff of ${name}`;
}

/**
 * A template as a sentence: "billing staff open charts of patients discharged in the last 30 days".
 *
 * @example
 * templateText('role:nurse', { path: 'department', kinds: ['encounter'], phase: 'during', beforeMs: 0, afterMs: 0 })
 * // 'nurse staff open charts of patients with a visit or stay in their department now'
 */
export function templateText(group: string, s: TemplateSpec): string {
  const who = groupText(group);
  if (s.path === 'repeat') return `${who} reopen charts of patients whose earlier access in the last ${words(s.afterMs)} was explained`;
  const rel = s.kinds.length ? s.kinds.map((k) => KIND_TEXT[k] ?? k.replace(/_/g, ' ')).join(' or ') : 'any care relationship';
  const link = s.path === 'self' ? `${rel} naming them` : s.path === 'department' ? `${rel} in their department` : `${rel} anywhere in the organisation`;
  if (s.phase === 'after') {
    const ended = s.kinds.length === 1 && s.kinds[0] === 'encounter' ? 'discharged or seen' : 'whose care ended or began';
    return `${who} open charts of patients ${ended} in the last ${words(s.afterMs)} (${link})`;
  }
  const age = s.maxAgeMs ? `, begun in the last ${words(s.maxAgeMs)}` : '';
  return `${who} open charts of patients with ${link} now${age}`;
}

/**
 * The candidate paths the miner scores for every group: the user's own relationships, their
 * department's, anyone's (the patient is in care somewhere), each during the relationship (begun
 * in the last 8 hours, day, week, or ever) or within 7, 30 or 90 days after it ended, for every relationship kind the context holds and for any kind;
 * and repeat access to a patient already explained in the last 30 days.
 */
export function candidateSpecs(kinds: string[], opts: { beforeMs?: number } = {}): TemplateSpec[] {
  const before = opts.beforeMs ?? 4 * HOUR;
  const out: TemplateSpec[] = [];
  // Specific kinds first: on a tie the miner keeps the first, and "discharged" says more than "any care".
  const kindSets = [...[...new Set(kinds)].sort().map((k) => [k]), []];
  for (const path of ['self', 'department', 'anyone'] as const) {
    for (const k of kindSets) {
      for (const age of [8 * HOUR, DAY, 7 * DAY, 0]) out.push({ path, kinds: k, phase: 'during', beforeMs: before, afterMs: 0, maxAgeMs: age });
      for (const days of [7, 30, 90]) out.push({ path, kinds: k, phase: 'after', beforeMs: 0, afterMs: days * DAY });
    }
  }
  out.push({ path: 'repeat', kinds: [], phase: 'after', beforeMs: 0, afterMs: 30 * DAY });
  return out;
}

const same = (a?: string, b?: string) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/** Does the relationship's time window (per the spec's phase) contain `t`? */
function inWindow(r: Relationship, t: number, s: TemplateSpec): boolean {
  const from = r.from ? Date.parse(r.from) : -Infinity;
  const to = r.to ? Date.parse(r.to) : Infinity;
  if (s.phase === 'during') return t >= from - s.beforeMs && t <= Math.min(to, s.maxAgeMs ? from + s.maxAgeMs : Infinity);
  // After it ended; a relationship never closed (an outpatient visit) counts from its start.
  const anchor = Number.isFinite(to) ? to : from;
  return Number.isFinite(anchor) && t > anchor && t <= anchor + s.afterMs;
}

/** Does the relationship link this user (or their department) to the patient as the spec's path says? */
function linked(r: Relationship, a: Access, s: TemplateSpec): boolean {
  if (s.kinds.length && !s.kinds.includes(r.kind)) return false;
  if (s.path === 'anyone') return true;
  if (s.path === 'self') {
    if (!r.staffId) return false;
    return r.staffId === a.staff?.id || same(r.staffId, a.user) || (a.staff?.logins.some((l) => same(l, r.staffId)) ?? false);
  }
  return !!r.department && a.departments.some((d) => same(d, r.department));
}

/**
 * The relationship through which a (non-repeat) spec explains the access, if it does.
 *
 * @example
 * matchSpec(spec, access, ctx.relationships(access.patient))?.source // 'Encounter/e1'
 */
export function matchSpec(s: TemplateSpec, a: Access, rels: Relationship[]): Relationship | undefined {
  if (s.path === 'repeat') return undefined;
  for (const r of rels) if (linked(r, a, s) && inWindow(r, a.t, s)) return r;
  return undefined;
}

/** The access as the templates see it: user, role and departments from the roster and the event. */
export function accessOf(ctx: ContextLookup, e: { t: number; user: string; patient: string; role?: string; department?: string }): Access {
  const staff = ctx.staffByLogin(e.user);
  const role = staff?.role ?? e.role;
  const department = staff?.department ?? e.department;
  const departments = [staff?.department, e.department].filter((d): d is string => !!d);
  return { t: e.t, user: e.user, patient: e.patient, departments, ...(role ? { role } : {}), ...(department ? { department } : {}), ...(staff ? { staff } : {}) };
}

/** The groups an access belongs to, most specific first. */
export function groupsOf(a: Access): string[] {
  return [...(a.role ? [`role:${a.role.toLowerCase()}`] : []), ...(a.department ? [`department:${a.department.toLowerCase()}`] : []), '*'];
}

/**
 * The access a workforce EHR event records (user, patient, time, role and department as the event
 * and roster say), or undefined for events that are not one (no patient, no user, the patient portal).
 */
export function accessFromEvent(ctx: ContextLookup, e: Pick<WardEvent, '@timestamp' | 'ehr' | 'user'>): Access | undefined {
  const patient = e.ehr?.patient?.id;
  const user = e.user?.name ?? e.user?.id;
  const t = Date.parse(e['@timestamp']);
  if (!patient || !user || e.ehr?.role === 'patient' || !Number.isFinite(t)) return undefined;
  const role = e.ehr?.role ?? e.user?.roles?.[0];
  return accessOf(ctx, { t, user, patient, ...(role ? { role } : {}), ...(e.ehr?.department ? { department: e.ehr.department } : {}) });
}

/** Relationship kinds of the patients in a log (the candidate templates follow each kind). */
export function kindsOf(accesses: Access[], ctx: ContextLookup, sample = 5000): string[] {
  const kinds = new Set<string>();
  const step = Math.max(1, Math.floor(accesses.length / sample));
  for (let i = 0; i < accesses.length; i += step) for (const r of ctx.relationships(accesses[i]!.patient)) kinds.add(r.kind);
  return [...kinds].sort();
}
