import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { WindowedRate } from '../../ml/rate.js';
import { KeyedDetector } from '../keyed-detector.js';
import { networkAlert } from './alert.js';
import { common, duration, severity } from './config.js';
import { compileCidrs, flowOf, inCidrs, isFlow, type Cidr } from './flow.js';

const config = z.strictObject({
  window: duration('1m'),
  /** Inbound connections per window to one service that are worth a look at all… */
  minConnections: z.number().int().min(1).default(200),
  /** …and this many times the service's 99th percentile per window… */
  factor: z.number().min(1).default(5),
  /** …from at least this many distinct external sources (one source is a client bug or a scanner). */
  minSources: z.number().int().min(1).default(50),
  /** One alert per service per attack: quiet this long after an alert while the flood goes on. */
  cooldown: duration('2h'),
  /** Most distinct sources counted per window (memory bound; the count saturates). */
  maxSources: z.number().int().min(10).default(10_000),
  halfLife: duration('30d'),
  severity: severity.default('high'),
  ...common,
});
type Config = z.output<typeof config>;

interface State { rate: WindowedRate; sources: Set<string>; failed: number; ids: string[]; windowStart: number; last: number; alerted: number; attackFirst: number }

/** Denial of service against an internal service: inbound connection rate far above its baseline, from many external sources. */
class Dos extends KeyedDetector<State> {
  private readonly internal: Cidr[];

  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(Math.max(cfg.halfLife, 7 * 86_400_000));
    this.internal = compileCidrs(cfg.internal);
  }

  accepts(e: WardEvent): boolean {
    return isFlow(e) && !inCidrs(e.source!.ip!, this.internal) && inCidrs(e.destination!.ip!, this.internal);
  }

  key(e: WardEvent): string | undefined {
    const d = e.destination;
    return d?.ip ? `${d.ip}:${d.port ?? 0}` : undefined;
  }

  protected fresh(): State {
    return { rate: new WindowedRate(this.cfg.window, 32, this.cfg.halfLife), sources: new Set(), failed: 0, ids: [], windowStart: 0, last: 0, alerted: 0, attackFirst: 0 };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    const f = flowOf(e, t)!;
    st.last = Math.max(st.last, t);
    // Assess the baseline before this window's count closes into it.
    st.rate.add(t);
    if (st.rate.start !== st.windowStart) {
      st.windowStart = st.rate.start;
      st.sources = new Set();
      st.failed = 0;
      st.ids = [];
    }
    if (st.sources.size < this.cfg.maxSources) st.sources.add(f.src);
    if (f.failed) st.failed++;
    if (st.ids.length < this.cfg.maxEvidence) st.ids.push(f.id);
    const a = st.rate.assess();
    if (a.observed < this.cfg.minConnections || st.sources.size < this.cfg.minSources) return;
    const limit = Math.max(this.cfg.minConnections, this.cfg.factor * a.p99);
    if (a.observed < limit) return;
    if (st.alerted && t - st.alerted < this.cfg.cooldown) {
      st.alerted = t;
      return;
    }
    st.alerted = t;
    const [ip, port] = key.split(':');
    emit(networkAlert({
      rule: this.rule, key, first: st.windowStart, last: t, maxEvidence: this.cfg.maxEvidence,
      title: `Possible DoS on ${key}: ${a.observed} inbound connections in ${Math.round(this.cfg.window / 1000)} s from ${st.sources.size} sources`,
      severity: this.cfg.severity,
      ips: [ip!, ...[...st.sources].slice(0, 5)], techniques: ['T1498', 'T1499'],
      summary: `The service ${ip} port ${port} received ${a.observed} connections from ${st.sources.size} external addresses within ${Math.round(this.cfg.window / 1000)} seconds, ${Math.round((100 * st.failed) / a.observed)} % of them unanswered`,
      factors: [
        { feature: 'inbound_rate', label: 'inbound connections', observed: a.observed, windowMs: t - st.windowStart, baseline: { kind: 'self', value: a.p99, description: `the service's median ${a.median.toFixed(1)} and 99th percentile ${a.p99.toFixed(1)} per active window` } },
        { feature: 'sources', label: 'distinct external sources', observed: st.sources.size, threshold: this.cfg.minSources },
        { feature: 'unanswered_share', label: '% unanswered (half-open)', observed: Math.round((100 * st.failed) / a.observed) },
      ],
      evidence: st.ids, evidenceCount: a.observed,
    }));
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    return { r: st.rate.toJSON(), l: st.last, a: st.alerted };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as Record<string, unknown>;
    const rate = WindowedRate.from(r.r, this.cfg.window, 32, this.cfg.halfLife);
    return { ...this.fresh(), rate, windowStart: rate.start, last: Number(r.l) || 0, alerted: Number(r.a) || 0 };
  }
}

/** `network.dos`: a flood of inbound connections to one internal service from many external sources. */
export const dosDetector: DetectorDef<Config> = {
  type: 'network.dos',
  description: 'Denial of service against an internal service (e.g. the patient portal): inbound connections per minute far above the service\'s 99th percentile, from many distinct external sources.',
  config,
  build: (cfg, ctx) => new Dos(cfg, ctx.name),
};
