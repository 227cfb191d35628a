import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { CategoricalNovelty } from '../../ml/categorical.js';
import { PeerGroups } from '../../ml/peer-groups.js';
import { KeyedDetector } from '../keyed-detector.js';
import { networkAlert } from './alert.js';
import { assets, common, duration, medicalClasses, severity } from './config.js';
import { compileCidrs, flowOf, inCidrs, isFlow, type Cidr } from './flow.js';
import { deviceIdentity, HostClasses, isDeviceIdentity } from './host-class.js';

const ADMIN_NAMES: Record<number, string> = { 22: 'SSH', 135: 'RPC', 139: 'SMB', 445: 'SMB', 3389: 'RDP', 5985: 'WinRM', 5986: 'WinRM', 5900: 'VNC' };

const config = z.strictObject({
  /** Remote-administration ports (SMB, RDP, SSH, WinRM, RPC, VNC). */
  adminPorts: z.array(z.number().int().min(1).max(65_535)).default([22, 135, 139, 445, 3389, 5985, 5986, 5900]),
  /** Other hosts: this many distinct internal peers reached on admin ports for the first time within `window`. */
  minNewPeers: z.number().int().min(1).default(3),
  window: duration('1h'),
  learningPeriod: duration('7d'),
  minHistory: z.number().int().min(1).default(20),
  /** A peer:port the class used this many times is not new to the class. */
  peerKnownCount: z.number().int().min(1).default(3),
  cooldown: duration('6h'),
  maxValues: z.number().int().min(8).max(4096).default(256),
  halfLife: duration('60d'),
  medicalClasses,
  assets,
  severity: severity.default('high'),
  ...common,
});
type Config = z.output<typeof config>;

interface State { cls?: string; peers: CategoricalNovelty; recent: Array<[number, string, string]>; first: number; last: number; n: number; alerted: number }

/**
 * Lateral movement: a medical device reaching an internal peer or port its class never uses (SMB
 * or RDP from a pump is never right), or any host suddenly reaching several new peers on
 * remote-administration ports.
 */
class Lateral extends KeyedDetector<State> {
  private readonly internal: Cidr[];
  private readonly classes: HostClasses;
  private readonly groups: PeerGroups<CategoricalNovelty>;

  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(Math.max(cfg.halfLife, 30 * 86_400_000));
    this.internal = compileCidrs(cfg.internal);
    this.classes = new HostClasses(cfg.assets, cfg.medicalClasses);
    this.groups = new PeerGroups(() => new CategoricalNovelty(cfg.maxValues * 4, cfg.halfLife), 64);
  }

  accepts(e: WardEvent): boolean {
    if (isDeviceIdentity(e)) return true;
    return isFlow(e) && e.event.outcome !== 'failure' && inCidrs(e.source!.ip!, this.internal) && inCidrs(e.destination!.ip!, this.internal);
  }

  key(e: WardEvent): string | undefined {
    return isDeviceIdentity(e) ? deviceIdentity(e)?.ip : e.source?.ip;
  }

  protected fresh(): State {
    return { peers: new CategoricalNovelty(this.cfg.maxValues, this.cfg.halfLife), recent: [], first: 0, last: 0, n: 0, alerted: 0 };
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
    const learning = t - st.first < this.cfg.learningPeriod || st.n < this.cfg.minHistory;
    st.n++;
    const v = `${f.dst}:${f.dport}`;
    const self = st.peers.assess(v);
    const group = this.groups.get(cls);
    const peer = group.assess(v);
    st.peers.observe(v, t);
    group.observe(v, t);
    if (learning || self.seen || peer.count >= this.cfg.peerKnownCount) return;
    const admin = this.cfg.adminPorts.includes(f.dport);
    const medical = this.classes.isMedical(cls);
    if (!medical && !admin) return;
    st.recent = st.recent.filter(([at]) => t - at <= this.cfg.window);
    st.recent.push([t, v, f.id]);
    const adminNew = st.recent.filter(([, x]) => this.cfg.adminPorts.includes(Number(x.split(':').pop())));
    const fire = medical || adminNew.length >= this.cfg.minNewPeers;
    if (!fire || (st.alerted && t - st.alerted < this.cfg.cooldown)) return;
    st.alerted = t;
    const list = medical ? [[t, v, f.id] as [number, string, string]] : adminNew;
    const what = list.map(([, x]) => `${x}${ADMIN_NAMES[Number(x.split(':').pop())] ? ` (${ADMIN_NAMES[Number(x.split(':').pop())]})` : ''}`);
    emit(networkAlert({
      rule: this.rule, key, first: list[0]![0], last: t, maxEvidence: this.cfg.maxEvidence,
      title: medical ? `${cls} ${key} reaches ${what[0]}, new for the device and its class` : `Lateral movement from ${key}: ${list.length} new internal peers on admin ports`,
      severity: medical && admin ? 'critical' : this.cfg.severity,
      ips: [key, ...list.map(([, x]) => x.slice(0, x.lastIndexOf(':')))], techniques: admin ? ['T1021', ...(f.dport === 3389 ? ['T1021.001'] : f.dport === 445 || f.dport === 139 ? ['T1021.002'] : [])] : ['T1021'],
      summary: `${key}, a ${cls}, connected to ${what.join(', ')}; ${medical ? 'neither the device nor its class had' : 'it had not'} talked to ${list.length === 1 ? 'that peer and port' : 'those peers and ports'}`,
      factors: [
        { feature: 'new_internal_peers', label: 'internal peer:port, new for this host', observed: what.join(', '), baseline: { kind: 'self', value: self.distinct, description: `${self.distinct} internal peer:ports in its history` } },
        { feature: 'new_internal_peers_class', label: `among class "${cls}"`, observed: list.length, baseline: { kind: 'peers', value: peer.count, description: peer.count ? `used ${peer.count} times by the class` : `never used by the class (${peer.distinct} known)` } },
      ],
      evidence: list.map(([, , id]) => id),
    }));
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    return { c: st.cls, p: st.peers.toJSON(), f: st.first, l: st.last, n: st.n, a: st.alerted };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as Record<string, unknown>;
    const st: State = { peers: CategoricalNovelty.from(r.p, this.cfg.maxValues, this.cfg.halfLife), recent: [], first: Number(r.f) || 0, last: Number(r.l) || 0, n: Number(r.n) || 0, alerted: Number(r.a) || 0 };
    if (typeof r.c === 'string') {
      st.cls = r.c;
      this.groups.get(r.c).merge(st.peers);
    }
    return st;
  }
}

/** `network.lateral_movement`: new internal peers/ports for a medical device or its class; bursts of new admin-port peers. */
export const lateralMovementDetector: DetectorDef<Config> = {
  type: 'network.lateral_movement',
  description: 'Lateral movement: a medical device reaching an internal peer or port that neither it nor its class used (SMB/RDP from a device is critical), or any host reaching several new internal peers on remote-administration ports within an hour; after a learning period.',
  config,
  build: (cfg, ctx) => new Lateral(cfg, ctx.name),
};
