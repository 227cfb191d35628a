import { z } from 'zod';
import type { AlertDraft, EntityRef, ExplanationFactor, Severity } from '../../core/alert.js';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import { MemoryContext, type ContextLookup, type ExplanationTemplate } from '../../core/context.js';
import { durationField } from '../../core/duration.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { TemplateExplainer } from '../../ml/explanations/explainer.js';
import { PeerGroups } from '../../ml/peer-groups.js';
import { QuantileSketch } from '../../ml/quantile-sketch.js';
import { alertId } from '../alert-id.js';
import { KeyedDetector } from '../keyed-detector.js';
import { assessAccess, riskOf, type AccessFactor, type AssessConfig } from './assess.js';
import { accessText } from './wording.js';

const duration = durationField;

/** A mined explanation template given in the config (the store's templates are read as well). */
const templateSchema = z.strictObject({
  id: z.number().int().min(0),
  key: z.string().min(1),
  group: z.string().min(1),
  path: z.enum(['self', 'department', 'anyone', 'repeat']),
  kinds: z.array(z.string()),
  phase: z.enum(['during', 'after']),
  beforeMs: z.number().min(0),
  afterMs: z.number().min(0),
  maxAgeMs: z.number().min(0).optional(),
  text: z.string(),
  coverage: z.number().min(0).max(1),
  precision: z.number().min(0).max(1),
  support: z.number().min(0),
  status: z.enum(['proposed', 'approved', 'retired']),
  approvedBy: z.string().optional(),
  version: z.number().int().min(0),
});

const config = z.strictObject({
  /** Alert when an unexplained access scores at least this (0..1, noisy-OR of the factor weights). */
  minScore: z.number().min(0).max(1).default(0.6),
  /** Opening the same unexplained record this many times in a day is a factor of its own (`repeated`, 0.4). */
  repeatedAccesses: z.number().int().min(2).default(4),
  /** Per-access alerts per user and day; past it, the daily unexplained-access alert speaks for the rest. */
  maxAccessAlertsPerDay: z.number().int().positive().default(5),
  sensitiveLabels: z.array(z.string()).default(['PSY', 'ETH', 'HIV', 'SDV', 'SUD', 'STD', 'SCA', 'R', 'V']),
  afterCare: duration('30d'),
  beforeCare: duration('2d'),
  shiftGraceMinutes: z.number().int().min(0).default(60),
  timezone: z.string().default('UTC'),
  rolesExplained: z.array(z.string()).default([]),
  /**
   * Volume: distinct patients one user opens per clock-aligned `volumeWindow`, compared with the
   * user's own past windows and their peer group's (role and department). Until either baseline
   * exists, `volumePatients` is the limit (cold start).
   */
  volumePatients: z.number().int().positive().default(60),
  volumeWindow: duration('1h'),
  /** Never alert on fewer distinct patients than this, whatever the baselines say. */
  volumeMinimum: z.number().int().positive().default(20),
  /** Past active windows before the user's own baseline counts, and before a peer group's does. */
  volumeUserWindows: z.number().int().positive().default(10),
  volumePeerWindows: z.number().int().positive().default(50),
  /** The user's limit: max(p99 × `volumeFactor`, median + `volumeRobustZ` robust σ); the peers': p99 × `volumeFactor`. */
  volumeFactor: z.number().min(1).default(1.5),
  volumeRobustZ: z.number().positive().default(6),
  /**
   * Share of the window's patients without a treatment relationship needed to alert (busy work that
   * every relationship explains — month-end billing — is not a spike worth a look), unless the
   * count reaches `volumeFactor`² × the limit.
   */
  volumeMinUnexplainedShare: z.number().min(0).max(1).default(0.25),
  /** Half-life of the volume baselines (they follow a changing job). */
  baselineHalfLife: duration('30d'),
  /** Distinct patients opened without a relationship by one user in a day that raise an alert even if each access scores low. */
  unexplainedPerDay: z.number().int().positive().default(8),
  /**
   * Role baseline of unexplained patients per day: once the user's role has `unexplainedPeerDays`
   * user-days (or, before that, the user has `unexplainedUserDays` of their own), the daily alert
   * also needs more than `volumeFactor` × that baseline's 99th percentile, so a role whose work is
   * routinely unexplained (registration, pharmacy) is judged against its own base rate, not a nurse's.
   */
  unexplainedPeerDays: z.number().int().positive().default(30),
  unexplainedUserDays: z.number().int().positive().default(7),
  /** Explanation templates given here; those mined into the store (`wardwatch ehr templates --mine`) are added when `minedTemplates`. */
  templates: z.array(templateSchema).default([]),
  minedTemplates: z.boolean().default(true),
  /** How often (wall-clock seconds) the store's templates are re-read; a privacy officer's decision applies within it. */
  templateRefreshSeconds: z.number().int().min(0).default(60),
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

interface Hit { t: number; id: string; p: string; n?: number }
/** The current clock-aligned volume window: its accesses (capped), distinct patients, and those unexplained. */
interface VolumeBin { start: number; hits: Hit[]; patients: string[]; unexplained: string[] }
interface UserState {
  /** The current volume window. */
  bin: VolumeBin;
  /** Distinct patients per past active window (decayed quantile sketch), and the peer group it feeds. */
  volume: QuantileSketch;
  group?: string;
  /** Recent exports/prints (bulk window). */
  bulk: Hit[];
  /** Unexplained accesses of the current UTC day (one per patient), and per-access alerts raised that day. */
  day: string;
  unexplained: Hit[];
  accessAlerts?: number;
  /** Unexplained distinct patients per past active day (the user's own base rate). */
  daily: QuantileSketch;
  /** Patients explained earlier (repeat access), only in snapshots. */
  memory?: Array<[string, number]>;
  /** Alert keys already raised (pattern:patient:day), bounded. */
  raised: string[];
  last: number;
  /** The user (for the repeat memory in snapshots). */
  user?: string;
}

const SEVERITY = (score: number): Severity => (score >= 0.9 ? 'critical' : score >= 0.7 ? 'high' : 'medium');
const short = (p: string) => (p.length > 14 ? `${p.slice(0, 11)}…` : p);

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
  private readonly peers: PeerGroups<QuantileSketch>;
  /** Unexplained patients per user-day, by role (the role's base rate). */
  private readonly dailyPeers: PeerGroups<QuantileSketch>;
  private readonly explainer: TemplateExplainer;
  private templatesRead = 0;

  constructor(
    private readonly cfg: Config, private readonly rule: string, private readonly context: () => ContextLookup,
    private readonly mined?: () => ExplanationTemplate[],
  ) {
    super(Math.max(cfg.volumeWindow, cfg.bulkWindow, 86_400_000) * 2);
    this.assessCfg = assessConfigOf(cfg);
    this.peers = new PeerGroups(() => new QuantileSketch(64, cfg.baselineHalfLife), 512);
    this.dailyPeers = new PeerGroups(() => new QuantileSketch(64, cfg.baselineHalfLife), 512);
    this.explainer = new TemplateExplainer(cfg.templates as ExplanationTemplate[]);
  }

  /** Config templates plus the store's, re-read every `templateRefreshSeconds` (a privacy officer's decision applies within it). */
  private refreshTemplates(): void {
    if (!this.cfg.minedTemplates || !this.mined) return;
    const now = Date.now();
    if (this.templatesRead && now - this.templatesRead < this.cfg.templateRefreshSeconds * 1000) return;
    this.templatesRead = now;
    let stored: ExplanationTemplate[] = [];
    try {
      stored = this.mined();
    } catch {
      return; // no store (tests, a bare runtime): the config's templates only
    }
    const ids = new Set(stored.map((t) => `${t.group}\u0000${t.key}`));
    this.explainer.setTemplates([...stored, ...(this.cfg.templates as ExplanationTemplate[]).filter((t) => !ids.has(`${t.group}\u0000${t.key}`))]);
  }

  accepts(e: WardEvent): boolean {
    return isWorkforceAccess(e);
  }

  key(e: WardEvent): string | undefined {
    return accessUser(e);
  }

  protected fresh(): UserState {
    return { bin: { start: 0, hits: [], patients: [], unexplained: [] }, volume: new QuantileSketch(32, this.cfg.baselineHalfLife), daily: new QuantileSketch(32, this.cfg.baselineHalfLife), bulk: [], day: '', unexplained: [], raised: [], last: 0 };
  }

  protected step(st: UserState, e: WardEvent, t: number, user: string, emit: EmitAlert): void {
    this.lookup ??= this.context();
    this.refreshTemplates();
    const patient = e.ehr!.patient!.id!;
    const id = e.event.id;
    st.last = t;
    st.user = user;
    const day = e['@timestamp'].slice(0, 10);
    if (st.day !== day) {
      // The finished day joins the user's and their role's base rate of unexplained patients.
      if (st.day) {
        st.daily.add(st.unexplained.length, t);
        if (st.group) this.dailyPeers.get(roleOf(st.group)).add(st.unexplained.length, t);
      }
      st.day = day; st.unexplained = []; st.accessAlerts = 0;
    }
    prune(st.bulk, t - this.cfg.bulkWindow);
    const action = e.ehr?.action;
    if (action === 'export' || action === 'print') {
      st.bulk.push({ t, id, p: patient });
      if (st.bulk.length > this.cfg.bulkRecords * 4) st.bulk.shift();
    }

    const a = assessAccess(e, this.lookup, this.assessCfg, this.explainer);
    const who = a.staff?.name ? `${a.staff.role ? `${a.staff.role} ` : ''}${a.staff.name} (${user})` : user;
    const role = a.staff?.role ?? e.ehr?.role;
    const dept = a.staff?.department ?? e.ehr?.department;
    this.rollBin(st, t, role ? `${role}:${dept ?? ''}` : undefined);
    const bin = st.bin;
    if (bin.hits.length < this.cfg.maxEvidence * 4) bin.hits.push({ t, id, p: patient });
    if (!bin.patients.includes(patient)) bin.patients.push(patient);
    if (!a.explainedBy && !bin.unexplained.includes(patient)) bin.unexplained.push(patient);
    const entities: EntityRef[] = [{ type: 'user', id: user }, { type: 'patient', id: patient }];

    // 1. The access itself.
    if (!a.explainedBy) {
      let hit = st.unexplained.find((h) => h.p === patient);
      if (!hit) st.unexplained.push((hit = { t, id, p: patient, n: 0 }));
      hit.n = (hit.n ?? 0) + 1;
      // A quick look while helping out is once or twice; coming back again and again to a record with no reason is not.
      if (hit.n >= this.cfg.repeatedAccesses) a.factors.push({ feature: 'repeated', label: 'the same record opened again and again today without a reason', observed: hit.n, weight: 0.4 });
    }
    const score = riskOf(a.factors);
    const always = a.factors.some((f) => f.feature === 'after_termination' || f.feature === 'break_glass_no_reason' || f.feature === 'family');
    const underCap = (st.accessAlerts ?? 0) < this.cfg.maxAccessAlertsPerDay;
    if ((always || (!a.explainedBy && score >= this.cfg.minScore)) && underCap && this.once(st, `access:${patient}:${day}`)) {
      st.accessAlerts = (st.accessAlerts ?? 0) + 1;
      const names = a.factors.filter((f) => f.feature !== 'no_relationship').map((f) => f.label);
      emit(this.alert(e, user, 'access', id, {
        title: `${names[0] ? capital(names[0]) : 'Unexplained access'}: ${user} opened patient ${short(patient)}`,
        severity: always && a.factors.some((f) => f.feature === 'after_termination') ? 'critical' : SEVERITY(score),
        entities,
        summary: `${who} opened the record of patient ${short(patient)}${a.explainedBy ? ` (explained by ${a.explainedBy})` : ' with no treatment relationship'}.`,
        text: accessText(`${who} opened the record of patient ${short(patient)}${a.explainedBy ? ` (explained by ${a.explainedBy})` : ''}`, score, a.factors),
        factors: a.factors,
        evidence: [id],
        first: t,
      }));
    }

    // 2. Many different patients in one window, against the user's own baseline and their peers'.
    const distinct = bin.patients.length;
    if (distinct >= this.cfg.volumeMinimum) {
      const v = this.volumeLimit(st);
      const share = bin.unexplained.length / distinct;
      const loud = distinct >= v.limit * this.cfg.volumeFactor * this.cfg.volumeFactor;
      if (distinct >= v.limit && (share >= this.cfg.volumeMinUnexplainedShare || loud) && this.once(st, `volume:${bin.start}`)) {
        emit(this.volumeAlert(e, user, who, st, v));
      }
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

    // 4. Repeated unexplained access over the day, against the role's (or, before it has one, the user's own) base rate.
    const daily = st.unexplained.length >= this.cfg.unexplainedPerDay ? this.dailyLimit(st) : undefined;
    if (daily && st.unexplained.length > daily.limit && this.once(st, `unexplained:${day}`)) {
      const base = daily.basis === 'peers'
        ? `; their role's (${daily.group}) 99th percentile is ${fmt(daily.p99)} a day over ${Math.round(daily.days)} user-days`
        : daily.basis === 'self' ? `; their own 99th percentile is ${fmt(daily.p99)} a day over ${Math.round(daily.days)} days` : '';
      emit(this.alert(e, user, 'unexplained', st.unexplained[0]!.id, {
        title: `${user} opened ${st.unexplained.length} records without a treatment relationship today`,
        severity: 'medium',
        entities: [{ type: 'user', id: user }],
        summary: `${who} opened the records of ${st.unexplained.length} patients today that no encounter, care team, order or explanation template explains${base}.`,
        factors: [{
          feature: 'unexplained_patients', label: 'patients opened without a treatment relationship today', observed: st.unexplained.length, weight: 0.5,
          ...(daily.basis !== 'none' ? { baseline: { kind: daily.basis, value: round(daily.p99), description: daily.basis === 'peers' ? `99th percentile of unexplained patients per day of ${daily.group} staff` : "the user's own 99th percentile of unexplained patients per day" } } : {}),
        }],
        threshold: daily.limit,
        windowMs: 86_400_000,
        evidence: st.unexplained.map((h) => h.id),
        first: st.unexplained[0]!.t,
      }));
    }
  }

  /** The day's unexplained-patient limit: the role's base rate once known, else the user's own, else the fixed floor. */
  private dailyLimit(st: UserState): { limit: number; basis: 'peers' | 'self' | 'none'; p99: number; days: number; group?: string } {
    const c = this.cfg;
    const floor = c.unexplainedPerDay - 1;
    const role = st.group ? roleOf(st.group) : undefined;
    const g = role ? this.dailyPeers.peek(role) : undefined;
    if (g && g.weight >= c.unexplainedPeerDays) {
      const p99 = g.quantile(0.99);
      return { limit: Math.max(floor, Math.floor(p99 * c.volumeFactor)), basis: 'peers', p99, days: g.weight, group: role! };
    }
    if (st.daily.weight >= c.unexplainedUserDays) {
      const p99 = st.daily.quantile(0.99);
      return { limit: Math.max(floor, Math.floor(p99 * c.volumeFactor)), basis: 'self', p99, days: st.daily.weight };
    }
    return { limit: floor, basis: 'none', p99: 0, days: 0 };
  }

  /** Close the window `t` has left (into the user's and the peer group's baselines) and open `t`'s. */
  private rollBin(st: UserState, t: number, group: string | undefined): void {
    const start = Math.floor(t / this.cfg.volumeWindow) * this.cfg.volumeWindow;
    if (group && group !== st.group) st.group = group;
    if (start <= st.bin.start) return;
    const n = st.bin.patients.length;
    if (st.bin.start > 0 && n > 0) {
      const end = st.bin.start + this.cfg.volumeWindow;
      st.volume.add(n, end);
      if (st.group) this.peers.get(st.group).add(n, end);
    }
    st.bin = { start, hits: [], patients: [], unexplained: [] };
  }

  /** The volume limit for this user now, and the baselines behind it (for the explanation). */
  private volumeLimit(st: UserState): VolumeLimit {
    const c = this.cfg;
    const own = st.volume.weight >= c.volumeUserWindows
      ? { median: st.volume.quantile(0.5), p99: st.volume.quantile(0.99), windows: st.volume.weight } : undefined;
    const g = st.group ? this.peers.peek(st.group) : undefined;
    const peers = g && g.weight >= c.volumePeerWindows
      ? { group: st.group!, median: g.quantile(0.5), p99: g.quantile(0.99), windows: g.weight } : undefined;
    let limit = c.volumePatients;
    if (own || peers) {
      const { median, scale } = st.volume.robust(1);
      const ownLimit = own ? Math.max(own.p99 * c.volumeFactor, median + c.volumeRobustZ * scale) : 0;
      limit = Math.max(ownLimit, peers ? peers.p99 * c.volumeFactor : 0);
    }
    return { limit: Math.max(c.volumeMinimum, Math.ceil(limit)), ...(own ? { own } : {}), ...(peers ? { peers } : {}) };
  }

  private volumeAlert(e: WardEvent, user: string, who: string, st: UserState, v: VolumeLimit): AlertDraft {
    const bin = st.bin;
    const distinct = bin.patients.length;
    const unexplained = bin.unexplained.length;
    const hh = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const span = `between ${hh(bin.start)} and ${hh(bin.start + this.cfg.volumeWindow)} UTC`;
    const against = [
      v.own ? `their median is ${fmt(v.own.median)} an hour (99th percentile ${fmt(v.own.p99)})` : 'they have no baseline yet',
      v.peers ? `their peers' (${v.peers.group.replace(':', ' in ')}) 99th percentile is ${fmt(v.peers.p99)}` : undefined,
    ].filter(Boolean).join('; ');
    return this.alert(e, user, 'volume', bin.hits[0]!.id, {
      title: `${user} opened ${distinct} patient records in ${Math.round(this.cfg.volumeWindow / 60_000)} minutes`,
      severity: unexplained > distinct / 2 ? 'high' : 'medium',
      entities: [{ type: 'user', id: user }],
      summary: `${who} opened ${distinct} patients' records ${span}; ${against}; ${unexplained} of them had no treatment relationship.`,
      factors: [
        {
          feature: 'distinct_patients', label: 'distinct patient records opened', observed: distinct, weight: 0.5,
          ...(v.own ? { baseline: { kind: 'self' as const, value: round(v.own.median), description: `the user's median per window; 99th percentile ${round(v.own.p99)} over ${Math.round(v.own.windows)} active windows` } } : {}),
        },
        ...(v.peers ? [{
          feature: 'distinct_patients_vs_peers', label: `distinct patient records opened, against the peer group ${v.peers.group}`, observed: distinct, weight: 0.5,
          baseline: { kind: 'peers' as const, value: round(v.peers.p99), description: `the peer group's 99th percentile per window; median ${round(v.peers.median)} over ${Math.round(v.peers.windows)} windows` },
        }] : []),
        { feature: 'unexplained_in_window', label: 'of them without a treatment relationship', observed: unexplained, weight: 0 },
      ],
      threshold: v.limit,
      windowMs: this.cfg.volumeWindow,
      evidence: bin.hits.map((h) => h.id),
      first: bin.hits[0]!.t,
    });
  }

  private once(st: UserState, key: string): boolean {
    if (st.raised.includes(key)) return false;
    st.raised.push(key);
    if (st.raised.length > 200) st.raised.shift();
    return true;
  }

  private alert(
    e: WardEvent, user: string, kind: string, firstId: string,
    a: { title: string; severity: Severity; entities: EntityRef[]; summary: string; text?: string; factors: Array<AccessFactor & Pick<ExplanationFactor, 'baseline'>>; evidence: string[]; first: number; threshold?: number; windowMs?: number },
  ): AlertDraft {
    const factors = a.factors.map((f) => ({
      feature: f.feature,
      label: f.label,
      observed: f.observed,
      ...(a.threshold !== undefined && f.weight > 0 ? { threshold: a.threshold } : {}),
      ...(a.windowMs !== undefined && f.weight > 0 ? { windowMs: a.windowMs } : {}),
      ...(f.baseline !== undefined ? { baseline: f.baseline } : {}),
    }));
    return {
      id: alertId(this.rule, `${user}:${kind}`, firstId),
      time: e['@timestamp'],
      title: a.title,
      severity: a.severity,
      entities: a.entities,
      firstSeen: new Date(a.first).toISOString(),
      lastSeen: e['@timestamp'],
      explanation: { ...explain(a.summary, factors, a.evidence, a.evidence.length, this.cfg.maxEvidence), ...(a.text ? { text: a.text } : {}) },
    };
  }

  protected lastSeen(st: UserState): number {
    return st.last;
  }

  protected encode(st: UserState): unknown {
    const memory = st.user ? this.explainer.memoryOf(st.user) : [];
    return { ...st, volume: st.volume.toJSON(), daily: st.daily.toJSON(), ...(memory.length ? { memory } : {}) };
  }

  protected decode(raw: unknown): UserState {
    const r = raw as Omit<UserState, 'volume' | 'daily'> & { volume?: unknown; daily?: unknown };
    const st: UserState = {
      ...this.fresh(), ...r,
      volume: QuantileSketch.from(r.volume, 32, this.cfg.baselineHalfLife),
      daily: QuantileSketch.from(r.daily, 32, this.cfg.baselineHalfLife),
    };
    // Peer aggregates are derived: every restored user's baseline rejoins its group.
    if (st.group) {
      this.peers.get(st.group).merge(st.volume);
      this.dailyPeers.get(roleOf(st.group)).merge(st.daily);
    }
    if (st.user && r.memory) this.explainer.restoreMemory(st.user, r.memory);
    delete st.memory;
    return st;
  }

}

function prune(hits: Hit[], before: number): void {
  let i = 0;
  while (i < hits.length && hits[i]!.t < before) i++;
  if (i) hits.splice(0, i);
}

/** The role part of a `role:department` peer group. */
const roleOf = (group: string) => group.split(':')[0]!;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const round = (x: number) => Math.round(x * 10) / 10;
const fmt = (x: number) => String(Math.round(x));

interface VolumeLimit {
  limit: number;
  own?: { median: number; p99: number; windows: number };
  peers?: { group: string; median: number; p99: number; windows: number };
}

/** No clinical context (tests, or a runtime without one): nothing is explained by a relationship. */
export const NO_CONTEXT: ContextLookup = new MemoryContext();

/** The user who opened the record. */
export const accessUser = (e: WardEvent): string | undefined => e.user?.name ?? e.user?.id;

/** Workforce access to a patient's record; a patient reading their own record through the portal is not scored. */
export const isWorkforceAccess = (e: WardEvent): boolean => !!e.ehr?.patient?.id && !!accessUser(e) && e.ehr.role !== 'patient';

export const ehrAccessDetector: DetectorDef<Config> = {
  type: 'ehr.access',
  description: 'EHR access analytics: unexplained, VIP/sensitive, co-worker, family, neighbour, off-shift, break-glass, after-termination, volume and bulk access.',
  config,
  build: (cfg, ctx) => new EhrAccess(cfg, ctx.name, ctx.clinicalContext ?? (() => NO_CONTEXT), ctx.ehrTemplates),
};
