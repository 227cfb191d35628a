import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { CategoricalNovelty } from '../../ml/categorical.js';
import { KeyedDetector } from '../keyed-detector.js';
import { bytes, networkAlert } from './alert.js';
import { common, duration, severity } from './config.js';
import { compileCidrs, flowOf, inCidrs, type Cidr } from './flow.js';

const config = z.strictObject({
  /** Ports that carry DICOM when the sensor did not name the protocol. */
  ports: z.array(z.number().int().min(1).max(65_535)).default([104, 11112]),
  /** Application entity titles the site registered (PACS, modalities, teleradiology): associations to others are reported. */
  registeredAeTitles: z.array(z.string().min(1)).default([]),
  /** Remote DICOM peers allowed off-site (teleradiology, cloud archive): addresses or CIDRs. */
  registeredPeers: z.array(z.string()).default([]),
  /** Titles and internal peers seen in a host's first days are learned as registered. */
  learningPeriod: duration('7d'),
  /** One alert per host and peer (or title) within this time. */
  cooldown: duration('24h'),
  halfLife: duration('90d'),
  severity: severity.default('high'),
  ...common,
});
type Config = z.output<typeof config>;

interface Episode { first: number; last: number; n: number; up: number; ids: string[] }
interface State { titles: CategoricalNovelty; peers: CategoricalNovelty; first: number; last: number; open: Record<string, Episode>; alerted: Record<string, number> }

/** The called AE title of a DICOM event (decoders write `dicom.called_ae_title`; rules use `dicom.destination_ae`). */
function calledAe(e: WardEvent): string | undefined {
  const d = e.dicom as Record<string, unknown> | undefined;
  const v = d?.called_ae_title ?? d?.destination_ae;
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** DICOM sent off-site or to an application entity the site never registered. */
class DicomDestination extends KeyedDetector<State> {
  private readonly internal: Cidr[];
  private readonly allowed: Cidr[];
  private readonly registered: Set<string>;

  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(Math.max(cfg.halfLife, 30 * 86_400_000));
    this.internal = compileCidrs(cfg.internal);
    this.allowed = compileCidrs(cfg.registeredPeers);
    this.registered = new Set(cfg.registeredAeTitles.map((s) => s.toUpperCase()));
  }

  accepts(e: WardEvent): boolean {
    if (!e.source?.ip || !e.destination?.ip) return false;
    if (e.dicom !== undefined) return true;
    const proto = e.network?.protocol;
    return e.event.action === 'connection' && (proto === 'dicom' || this.cfg.ports.includes(Number(e.destination.port)));
  }

  key(e: WardEvent): string | undefined {
    return e.source?.ip;
  }

  protected fresh(): State {
    return { titles: new CategoricalNovelty(256, this.cfg.halfLife), peers: new CategoricalNovelty(256, this.cfg.halfLife), first: 0, last: 0, open: {}, alerted: {} };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    const f = flowOf(e, t)!;
    if (st.first === 0) st.first = t;
    st.last = Math.max(st.last, t);
    const learning = t - st.first < this.cfg.learningPeriod;
    const external = !inCidrs(f.dst, this.internal);
    const ae = calledAe(e);
    const reasons: string[] = [];
    const factors = [];
    if (external && !inCidrs(f.dst, this.allowed)) {
      reasons.push('off-site');
      factors.push({ feature: 'dicom_offsite', label: 'DICOM peer outside the network', observed: f.dst, baseline: { kind: 'threshold' as const, value: this.cfg.registeredPeers.length, description: this.cfg.registeredPeers.length ? `registered remote peers: ${this.cfg.registeredPeers.join(', ')}` : 'no remote DICOM peer is registered' } });
    }
    if (ae) {
      const seen = st.titles.assess(ae.toUpperCase());
      if (!learning && !this.registered.has(ae.toUpperCase()) && !seen.seen) {
        reasons.push(`unregistered AE title "${ae}"`);
        factors.push({ feature: 'dicom_unregistered_ae', label: 'called AE title', observed: ae, baseline: { kind: 'self' as const, value: seen.distinct, description: `${this.registered.size} registered titles, ${seen.distinct} learned for this host` } });
      }
      if (learning) st.titles.observe(ae.toUpperCase(), t);
    }
    if (!external) {
      const peer = st.peers.assess(f.dst);
      if (!learning && !peer.seen && !ae) {
        reasons.push('new internal DICOM peer');
        factors.push({ feature: 'dicom_new_peer', label: 'internal DICOM peer, new for this host', observed: f.dst, baseline: { kind: 'self' as const, value: peer.distinct, description: `${peer.distinct} peers in its history` } });
      }
      st.peers.observe(f.dst, t);
    }
    if (!reasons.length) return;
    const k = `${f.dst}|${ae ?? ''}`;
    const ep = (st.open[k] ??= { first: t, last: t, n: 0, up: 0, ids: [] });
    ep.n++;
    ep.up += f.origBytes;
    ep.last = t;
    if (ep.ids.length < this.cfg.maxEvidence) ep.ids.push(f.id);
    const prev = st.alerted[k];
    if (prev !== undefined && t - prev < this.cfg.cooldown) return;
    st.alerted[k] = t;
    delete st.open[k];
    for (const [x, at] of Object.entries(st.alerted)) if (t - at > this.cfg.cooldown) delete st.alerted[x];
    factors.push({ feature: 'bytes_sent', label: 'bytes sent', observed: bytes(ep.up) });
    emit(networkAlert({
      rule: this.rule, key: `${key}>${k}`, first: ep.first, last: t, maxEvidence: this.cfg.maxEvidence,
      title: `DICOM from ${key} to ${f.dst}${ae ? ` (AE "${ae}")` : ''}: ${reasons.join(', ')}`,
      severity: external ? this.cfg.severity : 'medium',
      ips: [key, f.dst], techniques: external ? ['T1048', 'T1041'] : ['T1021'],
      summary: `${key} sent DICOM to ${f.dst}${ae ? ` as "${ae}"` : ''}: ${reasons.join(', ')}`,
      factors, evidence: ep.ids, evidenceCount: ep.n,
    }));
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    return { t: st.titles.toJSON(), p: st.peers.toJSON(), f: st.first, l: st.last, a: st.alerted };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as Record<string, unknown>;
    return {
      titles: CategoricalNovelty.from(r.t, 256, this.cfg.halfLife), peers: CategoricalNovelty.from(r.p, 256, this.cfg.halfLife),
      first: Number(r.f) || 0, last: Number(r.l) || 0, open: {}, alerted: (r.a && typeof r.a === 'object' ? r.a : {}) as Record<string, number>,
    };
  }
}

/** `network.dicom_destination`: DICOM associations off-site or to an unregistered AE title. */
export const dicomDestinationDetector: DetectorDef<Config> = {
  type: 'network.dicom_destination',
  description: 'DICOM sent off-site (to an address outside the network that is not a registered remote peer), to an unregistered called AE title, or to an internal peer new for the host after its learning period.',
  config,
  build: (cfg, ctx) => new DicomDestination(cfg, ctx.name),
};
