import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { QuantileSketch } from '../../ml/quantile-sketch.js';
import { KeyedDetector } from '../keyed-detector.js';
import { networkAlert } from './alert.js';
import { common, duration, severity } from './config.js';
import { compileCidrs, flowOf, inCidrs, isFlow, type Cidr } from './flow.js';

const config = z.strictObject({
  window: duration('10m'),
  /** Distinct hosts that failed to answer the source within a window (horizontal scan)… */
  minHosts: z.number().int().min(2).default(25),
  /** …or distinct ports on one host (vertical scan). */
  minPorts: z.number().int().min(2).default(40),
  /** And at least this many times the host's 99th percentile of failed targets per window. */
  factor: z.number().min(1).default(3),
  /** Only internal sources (an internal scan is discovery; the internet scans everyone). */
  internalOnly: z.boolean().default(true),
  halfLife: duration('30d'),
  severity: severity.default('high'),
  ...common,
});
type Config = z.output<typeof config>;

interface State { start: number; hosts: Set<string>; ports: Map<string, Set<number>>; conns: number; ids: string[]; base: QuantileSketch; last: number; alerted: number }

/** Scanning: one source reaching many hosts or ports that do not answer, against its own failed-target baseline. */
class Scan extends KeyedDetector<State> {
  private readonly internal: Cidr[];

  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(Math.max(cfg.halfLife, 7 * 86_400_000));
    this.internal = compileCidrs(cfg.internal);
  }

  accepts(e: WardEvent): boolean {
    return isFlow(e) && e.event.outcome === 'failure' && (!this.cfg.internalOnly || inCidrs(e.source!.ip!, this.internal));
  }

  key(e: WardEvent): string | undefined {
    return e.source?.ip;
  }

  protected fresh(): State {
    return { start: 0, hosts: new Set(), ports: new Map(), conns: 0, ids: [], base: new QuantileSketch(16, this.cfg.halfLife), last: 0, alerted: 0 };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    const f = flowOf(e, t)!;
    st.last = Math.max(st.last, t);
    const w = Math.floor(t / this.cfg.window) * this.cfg.window;
    if (w > st.start) {
      if (st.start > 0 && st.hosts.size > 0) st.base.add(st.hosts.size, st.start + this.cfg.window);
      st.start = w;
      st.hosts = new Set();
      st.ports = new Map();
      st.conns = 0;
      st.ids = [];
    }
    st.conns++;
    st.hosts.add(f.dst);
    let ps = st.ports.get(f.dst);
    if (!ps) st.ports.set(f.dst, (ps = new Set()));
    ps.add(f.dport);
    if (st.ids.length < this.cfg.maxEvidence) st.ids.push(f.id);
    if (st.alerted >= st.start) return;
    const p99 = st.base.weight > 0 ? st.base.quantile(0.99) : 0;
    const maxPorts = Math.max(...[...st.ports.values()].map((s) => s.size));
    const horizontal = st.hosts.size >= Math.max(this.cfg.minHosts, this.cfg.factor * p99);
    const vertical = maxPorts >= this.cfg.minPorts;
    if (!horizontal && !vertical) return;
    st.alerted = t;
    const ports = new Set<number>();
    for (const s of st.ports.values()) for (const p of s) ports.add(p);
    emit(networkAlert({
      rule: this.rule, key, first: st.start, last: t, maxEvidence: this.cfg.maxEvidence,
      title: `${horizontal ? 'Network' : 'Port'} scan from ${key}: ${horizontal ? `${st.hosts.size} hosts` : `${maxPorts} ports`} did not answer`,
      severity: this.cfg.severity,
      ips: [key], techniques: ['T1046'],
      summary: `${key} tried ${st.conns} connections to ${st.hosts.size} hosts on ports ${[...ports].slice(0, 8).join(', ')}${ports.size > 8 ? '…' : ''}; they were refused or unanswered`,
      factors: [
        { feature: 'failed_hosts', label: 'distinct hosts not answering', observed: st.hosts.size, windowMs: t - st.start, threshold: this.cfg.minHosts, baseline: { kind: 'self', value: p99, description: `this host's 99th percentile ${p99.toFixed(1)} per window` } },
        { feature: 'failed_ports', label: 'most ports on one host', observed: maxPorts, threshold: this.cfg.minPorts },
      ],
      evidence: st.ids, evidenceCount: st.conns,
    }));
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    return { b: st.base.toJSON(), l: st.last, a: st.alerted };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as Record<string, unknown>;
    return { ...this.fresh(), base: QuantileSketch.from(r.b, 16, this.cfg.halfLife), last: Number(r.l) || 0, alerted: Number(r.a) || 0 };
  }
}

/** `network.scan`: a host reaching many hosts or ports that refuse or do not answer. */
export const scanDetector: DetectorDef<Config> = {
  type: 'network.scan',
  description: 'Network or port scanning: one internal source whose connections to many distinct hosts (or many ports on one host) are refused or unanswered within a window, above its own baseline.',
  config,
  build: (cfg, ctx) => new Scan(cfg, ctx.name),
};
