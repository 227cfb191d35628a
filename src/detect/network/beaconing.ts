import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { KeyedDetector } from '../keyed-detector.js';
import { bytes, networkAlert } from './alert.js';
import { beaconScore } from './beacon-score.js';
import { common, duration, severity } from './config.js';
import { compileCidrs, flowOf, inCidrs, isFlow, type Cidr } from './flow.js';
import { humanDuration } from '../../core/duration.js';

const config = z.strictObject({
  /** Score (0..1) at or above which a pair is reported; RITA treats ≥ 0.8 as likely beaconing. */
  minScore: z.number().min(0).max(1).default(0.8),
  /** Connections a pair needs before it is scored. */
  minConnections: z.number().int().min(4).default(20),
  /** Connections for a full count score. */
  fullCount: z.number().int().min(4).default(48),
  /** Most recent connections kept per pair (the analysis window). */
  maxSamples: z.number().int().min(8).max(4096).default(256),
  /** A pair idle this long starts over. */
  pairIdle: duration('24h'),
  /** Intervals shorter than this are one burst, not a beacon (retries, parallel connections). */
  minIntervalMs: duration('5s'),
  /** After an alert, the pair is quiet this long. */
  cooldown: duration('24h'),
  /** Destinations never scored (update services, NTP pools…): exact addresses or CIDRs. */
  allow: z.array(z.string()).default([]),
  /** Most destinations tracked per source (least recent dropped). */
  maxPairs: z.number().int().min(8).max(65_536).default(1024),
  severity: severity.default('high'),
  ...common,
});
type Config = z.output<typeof config>;

interface Pair { ts: number[]; sz: number[]; ids: string[]; alerted: number }
interface State { pairs: Map<string, Pair>; last: number }

/** Command-and-control beaconing from an internal host: periodic connections to one external address, RITA-style. */
class Beaconing extends KeyedDetector<State> {
  private readonly internal: Cidr[];
  private readonly allow: Cidr[];

  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(cfg.pairIdle * 2);
    this.internal = compileCidrs(cfg.internal);
    this.allow = compileCidrs(cfg.allow);
  }

  accepts(e: WardEvent): boolean {
    return isFlow(e) && inCidrs(e.source!.ip!, this.internal) && !inCidrs(e.destination!.ip!, this.internal) && !inCidrs(e.destination!.ip!, this.allow);
  }

  key(e: WardEvent): string | undefined {
    return e.source?.ip;
  }

  protected fresh(): State {
    return { pairs: new Map(), last: 0 };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    const f = flowOf(e, t)!;
    st.last = Math.max(st.last, t);
    let p = st.pairs.get(f.dst);
    if (p && t - (p.ts.at(-1) ?? t) > this.cfg.pairIdle) p = undefined;
    if (!p) p = { ts: [], sz: [], ids: [], alerted: 0 };
    st.pairs.delete(f.dst);
    st.pairs.set(f.dst, p);
    if (st.pairs.size > this.cfg.maxPairs) st.pairs.delete(st.pairs.keys().next().value!);
    const prev = p.ts.at(-1);
    if (prev !== undefined && t - prev < this.cfg.minIntervalMs) return;
    p.ts.push(t);
    p.sz.push(f.origBytes);
    p.ids.push(f.id);
    if (p.ts.length > this.cfg.maxSamples) {
      p.ts.shift();
      p.sz.shift();
      p.ids.shift();
    }
    const n = p.ts.length;
    // Score when the pair reaches the minimum, then every tenth connection (cheap, and a slow beacon still gets its turn).
    if (n < this.cfg.minConnections || (n !== this.cfg.minConnections && n % 10 !== 0)) return;
    if (p.alerted && t - p.alerted < this.cfg.cooldown) return;
    const s = beaconScore(p.ts, p.sz, this.cfg.fullCount);
    if (s.score < this.cfg.minScore) return;
    p.alerted = t;
    const jitter = s.medianIntervalMs > 0 ? s.madIntervalMs / s.medianIntervalMs : 0;
    emit(networkAlert({
      rule: this.rule, key: `${key}>${f.dst}`, first: p.ts[0]!, last: t, maxEvidence: this.cfg.maxEvidence,
      title: `Beaconing from ${key} to ${f.dst} every ${humanDuration(s.medianIntervalMs)}`,
      severity: this.cfg.severity,
      ips: [key, f.dst], techniques: ['T1071', 'T1071.001'],
      summary: `${key} connected to ${f.dst} ${n} times at a steady ${humanDuration(s.medianIntervalMs)} (±${Math.round(jitter * 100)} %), sending about ${bytes(s.medianBytes)} each time`,
      factors: [
        { feature: 'beacon_score', label: 'beacon score (RITA-style, 0..1)', observed: Math.round(s.score * 100) / 100, threshold: this.cfg.minScore },
        { feature: 'interval_mad_ratio', label: 'interval jitter (MAD / median)', observed: Math.round(jitter * 1000) / 1000, baseline: { kind: 'threshold', value: 0, description: `interval skew score ${s.tsSkew.toFixed(2)}, MAD score ${s.tsMad.toFixed(2)}` } },
        { feature: 'connections', label: 'connections to the address', observed: n, threshold: this.cfg.minConnections, windowMs: t - p.ts[0]! },
        { feature: 'size_consistency', label: 'payload consistency (0..1)', observed: Math.round(((s.dsSkew + s.dsMad) / 2) * 100) / 100, baseline: { kind: 'threshold', value: s.medianBytes, description: `median ${bytes(s.medianBytes)} sent` } },
      ],
      evidence: p.ids.slice(-this.cfg.maxEvidence),
      evidenceCount: n,
    }));
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    return { p: [...st.pairs], l: st.last };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as { p?: Array<[string, Pair]>; l?: unknown };
    return { pairs: new Map(Array.isArray(r.p) ? r.p : []), last: Number(r.l) || 0 };
  }
}

/** `network.beaconing`: periodic connections with little jitter and consistent payloads from an internal host to one external address. */
export const beaconingDetector: DetectorDef<Config> = {
  type: 'network.beaconing',
  description: 'Command-and-control beaconing: connections from an internal host to one external address at a steady interval with consistent payloads, scored as RITA does (interval skew and MAD, connection count, data-size skew and MAD).',
  config,
  build: (cfg, ctx) => new Beaconing(cfg, ctx.name),
};
