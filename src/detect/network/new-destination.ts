import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { CategoricalNovelty } from '../../ml/categorical.js';
import { PeerGroups } from '../../ml/peer-groups.js';
import { KeyedDetector } from '../keyed-detector.js';
import { bytes, networkAlert } from './alert.js';
import { assets, common, duration, medicalClasses, severity } from './config.js';
import { compileCidrs, flowOf, inCidrs, isFlow, type Cidr } from './flow.js';
import { deviceIdentity, HostClasses, isDeviceIdentity } from './host-class.js';

const config = z.strictObject({
  /** Which sources are watched: `medical` classes only, any host of `known` class (telemetry or assets), or `all`. */
  scope: z.enum(['medical', 'known', 'all']).default('known'),
  /** No alerts until the detector has watched this long (from the first connection it saw). */
  learningPeriod: duration('7d'),
  /** A destination becomes a finding once the host made this many connections to it within `confirmWindow` (one vendor download is not a channel)… */
  minConnections: z.number().int().min(1).default(5),
  /** …or sent this many bytes to it. */
  minUploadBytes: z.number().int().min(1).default(5_000_000),
  confirmWindow: duration('1h'),
  /** A destination the device's class used this many times is not new to the class. */
  peerKnownCount: z.number().int().min(1).default(3),
  maxValues: z.number().int().min(4).max(4096).default(256),
  halfLife: duration('60d'),
  medicalClasses,
  assets,
  severity: severity.default('medium'),
  ...common,
});
type Config = z.output<typeof config>;

interface Pending { n: number; up: number; first: number; ids: string[] }
interface State { cls?: string; dests: CategoricalNovelty; pending: Record<string, Pending>; first: number; last: number; n: number }

/** A device (or known server) talking to an external address that neither it nor its class used before, confirmed by repetition or volume. */
class NewExternalDestination extends KeyedDetector<State> {
  private readonly internal: Cidr[];
  /** Earliest event time this instance has seen (restored states included). */
  private origin = 0;
  private readonly classes: HostClasses;
  private readonly peers: PeerGroups<CategoricalNovelty>;

  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(Math.max(cfg.halfLife * 2, 30 * 86_400_000));
    this.internal = compileCidrs(cfg.internal);
    this.classes = new HostClasses(cfg.assets, cfg.medicalClasses);
    this.peers = new PeerGroups(() => new CategoricalNovelty(cfg.maxValues * 4, cfg.halfLife), 64);
  }

  accepts(e: WardEvent): boolean {
    if (isDeviceIdentity(e)) return true;
    return isFlow(e) && inCidrs(e.source!.ip!, this.internal) && !inCidrs(e.destination!.ip!, this.internal);
  }

  key(e: WardEvent): string | undefined {
    return isDeviceIdentity(e) ? deviceIdentity(e)?.ip : e.source?.ip;
  }

  protected fresh(): State {
    return { dests: new CategoricalNovelty(this.cfg.maxValues, this.cfg.halfLife), pending: {}, first: 0, last: 0, n: 0 };
  }

  private watched(cls: string): boolean {
    if (this.cfg.scope === 'all') return true;
    if (this.cfg.scope === 'medical') return this.classes.isMedical(cls);
    return cls !== 'host';
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    if (isDeviceIdentity(e)) {
      st.cls = deviceIdentity(e)!.cls;
      return;
    }
    const f = flowOf(e, t)!;
    const cls = this.classes.of(key, st.cls);
    st.last = Math.max(st.last, t);
    if (st.first === 0) st.first = t;
    const peer = this.peers.get(cls);
    // The learning period runs from when the sensor started, not from the host's first external
    // connection: a server that never went out and suddenly does is the finding, not a newcomer.
    if (this.origin === 0 || st.first < this.origin) this.origin = st.first;
    const learning = t - this.origin < this.cfg.learningPeriod;
    st.n++;
    // Destinations pending confirmation whose window closed without enough evidence become known.
    for (const [d, p] of Object.entries(st.pending)) {
      if (t - p.first > this.cfg.confirmWindow) {
        delete st.pending[d];
        st.dests.observe(d, t);
        peer.observe(d, t);
      }
    }
    const self = st.dests.assess(f.dst);
    const group = peer.assess(f.dst);
    if (learning || !this.watched(cls) || self.seen || group.count >= this.cfg.peerKnownCount) {
      st.dests.observe(f.dst, t);
      peer.observe(f.dst, t);
      return;
    }
    const p = (st.pending[f.dst] ??= { n: 0, up: 0, first: t, ids: [] });
    p.n++;
    p.up += f.origBytes;
    if (p.ids.length < this.cfg.maxEvidence) p.ids.push(f.id);
    if (p.n < this.cfg.minConnections && p.up < this.cfg.minUploadBytes) return;
    delete st.pending[f.dst];
    st.dests.observe(f.dst, t);
    peer.observe(f.dst, t);
    const medical = this.classes.isMedical(cls);
    emit(networkAlert({
      rule: this.rule, key, first: p.first, last: t, maxEvidence: this.cfg.maxEvidence,
      title: `${medical ? 'Medical device' : 'Host'} ${key} (${cls}) talks to a new external address ${f.dst}`,
      severity: medical && this.cfg.severity === 'medium' ? 'high' : this.cfg.severity,
      ips: [key, f.dst], techniques: medical ? ['T0883', 'T1071'] : ['T1071'],
      summary: `${key}, a ${cls}, opened ${p.n} connections to ${f.dst} (${bytes(p.up)} sent); neither the host nor its class had used that address.`,
      factors: [
        { feature: 'new_destination', label: 'external address, new for this host', observed: f.dst, baseline: { kind: 'self', value: self.distinct, description: `${self.distinct} external address${self.distinct === 1 ? '' : 'es'} in its ${Math.round((t - st.first) / 86_400_000)}-day history` } },
        { feature: 'new_destination_class', label: `external address among class "${cls}"`, observed: f.dst, baseline: { kind: 'peers', value: group.count, description: group.count ? `used ${group.count} times by the class` : `never used by the class (${group.distinct} known)` } },
        { feature: 'connections', label: 'connections to it', observed: p.n, threshold: this.cfg.minConnections, windowMs: t - p.first },
      ],
      evidence: p.ids,
      evidenceCount: p.n,
    }));
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    return { c: st.cls, d: st.dests.toJSON(), p: st.pending, f: st.first, l: st.last, n: st.n };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as { c?: unknown; d?: unknown; p?: Record<string, Pending>; f?: unknown; l?: unknown; n?: unknown };
    const st: State = { dests: CategoricalNovelty.from(r.d, this.cfg.maxValues, this.cfg.halfLife), pending: r.p && typeof r.p === 'object' ? r.p : {}, first: Number(r.f) || 0, last: Number(r.l) || 0, n: Number(r.n) || 0 };
    if (typeof r.c === 'string') {
      st.cls = r.c;
      // Class aggregates are derived: rebuild them from the restored hosts.
      this.peers.get(r.c).merge(st.dests);
    }
    if (st.first > 0 && (this.origin === 0 || st.first < this.origin)) this.origin = st.first;
    return st;
  }
}

/** `network.new_external_destination`: a device or known server opens a channel to an external address new to it and to its class. */
export const newExternalDestinationDetector: DetectorDef<Config> = {
  type: 'network.new_external_destination',
  description: 'A medical device or known server talks to an external address that neither it nor its device class used before, confirmed by repeated connections or upload volume; quiet during a learning period.',
  config,
  build: (cfg, ctx) => new NewExternalDestination(cfg, ctx.name),
};
