import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AlertDraft, EntityRef, Severity } from '../../core/alert.js';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import { MemoryContext, type ContextLookup } from '../../core/context.js';
import { parseDuration } from '../../core/duration.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { KeyedDetector } from '../keyed-detector.js';
import { assessAccess, riskOf, type AccessFactor, type AssessConfig } from './assess.js';

const duration = (def: string) => z.union([z.string(), z.number()]).default(def).transform((v, c) => {
  try {
    return parseDuration(v);
  } catch (err) {
    c.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const config = z.strictObject({
  /** Alert when an unexplained access scores at least this (0..1, noisy-OR of the factor weights). */
  minScore: z.number().min(0).max(1).default(0.5),
  sensitiveLabels: z.array(z.string()).default(['PSY', 'ETH', 'HIV', 'SDV', 'SUD', 'STD', 'SCA', 'R', 'V']),
  afterCare: duration('30d'),
  beforeCare: duration('2d'),
  shiftGraceMinutes: z.number().int().min(0).default(60),
  timezone: z.string().default('UTC'),
  rolesExplained: z.array(z.string()).default([]),
  /** Distinct patients one user opens within `volumeWindow` that raise a volume alert. */
  volumePatients: z.number().int().positive().default(60),
  volumeWindow: duration('1h'),
  /** Unexplained accesses by one user in a day that raise an alert even if each scores low. */
  unexplainedPerDay: z.number().int().positive().default(8),
  /** Exports or prints by one user within `bulkWindow` that raise a bulk alert. */
  bulkRecords: z.number().int().positive().default(20),
  bulkWindow: duration('1h'),
  maxEvidence: z.number().int().positive().max(1000).default(50),
});
type Config = z.output<typeof config>;

/**
 * The access-assessment settings of an `ehr.access` detector config (raw YAML form or parsed).
 *
 * @example
 * assessConfigOf({ rolesExplained: ['billing'] }).afterCareMs // 2592000000
 */
export function assessConfigOf(raw: unknown): AssessConfig {
  const cfg = config.parse(raw ?? {});
  return {
    sensitiveLabels: cfg.sensitiveLabels.map((s) => s.toUpperCase()),
    afterCareMs: cfg.afterCare,
    beforeCareMs: cfg.beforeCare,
    shiftGraceMin: cfg.shiftGraceMinutes,
    timezone: cfg.timezone,
    rolesExplained: cfg.rolesExplained,
  };
}

interface Hit { t: number; id: string; p: string }
interface UserState {
  /** Recent accesses (volume window). */
  recent: Hit[];
  /** Recent exports/prints (bulk window). */
  bulk: Hit[];
  /** Unexplained accesses of the current UTC day. */
  day: string;
  unexplained: Hit[];
  /** Alert keys already raised (pattern:patient:day), bounded. */
  raised: string[];
  last: number;
}

const SEVERITY = (score: number): Severity => (score >= 0.9 ? 'critical' : score >= 0.7 ? 'high' : 'medium');
const short = (p: string) => (p.length > 14 ? `${p.slice(0, 11)}…` : p);
const aid = (rule: string, key: string, first: string) =>
  `al_${createHash('sha256').update(`${rule}\u0000${key}\u0000${first}`).digest('hex').slice(0, 24)}`;

/**
 * EHR access analytics: each access to a patient's record is explained by a treatment
 * relationship (the user's, or their department's) or scored on what makes it suspicious — VIP
 * or sensitive record, co-worker, family, neighbour, deceased patient, off-shift, break-glass
 * without a reason, access after termination — plus per-user volume, bulk export/print and
 * repeated unexplained access.
 */
class EhrAccess extends KeyedDetector<UserState> {
  private readonly assessCfg: AssessConfig;
  private lookup?: ContextLookup;

  constructor(private readonly cfg: Config, private readonly rule: string, private readonly context: () => ContextLookup) {
    super(Math.max(cfg.volumeWindow, cfg.bulkWindow, 86_400_000) * 2);
    this.assessCfg = assessConfigOf(cfg);
  }

  accepts(e: WardEvent): boolean {
    // Workforce access only: a patient reading their own record through the portal is not scored here.
    return !!e.ehr?.patient?.id && !!(e.user?.name ?? e.user?.id) && e.ehr.role !== 'patient';
  }

  key(e: WardEvent): string | undefined {
    return e.user?.name ?? e.user?.id;
  }

  protected fresh(): UserState {
    return { recent: [], bulk: [], day: '', unexplained: [], raised: [], last: 0 };
  }

  protected step(st: UserState, e: WardEvent, t: number, user: string, emit: EmitAlert): void {
    this.lookup ??= this.context();
    const patient = e.ehr!.patient!.id!;
    const id = e.event.id;
    st.last = t;
    const day = e['@timestamp'].slice(0, 10);
    if (st.day !== day) { st.day = day; st.unexplained = []; }
    prune(st.recent, t - this.cfg.volumeWindow);
    prune(st.bulk, t - this.cfg.bulkWindow);
    st.recent.push({ t, id, p: patient });
    if (st.recent.length > this.cfg.volumePatients * 4) st.recent.shift();
    const action = e.ehr?.action;
    if (action === 'export' || action === 'print') {
      st.bulk.push({ t, id, p: patient });
      if (st.bulk.length > this.cfg.bulkRecords * 4) st.bulk.shift();
    }

    const a = assessAccess(e, this.lookup, this.assessCfg);
    const who = a.staff?.name ? `${a.staff.role ? `${a.staff.role} ` : ''}${a.staff.name} (${user})` : user;
    const entities: EntityRef[] = [{ type: 'user', id: user }, { type: 'patient', id: patient }];

    // 1. The access itself.
    const score = riskOf(a.factors);
    const always = a.factors.some((f) => f.feature === 'after_termination' || f.feature === 'break_glass_no_reason');
    if (!a.explainedBy) st.unexplained.push({ t, id, p: patient });
    if ((always || (!a.explainedBy && score >= this.cfg.minScore)) && this.once(st, `access:${patient}:${day}`)) {
      const names = a.factors.filter((f) => f.feature !== 'no_relationship').map((f) => f.label);
      emit(this.alert(e, user, 'access', id, {
        title: `${names[0] ? capital(names[0]) : 'Unexplained access'}: ${user} opened patient ${short(patient)}`,
        severity: always && a.factors.some((f) => f.feature === 'after_termination') ? 'critical' : SEVERITY(score),
        entities,
        summary: `${who} opened the record of patient ${short(patient)}${a.explainedBy ? ` (explained by ${a.explainedBy})` : ' with no treatment relationship: no encounter, care team or order links them or their department to this patient'}; risk ${score.toFixed(2)}.`,
        factors: a.factors,
        evidence: [id],
        first: t,
      }));
    }

    // 2. Many different patients in a short time.
    const distinct = new Set(st.recent.map((h) => h.p));
    if (distinct.size >= this.cfg.volumePatients && this.once(st, `volume:${Math.floor(t / this.cfg.volumeWindow)}`)) {
      const unexplained = st.recent.filter((h) => st.unexplained.some((u) => u.id === h.id)).length;
      emit(this.alert(e, user, 'volume', st.recent[0]!.id, {
        title: `${user} opened ${distinct.size} patient records in ${Math.round(this.cfg.volumeWindow / 60_000)} minutes`,
        severity: unexplained > distinct.size / 2 ? 'high' : 'medium',
        entities: [{ type: 'user', id: user }],
        summary: `${who} opened ${distinct.size} different patients' records in a short time; ${unexplained} of those accesses had no treatment relationship.`,
        factors: [
          { feature: 'distinct_patients', label: 'distinct patient records opened', observed: distinct.size, weight: 0.5 },
          { feature: 'unexplained_in_window', label: 'of them without a treatment relationship', observed: unexplained, weight: 0 },
        ],
        threshold: this.cfg.volumePatients,
        windowMs: this.cfg.volumeWindow,
        evidence: st.recent.map((h) => h.id),
        first: st.recent[0]!.t,
      }));
    }

    // 3. Bulk export or print.
    if (st.bulk.length >= this.cfg.bulkRecords && this.once(st, `bulk:${Math.floor(t / this.cfg.bulkWindow)}`)) {
      const pts = new Set(st.bulk.map((h) => h.p)).size;
      emit(this.alert(e, user, 'bulk', st.bulk[0]!.id, {
        title: `Bulk export/print of ${pts} patient records by ${user}`,
        severity: 'high',
        entities: [{ type: 'user', id: user }],
        summary: `${who} exported or printed ${st.bulk.length} records of ${pts} patients in a short time.`,
        factors: [{ feature: 'exports', label: 'records exported or printed', observed: st.bulk.length, weight: 0.6 }],
        threshold: this.cfg.bulkRecords,
        windowMs: this.cfg.bulkWindow,
        evidence: st.bulk.map((h) => h.id),
        first: st.bulk[0]!.t,
      }));
    }

    // 4. Repeated unexplained access over the day.
    if (st.unexplained.length >= this.cfg.unexplainedPerDay && this.once(st, `unexplained:${day}`)) {
      emit(this.alert(e, user, 'unexplained', st.unexplained[0]!.id, {
        title: `${user} opened ${st.unexplained.length} records without a treatment relationship today`,
        severity: 'medium',
        entities: [{ type: 'user', id: user }],
        summary: `${who} opened ${st.unexplained.length} patient records today that no encounter, care team or order explains.`,
        factors: [{ feature: 'unexplained_accesses', label: 'unexplained accesses today', observed: st.unexplained.length, weight: 0.5 }],
        threshold: this.cfg.unexplainedPerDay,
        windowMs: 86_400_000,
        evidence: st.unexplained.map((h) => h.id),
        first: st.unexplained[0]!.t,
      }));
    }
  }

  private once(st: UserState, key: string): boolean {
    if (st.raised.includes(key)) return false;
    st.raised.push(key);
    if (st.raised.length > 200) st.raised.shift();
    return true;
  }

  private alert(
    e: WardEvent, user: string, kind: string, firstId: string,
    a: { title: string; severity: Severity; entities: EntityRef[]; summary: string; factors: AccessFactor[]; evidence: string[]; first: number; threshold?: number; windowMs?: number },
  ): AlertDraft {
    const factors = a.factors.map((f) => ({
      feature: f.feature,
      label: f.label,
      observed: f.observed,
      ...(a.threshold !== undefined && f.weight > 0 ? { threshold: a.threshold } : {}),
      ...(a.windowMs !== undefined && f.weight > 0 ? { windowMs: a.windowMs } : {}),
    }));
    return {
      id: aid(this.rule, `${user}:${kind}`, firstId),
      time: e['@timestamp'],
      title: a.title,
      severity: a.severity,
      entities: a.entities,
      firstSeen: new Date(a.first).toISOString(),
      lastSeen: e['@timestamp'],
      explanation: explain(a.summary, factors, a.evidence, a.evidence.length, this.cfg.maxEvidence),
    };
  }

  protected lastSeen(st: UserState): number {
    return st.last;
  }

  protected encode(st: UserState): unknown {
    return st;
  }

  protected decode(raw: unknown): UserState {
    return raw as UserState;
  }
}

function prune(hits: Hit[], before: number): void {
  let i = 0;
  while (i < hits.length && hits[i]!.t < before) i++;
  if (i) hits.splice(0, i);
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const empty = new MemoryContext();

export const ehrAccessDetector: DetectorDef<Config> = {
  type: 'ehr.access',
  description: 'EHR access analytics: unexplained, VIP/sensitive, co-worker, family, neighbour, off-shift, break-glass, after-termination, volume and bulk access.',
  config,
  build: (cfg, ctx) => new EhrAccess(cfg, ctx.name, ctx.clinicalContext ?? (() => empty)),
};
