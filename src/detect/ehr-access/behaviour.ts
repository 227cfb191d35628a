import { z } from 'zod';
import type { AlertDraft, ExplanationFactor } from '../../core/alert.js';
import type { Detector, DetectorDef, EmitAlert } from '../../core/components.js';
import type { ContextLookup } from '../../core/context.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { RollingIsolationForest, type Attribution } from '../../ml/iforest/index.js';
import { QuantileSketch } from '../../ml/quantile-sketch.js';
import { assessAccess } from './assess.js';
import { accessUser, assessConfigOf, isWorkforceAccess, NO_CONTEXT } from './detector.js';
import { alertId } from '../alert-id.js';
import { behaviourTitle } from './wording.js';

/** What one user did in one hour of the EHR, as the isolation forest sees it. */
export const BEHAVIOUR_FEATURES = [
  'distinct_patients', 'accesses_per_patient', 'prints_exports', 'sensitive_share', 'unexplained_share', 'night', 'volume_vs_own_median',
] as const;

const LABELS: Record<(typeof BEHAVIOUR_FEATURES)[number], string> = {
  distinct_patients: 'distinct patients opened in the hour',
  accesses_per_patient: 'accesses per patient',
  prints_exports: 'records printed or exported',
  sensitive_share: 'share of VIP or sensitive records',
  unexplained_share: 'share of patients without a treatment relationship',
  night: 'at night (00:00–06:00)',
  volume_vs_own_median: "patients opened, relative to the user's own median hour",
};

const config = z.strictObject({
  /** Isolation score (0..1; 0.5 is ordinary) at which a user-hour is reported. */
  minScore: z.number().min(0.5).max(1).default(0.7),
  /** Hours with fewer distinct patients are scored (they train the model) but never reported. */
  minPatients: z.number().int().positive().default(10),
  /** User-hours the model trains on (most recent), how often it is refitted, and when it starts scoring. */
  window: z.number().int().min(64).default(4096),
  refitEvery: z.number().int().positive().default(1024),
  minRows: z.number().int().min(32).default(2048),
  trees: z.number().int().min(10).max(500).default(100),
  /** Access-assessment settings shared with `ehr.access` (roles explained by policy, care windows). */
  rolesExplained: z.array(z.string()).default([]),
  maxEvidence: z.number().int().positive().max(1000).default(50),
});
type Config = z.output<typeof config>;

const HOUR = 3_600_000;
const MODEL_KEY = '\u0000model';

interface Bin { start: number; accesses: number; patients: string[]; printsExports: number; sensitive: number; unexplained: number; evidence: string[] }
interface UserState { bin: Bin; own: QuantileSketch; last: number }

/**
 * EHR behaviour: each user-hour of record access becomes a feature vector (volume, repetition,
 * prints, sensitive and unexplained share, night, volume against the user's own median), and an
 * isolation forest retrained on the most recent user-hours of this shard scores it when the hour
 * closes. A high score is reported with the features that isolated the hour, their observed values
 * and the model's baseline (median, 99th percentile) for each: an unsupervised complement to the
 * rules of `ehr.access`, for patterns no rule names.
 */
class EhrBehaviour implements Detector {
  private readonly users = new Map<string, UserState>();
  private model: RollingIsolationForest;
  private lookup?: ContextLookup;
  private latestHour = 0;
  private readonly assessCfg;

  constructor(private readonly cfg: Config, private readonly rule: string, private readonly context: () => ContextLookup) {
    this.model = this.freshModel();
    this.assessCfg = assessConfigOf({ rolesExplained: cfg.rolesExplained });
  }

  private freshModel(raw?: unknown): RollingIsolationForest {
    const opts = { features: [...BEHAVIOUR_FEATURES], window: this.cfg.window, refitEvery: this.cfg.refitEvery, minRows: this.cfg.minRows, trees: this.cfg.trees, seed: 7 };
    return raw === undefined ? new RollingIsolationForest(opts) : RollingIsolationForest.from(raw, opts);
  }

  accepts(e: WardEvent): boolean {
    return isWorkforceAccess(e);
  }

  key(e: WardEvent): string | undefined {
    return accessUser(e);
  }

  process(e: WardEvent, user: string, emit: EmitAlert): void {
    const t = Date.parse(e['@timestamp']);
    if (!Number.isFinite(t)) return;
    this.lookup ??= this.context();
    const hour = Math.floor(t / HOUR) * HOUR;
    // A new hour of event time closes every user's earlier hour, so quiet users are scored too.
    if (hour > this.latestHour) {
      this.latestHour = hour;
      for (const [u, st] of this.users) {
        if (st.bin.start < hour) this.close(u, st, emit, e);
        if (st.last < hour - 30 * 24 * HOUR) this.users.delete(u);
      }
    }
    let st = this.users.get(user);
    if (!st) this.users.set(user, (st = { bin: emptyBin(hour), own: new QuantileSketch(32), last: t }));
    if (st.bin.start < hour) this.close(user, st, emit, e);
    st.last = t;
    const b = st.bin;
    const patient = e.ehr!.patient!.id!;
    b.accesses++;
    if (!b.patients.includes(patient)) {
      b.patients.push(patient);
      const a = assessAccess(e, this.lookup, this.assessCfg);
      if (a.patient?.vip || (a.patient?.sensitivity.some((s) => this.assessCfg.sensitiveLabels.includes(s.toUpperCase())) ?? false)) b.sensitive++;
      if (!a.explainedBy) b.unexplained++;
    }
    if (e.ehr?.action === 'print' || e.ehr?.action === 'export') b.printsExports++;
    if (b.evidence.length < this.cfg.maxEvidence) b.evidence.push(e.event.id);
  }

  /** Score the user's finished hour against the model (before it trains on it), report it if isolated, then learn it. */
  private close(user: string, st: UserState, emit: EmitAlert, now: WardEvent): void {
    const b = st.bin;
    const n = b.patients.length;
    st.bin = emptyBin(this.latestHour);
    if (n === 0) return;
    const ownMedian = st.own.weight >= 5 ? Math.max(1, st.own.quantile(0.5)) : n;
    const h = new Date(b.start).getUTCHours();
    const row = [n, b.accesses / n, b.printsExports, b.sensitive / n, b.unexplained / n, h < 6 ? 1 : 0, n / ownMedian];
    const score = this.model.score(row);
    if (score !== undefined && score >= this.cfg.minScore && n >= this.cfg.minPatients) {
      const attributions = this.model.explain(row).filter((a) => a.share >= 0.1);
      // Report what stands out by being more (more patients, more unexplained), not an unusually quiet hour.
      if (attributions[0]?.direction === 'high') emit(this.alert(user, b, score, attributions, now));
    }
    this.model.add(row);
    st.own.add(n, b.start + HOUR);
  }

  private alert(user: string, b: Bin, score: number, attributions: Attribution[], now: WardEvent): AlertDraft {
    const hh = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const factors: ExplanationFactor[] = attributions.slice(0, 4).map((a) => ({
      feature: a.feature,
      label: LABELS[a.feature as keyof typeof LABELS] ?? a.feature,
      observed: round(a.observed),
      baseline: { kind: 'peers', value: round(a.baseline.median), description: `median of the user-hours the model learnt from; 99th percentile ${round(a.baseline.p99)}; ${Math.round(a.share * 100)} % of why this hour stood out` },
    }));
    factors.push({ feature: 'isolation_score', label: 'isolation score (0.5 is ordinary)', observed: round(score), threshold: this.cfg.minScore });
    const top = factors.slice(0, -1).map((f) => `${f.label} ${f.observed} (usually ${f.baseline!.value})`).join('; ');
    const summary = `${user}'s EHR use between ${hh(b.start)} and ${hh(b.start + HOUR)} UTC on ${new Date(b.start).toISOString().slice(0, 10)} was unlike the other user-hours the model has seen: ${top}.`;
    return {
      id: alertId(this.rule, user, String(b.start)),
      time: now['@timestamp'],
      title: behaviourTitle({ user, span: `${hh(b.start)}–${hh(b.start + HOUR)} UTC`, patients: b.patients.length, printsExports: b.printsExports, unexplained: b.unexplained, top: attributions.map((a) => a.feature) }),
      // Hundreds of charts in an hour is high whatever the isolation score says.
      severity: score >= 0.8 || b.patients.length >= 100 || b.printsExports >= 20 ? 'high' : 'medium',
      entities: [{ type: 'user', id: user }],
      firstSeen: new Date(b.start).toISOString(),
      lastSeen: new Date(b.start + HOUR).toISOString(),
      explanation: explain(summary, factors, b.evidence, b.accesses, this.cfg.maxEvidence),
    };
  }

  snapshot(): Array<[string, unknown]> {
    const out: Array<[string, unknown]> = [[MODEL_KEY, { model: this.model.toJSON(), latestHour: this.latestHour }]];
    for (const [u, st] of this.users) out.push([u, { bin: st.bin, own: st.own.toJSON(), last: st.last }]);
    return out;
  }

  restore(key: string, state: unknown): void {
    if (key === MODEL_KEY) {
      const s = state as { model?: unknown; latestHour?: number };
      this.model = this.freshModel(s.model);
      this.latestHour = Math.max(this.latestHour, Number(s.latestHour) || 0);
      return;
    }
    const s = state as { bin: Bin; own: unknown; last: number };
    this.users.set(key, { bin: s.bin, own: QuantileSketch.from(s.own, 32), last: s.last });
  }
}

const emptyBin = (start: number): Bin => ({ start, accesses: 0, patients: [], printsExports: 0, sensitive: 0, unexplained: 0, evidence: [] });
const round = (x: number) => Math.round(x * 100) / 100;

export const ehrBehaviourDetector: DetectorDef<Config> = {
  type: 'ehr.behaviour',
  description: 'Unusual hours of EHR use per user, scored by an isolation forest retrained on recent user-hours, with per-feature attributions.',
  config,
  build: (cfg, ctx) => new EhrBehaviour(cfg, ctx.name, ctx.clinicalContext ?? (() => NO_CONTEXT)),
};
