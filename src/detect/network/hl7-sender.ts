import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { CategoricalNovelty } from '../../ml/categorical.js';
import { KeyedDetector } from '../keyed-detector.js';
import { networkAlert } from './alert.js';
import { duration, severity } from './config.js';

const config = z.strictObject({
  /** Ports of HL7 MLLP listeners when the sensor did not name the protocol. */
  ports: z.array(z.number().int().min(1).max(65_535)).default([2575, 6661]),
  /** Senders (addresses) registered with the interface engine. Others seen in the learning period are learned. */
  senders: z.array(z.string()).default([]),
  learningPeriod: duration('7d'),
  cooldown: duration('24h'),
  halfLife: duration('90d'),
  severity: severity.default('medium'),
  maxEvidence: z.number().int().positive().max(1000).default(50),
});
type Config = z.output<typeof config>;

interface State { senders: CategoricalNovelty; first: number; last: number; alerted: Record<string, number> }

/** HL7 to an interface engine from a sender it never received from (a rogue feed can inject orders or results). */
class Hl7Sender extends KeyedDetector<State> {
  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(Math.max(cfg.halfLife, 30 * 86_400_000));
  }

  accepts(e: WardEvent): boolean {
    if (e.event.action !== 'connection' || e.event.outcome === 'failure' || !e.source?.ip || !e.destination?.ip) return false;
    const p = e.network?.protocol;
    return p === 'hl7' || p === 'mllp' || this.cfg.ports.includes(Number(e.destination.port));
  }

  key(e: WardEvent): string | undefined {
    return e.destination?.ip ? `${e.destination.ip}:${e.destination.port ?? 0}` : undefined;
  }

  protected fresh(): State {
    return { senders: new CategoricalNovelty(1024, this.cfg.halfLife), first: 0, last: 0, alerted: {} };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    const src = e.source!.ip!;
    if (st.first === 0) st.first = t;
    st.last = Math.max(st.last, t);
    const seen = st.senders.assess(src);
    st.senders.observe(src, t);
    if (t - st.first < this.cfg.learningPeriod || seen.seen || this.cfg.senders.includes(src)) return;
    const at = st.alerted[src];
    if (at !== undefined && t - at < this.cfg.cooldown) return;
    st.alerted[src] = t;
    emit(networkAlert({
      rule: this.rule, key: `${key}<${src}`, first: t, last: t, maxEvidence: this.cfg.maxEvidence,
      title: `HL7 from an unknown sender ${src} to ${key}`, severity: this.cfg.severity,
      ips: [src, key.slice(0, key.lastIndexOf(':'))], techniques: ['T0830', 'T1565.002'],
      summary: `${src} sent HL7 to the interface engine ${key}; it is not a registered sender and never sent before`,
      factors: [{ feature: 'hl7_sender', label: 'HL7 sender', observed: src, baseline: { kind: 'self', value: seen.distinct, description: `${seen.distinct} known senders, ${this.cfg.senders.length} registered` } }],
      evidence: [e.event.id],
    }));
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    return { s: st.senders.toJSON(), f: st.first, l: st.last, a: st.alerted };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as Record<string, unknown>;
    return { senders: CategoricalNovelty.from(r.s, 1024, this.cfg.halfLife), first: Number(r.f) || 0, last: Number(r.l) || 0, alerted: (r.a && typeof r.a === 'object' ? r.a : {}) as Record<string, number> };
  }
}

/** `network.hl7_unknown_sender`: HL7 MLLP to an interface engine from a sender it never had. */
export const hl7UnknownSenderDetector: DetectorDef<Config> = {
  type: 'network.hl7_unknown_sender',
  description: 'HL7 (MLLP) to an interface engine from an address that is neither a registered sender nor one it received from during its learning period.',
  config,
  build: (cfg, ctx) => new Hl7Sender(cfg, ctx.name),
};
