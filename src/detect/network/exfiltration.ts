import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { PeerGroups } from '../../ml/peer-groups.js';
import { QuantileSketch } from '../../ml/quantile-sketch.js';
import { KeyedDetector } from '../keyed-detector.js';
import { bytes, networkAlert } from './alert.js';
import { assets, common, duration, medicalClasses, severity } from './config.js';
import { compileCidrs, flowOf, inCidrs, isFlow, type Cidr } from './flow.js';
import { deviceIdentity, HostClasses, isDeviceIdentity } from './host-class.js';

const config = z.strictObject({
  /** Bytes sent to external addresses within `window` that are worth a look at all (absolute floor). */
  minBytes: z.number().int().min(1).default(50_000_000),
  /** …and how many times the host's (or its class's, whichever is larger) 99th percentile of such windows. */
  factor: z.number().min(1).default(10),
  window: duration('1h'),
  /** No alerts until the detector has watched this long (from the first connection it saw). */
  learningPeriod: duration('3d'),
  /** After an alert, the host is quiet this long unless the volume doubles. */
  cooldown: duration('6h'),
  halfLife: duration('30d'),
  medicalClasses,
  assets,
  severity: severity.default('high'),
  ...common,
});
type Config = z.output<typeof config>;

interface State { cls?: string; start: number; sum: number; dests: Record<string, number>; ids: string[]; hours: QuantileSketch; first: number; last: number; alerted: number; alertedSum: number }

/**
 * Exfiltration-sized uploads: bytes a host sends to external addresses per window, against the
 * decayed quantiles of its own past windows and its device class's.
 */
class Exfiltration extends KeyedDetector<State> {
  private readonly internal: Cidr[];
  /** Earliest event time this instance has seen (restored states included). */
  private origin = 0;
  private readonly classes: HostClasses;
  private readonly peers: PeerGroups<QuantileSketch>;

  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(Math.max(cfg.halfLife * 2, 14 * 86_400_000));
    this.internal = compileCidrs(cfg.internal);
    this.classes = new HostClasses(cfg.assets, cfg.medicalClasses);
    this.peers = new PeerGroups(() => new QuantileSketch(32, cfg.halfLife), 64);
  }

  accepts(e: WardEvent): boolean {
    if (isDeviceIdentity(e)) return true;
    return isFlow(e) && inCidrs(e.source!.ip!, this.internal) && !inCidrs(e.destination!.ip!, this.internal);
  }

  key(e: WardEvent): string | undefined {
    return isDeviceIdentity(e) ? deviceIdentity(e)?.ip : e.source?.ip;
  }

  protected fresh(): State {
    return { start: 0, sum: 0, dests: {}, ids: [], hours: new QuantileSketch(32, this.cfg.halfLife), first: 0, last: 0, alerted: 0, alertedSum: 0 };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    if (isDeviceIdentity(e)) {
      st.cls = deviceIdentity(e)!.cls;
      return;
    }
    const f = flowOf(e, t)!;
    const cls = this.classes.of(key, st.cls);
    if (st.first === 0) st.first = t;
    st.last = Math.max(st.last, t);
    const w = Math.floor(t / this.cfg.window) * this.cfg.window;
    if (w > st.start) {
      // Close the previous window into the host's and the class's baseline.
      if (st.start > 0 && st.sum > 0) {
        st.hours.add(st.sum, st.start + this.cfg.window);
        this.peers.get(cls).add(st.sum, st.start + this.cfg.window);
      }
      st.start = w;
      st.sum = 0;
      st.dests = {};
      st.ids = [];
    }
    st.sum += f.origBytes;
    st.dests[f.dst] = (st.dests[f.dst] ?? 0) + f.origBytes;
    if (f.origBytes > 0 && st.ids.length < this.cfg.maxEvidence) st.ids.push(f.id);
    if (this.origin === 0 || st.first < this.origin) this.origin = st.first;
    // Learning runs from when the sensor started: a host that never sent anything out and suddenly sends gigabytes is the finding.
    if (t - this.origin < this.cfg.learningPeriod || st.sum < this.cfg.minBytes) return;
    const selfP99 = st.hours.weight > 0 ? st.hours.quantile(0.99) : 0;
    const peer = this.peers.peek(cls);
    const classP99 = peer && peer.weight > 0 ? peer.quantile(0.99) : 0;
    const limit = Math.max(this.cfg.minBytes, this.cfg.factor * Math.max(selfP99, classP99));
    if (st.sum < limit) return;
    if (st.alerted && t - st.alerted < this.cfg.cooldown && st.sum < 2 * st.alertedSum) return;
    st.alerted = t;
    st.alertedSum = st.sum;
    const top = Object.entries(st.dests).sort((a, b) => b[1] - a[1]).slice(0, 3);
    emit(networkAlert({
      rule: this.rule, key, first: st.start, last: t, maxEvidence: this.cfg.maxEvidence,
      title: `${bytes(st.sum)} sent by ${key} (${cls}) to external addresses in ${Math.round(this.cfg.window / 60_000)} minutes`,
      severity: this.cfg.severity,
      ips: [key, ...top.map(([d]) => d)], techniques: ['T1048', 'T1041'],
      summary: `${key}, a ${cls}, sent ${bytes(st.sum)} out of the network, mostly to ${top.map(([d, b]) => `${d} (${bytes(b)})`).join(', ')}`,
      factors: [
        { feature: 'bytes_out', label: 'bytes sent to external addresses', observed: st.sum, windowMs: t - st.start, baseline: { kind: 'self', value: selfP99, description: `this host's 99th percentile ${bytes(selfP99)} per ${Math.round(this.cfg.window / 60_000)} minutes` } },
        { feature: 'bytes_out_class', label: `bytes out against class "${cls}"`, observed: st.sum, baseline: { kind: 'peers', value: classP99, description: `class 99th percentile ${bytes(classP99)}` } },
        { feature: 'limit', label: 'alert limit (bytes)', observed: Math.round(limit), threshold: this.cfg.minBytes },
      ],
      evidence: st.ids,
    }));
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    return { c: st.cls, s: st.start, u: st.sum, d: st.dests, h: st.hours.toJSON(), f: st.first, l: st.last, a: st.alerted, as: st.alertedSum };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as Record<string, unknown>;
    const st: State = {
      start: Number(r.s) || 0, sum: Number(r.u) || 0, dests: (r.d && typeof r.d === 'object' ? r.d : {}) as Record<string, number>, ids: [],
      hours: QuantileSketch.from(r.h, 32, this.cfg.halfLife), first: Number(r.f) || 0, last: Number(r.l) || 0, alerted: Number(r.a) || 0, alertedSum: Number(r.as) || 0,
    };
    if (typeof r.c === 'string') {
      st.cls = r.c;
      this.peers.get(r.c).merge(st.hours);
    }
    if (st.first > 0 && (this.origin === 0 || st.first < this.origin)) this.origin = st.first;
    return st;
  }
}

/** `network.exfiltration`: bytes sent out of the network far above the host's and its class's quantiles. */
export const exfiltrationDetector: DetectorDef<Config> = {
  type: 'network.exfiltration',
  description: 'Exfiltration-sized uploads: bytes a host sends to external addresses per hour, compared with the 99th percentile of its own past hours and of its device class.',
  config,
  build: (cfg, ctx) => new Exfiltration(cfg, ctx.name),
};
