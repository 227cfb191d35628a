import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { ExplanationFactor } from '../../core/alert.js';
import type { WardEvent } from '../../core/event.js';
import { decayFactor, templateText, type DrainTemplate } from '../../ml/index.js';
import { KeyedDetector } from '../keyed-detector.js';
import { logAnomalyConfig, type Finding, type LogAnomalyConfig } from './config.js';
import { emitFinding } from './findings.js';
import type { OpenSession } from './sessions.js';
import { decayed, decodeState, encodeState, freshState, type KeyState } from './state.js';

const HOUR = 3_600_000;
/** Keys are host and program joined by a character neither can hold in a syslog header. */
const SEP = '\u0001';

/** Counters a host can read (telemetry; not persisted). */
export interface LogAnomalyCounters { lines: number; scored: number; keysEvicted: number; templatesEvicted: number; truncated: number; suppressed: number; sessionsClosed: number; sessionsEvicted: number; alerts: Record<Finding, number> }

/**
 * `logs.anomaly`: learns, per host and program, the templates of its log lines (Drain) and how they
 * usually follow and repeat, then reports what departs from that: a template never seen before, a
 * burst of a rare template, a transition the learned sequence model does not expect, and a window
 * whose template counts are far above their usual level. Nothing is reported during a key's
 * warm-up; every learned count decays, so what keeps happening becomes normal.
 */
export class LogAnomalyDetector extends KeyedDetector<KeyState> {
  private readonly modules: Set<string> | undefined;
  private readonly enabled: Set<Finding>;
  private readonly sessionRe: RegExp | undefined;
  readonly counters: LogAnomalyCounters = { lines: 0, scored: 0, keysEvicted: 0, templatesEvicted: 0, truncated: 0, suppressed: 0, sessionsClosed: 0, sessionsEvicted: 0, alerts: { new_template: 0, rare_burst: 0, transition: 0, count: 0, session: 0 } };

  constructor(readonly cfg: LogAnomalyConfig, readonly rule: string) {
    // Idle keys are forgotten after four half-lives: by then their counts weigh < 7 %.
    super(cfg.halfLife * 4);
    this.modules = cfg.modules.length ? new Set(cfg.modules) : undefined;
    this.enabled = new Set(cfg.findings);
    this.sessionRe = cfg.sessionPattern ? new RegExp(cfg.sessionPattern) : undefined;
  }

  accepts(e: WardEvent): boolean {
    if (typeof e.message !== 'string' || e.message.length === 0) return false;
    if (!e.host?.name && !e.process?.name) return false;
    return !this.modules || this.modules.has(e.event.module ?? '');
  }

  key(e: WardEvent): string | undefined {
    return `${e.host?.name ?? '-'}${SEP}${e.process?.name ?? '-'}`;
  }

  protected fresh(): KeyState {
    // Beyond the key cap, forget the oldest tenth (Map order = first seen): a flood of new hosts
    // cannot grow memory without bound.
    if (this.states.size >= this.cfg.maxKeys) {
      let drop = Math.max(1, Math.floor(this.cfg.maxKeys / 10));
      for (const k of this.states.keys()) { if (drop-- <= 0) break; this.states.delete(k); this.counters.keysEvicted++; }
    }
    return freshState(this.cfg, Number.NaN);
  }

  protected lastSeen(s: KeyState): number { return s.last; }
  protected encode(s: KeyState): unknown { return encodeState(s); }
  protected decode(raw: unknown): KeyState { return decodeState(raw, this.cfg); }

  protected step(s: KeyState, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    const cfg = this.cfg;
    if (Number.isNaN(s.first)) { s.first = t; s.totalT = t; s.tokensT = t; s.winStart = Math.floor(t / cfg.window) * cfg.window; }
    this.counters.lines++;
    if (t >= s.winStart + cfg.window) this.closeWindow(s, t, key, e, emit);
    const m = s.drain.add(e.message!);
    if (m.truncated) this.counters.truncated++;
    if (m.evicted) for (const id of m.evicted) { s.stats.delete(id); s.win.delete(id); s.trans.forget(id); s.sessions?.forget(id); this.counters.templatesEvicted++; }
    const id = m.template.id;
    if (s.sessions && this.sessionRe) {
      // The id is read from the raw line: Drain's masks would have replaced it by <*>.
      const hit = this.sessionRe.exec(e.message!.length > cfg.maxLineLength ? e.message!.slice(0, cfg.maxLineLength) : e.message!);
      const sid = hit ? (hit[1] ?? hit[0]) : undefined;
      const evictedBefore = s.sessions.evicted;
      const closed = sid !== undefined ? s.sessions.add(sid, id, e.event.id, t) : s.sessions.expire(t);
      this.counters.sessionsEvicted += s.sessions.evicted - evictedBefore;
      for (const c of closed) this.closeSession(s, c, e, t, key, emit);
    }
    let st = s.stats.get(id);
    const isNew = !st;
    if (!st) { st = { n: 0, t, mean: 0, varc: 0, windows: 0 }; s.stats.set(id, st); }
    // Share of this template among the key's lines before this one (decayed).
    const f = decayFactor(t - s.totalT, cfg.halfLife);
    if (f < 1) { s.total *= f; s.totalT = t; }
    const before = decayed(st, t, cfg.halfLife);
    const share = s.total > 0 ? before / s.total : 0;
    const trans = s.prev >= 0 && !isNew && s.stats.has(s.prev) ? s.trans.observe(s.prev, id, t) : undefined;
    if (s.prev >= 0 && !trans) s.trans.observe(s.prev, id, t);
    st.n += 1; s.total += 1; s.lines++;
    if (t > s.last) s.last = t;
    const inWin = (s.win.get(id) ?? 0) + 1;
    s.win.set(id, inWin);
    const warm = s.lines > cfg.warmupLines && t - s.first >= cfg.warmup;
    if (warm) {
      this.counters.scored++;
      if (isNew) this.novelty(s, e, t, key, m.template, emit);
      else if (inWin >= cfg.burstMin && share < cfg.rareShare && !s.winAlerted.has(id) && this.enabled.has('rare_burst')) {
        s.winAlerted.add(id);
        this.alert(s, e, t, key, 'rare_burst', emit, m.template, `A rare log template burst on ${this.who(key)}`, [
          { feature: 'template_lines', label: 'lines of a rare template in this window', observed: inWin, threshold: cfg.burstMin, windowMs: cfg.window },
          { feature: 'template_share', label: 'share of the key\'s lines before this window', observed: Number(share.toPrecision(3)), baseline: { kind: 'self', value: cfg.rareShare, description: `rare below ${cfg.rareShare}` } },
        ]);
      } else if (trans?.unexpected && this.enabled.has('transition')) {
        const prevT = s.drain.get(s.prev);
        this.alert(s, e, t, key, 'transition', emit, m.template, `An unexpected log sequence on ${this.who(key)}`, [
          { feature: 'transition_probability', label: 'times this template followed the previous one (decayed)', observed: Number(trans.count.toPrecision(3)), baseline: { kind: 'self', value: Number(trans.total.toPrecision(4)), description: `of ${trans.total.toFixed(0)} lines after "${clip(prevT ? templateText(prevT) : '?')}"; expected one of ${trans.expected.length} usual next templates` } },
          { feature: 'previous_template', label: 'previous template', observed: clip(prevT ? templateText(prevT) : '?') },
        ]);
      }
    }
    s.prev = id;
    this.remember(s, e.event.id);
  }

  /** Judge a closed session (once its model is fitted and the key warm); normal sessions are learned. */
  private closeSession(s: KeyState, c: OpenSession, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    const tracker = s.sessions!;
    this.counters.sessionsClosed++;
    const warm = s.lines > this.cfg.warmupLines && t - s.first >= this.cfg.warmup;
    const j = warm ? tracker.judge(c) : undefined;
    if (!j || !j.verdict.anomalous) { tracker.learn(c); return; }
    if (!this.enabled.has('session')) return;
    // Out of budget: count it without building the explanation (a burst of broken sessions must stay cheap).
    if (!this.hasBudget(s, t)) { s.suppressed++; this.counters.suppressed++; return; }
    const text = (index: number) => { const tid = j.templateOf(index); const tm = tid >= 0 ? s.drain.get(tid) : undefined; return tm ? clip(templateText(tm)) : 'a template no training session had'; };
    const { counts, sequence } = j.verdict;
    const factors: ExplanationFactor[] = counts.violations.slice(0, 3).map((v) => ({
      feature: 'session_template_count', label: `lines of "${text(v.key)}" in the session`, observed: v.observed,
      baseline: { kind: 'self' as const, value: v.observed > v.max ? v.max : v.min, description: `normal sessions had ${v.min}–${v.max} (${tracker.train.length} learned)` },
    }));
    factors.push(sequence.key === -1
      ? { feature: 'session_sequence', label: 'the session ended where no normal session ends', observed: `after ${sequence.position} lines` }
      : { feature: 'session_sequence', label: `line ${sequence.position + 1} of the session was not among the ${sequence.expected.length} templates expected there`, observed: text(sequence.key), baseline: { kind: 'self', value: sequence.expected.length, description: `expected: ${sequence.expected.slice(0, 3).map((k) => `"${text(k)}"`).join(', ')}${sequence.expected.length > 3 ? ', …' : ''}` } });
    factors.push({ feature: 'session_lines', label: 'lines in the session', observed: c.keys.length, windowMs: Math.max(0, c.last - c.first) });
    const tid = sequence.key >= 0 ? j.templateOf(sequence.key) : j.templateOf(counts.violations[0]?.key ?? -1);
    const tmpl = (tid >= 0 ? s.drain.get(tid) : undefined) ?? s.drain.get(c.keys[c.keys.length - 1]!);
    if (!tmpl) return;
    this.alert(s, e, t, key, 'session', emit, tmpl, `An anomalous session on ${this.who(key)}`, factors, `:${c.events[0] ?? ''}`, c.events);
  }

  private who(key: string): string {
    const [host, prog] = key.split(SEP);
    return `${prog} on ${host}`;
  }

  private remember(s: KeyState, id: string): void {
    const n = this.cfg.evidenceLines;
    if (n === 0) return;
    if (s.ring.length < n) s.ring.push(id);
    else { s.ring[s.ringAt] = id; s.ringAt = (s.ringAt + 1) % n; }
  }

  /** New templates: the first after a quiet spell alerts; more within `noveltyWindow` are folded; a flood alerts once. */
  private novelty(s: KeyState, e: WardEvent, t: number, key: string, tmpl: DrainTemplate, emit: EmitAlert): void {
    if (!this.enabled.has('new_template')) return;
    if (t < s.novelUntil) {
      s.novelFolded++;
      if (s.novelFolded + 1 >= this.cfg.floodTemplates && !s.novelFlood) {
        s.novelFlood = true;
        this.alert(s, e, t, key, 'new_template', emit, tmpl, `A flood of new log templates on ${this.who(key)}`, [
          { feature: 'new_templates', label: 'new templates', observed: s.novelFolded + 1, threshold: this.cfg.floodTemplates, windowMs: this.cfg.noveltyWindow },
          { feature: 'templates_evicted', label: 'templates evicted so far (cap reached)', observed: s.drain.stats.evicted, baseline: { kind: 'threshold', value: this.cfg.maxTemplatesPerKey, description: `cap ${this.cfg.maxTemplatesPerKey} per host+program` } },
        ], 'flood');
      }
      return;
    }
    const folded = s.novelFolded;
    s.novelUntil = t + this.cfg.noveltyWindow; s.novelFolded = 0; s.novelFlood = false;
    this.alert(s, e, t, key, 'new_template', emit, tmpl, `A log line unlike any seen before on ${this.who(key)}`, [
      { feature: 'template_count', label: 'earlier lines with this template', observed: 0, baseline: { kind: 'self', value: s.drain.stats.templates - 1, description: `${s.drain.stats.templates - 1} templates learned from ${s.lines - 1} lines` } },
      ...(folded ? [{ feature: 'folded_new_templates', label: 'further new templates folded into the previous alert', observed: folded }] : []),
    ]);
  }

  /** Close the window(s) before t: count anomalies against each template's usual count, then learn. */
  private closeWindow(s: KeyState, t: number, key: string, e: WardEvent, emit: EmitAlert): void {
    const cfg = this.cfg;
    const alpha = 1 - Math.pow(0.5, cfg.window / Math.max(cfg.window, cfg.halfLife));
    const warm = s.lines > cfg.warmupLines && t - s.first >= cfg.warmup;
    let worst: { id: number; c: number; z: number; mean: number; sd: number } | undefined;
    // Only windows with lines teach the usual counts: a host that logs in office hours is not
    // judged against its silent nights.
    if (s.win.size) {
      for (const [id, st] of s.stats) {
        const c = s.win.get(id) ?? 0;
        if (warm && c >= cfg.countMin && st.windows >= 10 && !s.winAlerted.has(id)) {
          const sd = Math.sqrt(st.varc + st.mean + 1);
          const z = (c - st.mean) / sd;
          if (z >= cfg.countZ && (!worst || z > worst.z)) worst = { id, c, z, mean: st.mean, sd };
        }
        // Plain average over the first windows, then exponential (an EWMA started at 0 would take
        // weeks to reach the usual level and see every window as a spike meanwhile).
        const a = Math.max(alpha, 1 / (st.windows + 1));
        const d = c - st.mean;
        st.mean += a * d;
        st.varc = (1 - a) * (st.varc + a * d * d);
        st.windows++;
      }
    }
    if (worst && this.enabled.has('count')) {
      const tmpl = s.drain.get(worst.id);
      if (tmpl) this.alert(s, e, t, key, 'count', emit, tmpl, `Log volume far above usual on ${this.who(key)}`, [
        { feature: 'template_window_count', label: 'lines of one template in a window', observed: worst.c, windowMs: cfg.window, baseline: { kind: 'self', value: Number(worst.mean.toFixed(2)), description: `usual ${worst.mean.toFixed(1)} ± ${worst.sd.toFixed(1)} per window, ${worst.z.toFixed(1)} standard deviations above` } },
      ], String(s.winStart));
    }
    s.win.clear();
    s.winAlerted.clear();
    s.winStart = Math.floor(t / cfg.window) * cfg.window;
  }

  /** Emit within the key's hourly budget; what the budget stops is counted and reported with the next alert. */
  /** Refill the key's token bucket to time t; true when an alert may be emitted. */
  private hasBudget(s: KeyState, t: number): boolean {
    const cfg = this.cfg;
    s.tokens = Math.min(cfg.maxAlertsPerHour, s.tokens + ((t - s.tokensT) / HOUR) * cfg.maxAlertsPerHour);
    s.tokensT = t;
    return s.tokens >= 1;
  }

  private alert(s: KeyState, e: WardEvent, t: number, key: string, kind: Finding, emit: EmitAlert, tmpl: DrainTemplate, title: string, factors: ExplanationFactor[], salt = '', ownEvidence?: string[]): void {
    const cfg = this.cfg;
    if (!this.hasBudget(s, t)) { s.suppressed++; this.counters.suppressed++; return; }
    s.tokens -= 1;
    const suppressed = s.suppressed;
    s.suppressed = 0;
    this.counters.alerts[kind]++;
    const [host, program] = key.split(SEP) as [string, string];
    emitFinding(emit, {
      rule: this.rule, key, kind, title, host, program, event: e, t, template: tmpl, factors,
      suppressed, evidence: ownEvidence ?? orderedRing(s), salt, maxEvidence: cfg.evidenceLines + 1, severity: cfg.severity, ...(ownEvidence ? { ownEvidence: true } : {}),
    });
  }
}

function orderedRing(s: KeyState): string[] {
  return s.ring.length ? [...s.ring.slice(s.ringAt), ...s.ring.slice(0, s.ringAt)] : [];
}

function clip(s: string, n = 200): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

export const logAnomalyDetector: DetectorDef<LogAnomalyConfig> = {
  type: 'logs.anomaly',
  description: 'Learned log anomalies per host and program: new templates, rare-template bursts, unexpected sequences, count spikes and anomalous sessions (Drain templates).',
  config: logAnomalyConfig,
  build: (cfg, ctx) => new LogAnomalyDetector(cfg, ctx.name),
};
