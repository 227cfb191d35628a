import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { KeyedDetector } from '../keyed-detector.js';
import { networkAlert } from './alert.js';
import { duration, severity } from './config.js';
import { entropy, splitDomain } from './dns-features.js';

const config = z.strictObject({
  window: duration('1h'),
  /** Distinct subdomains of one domain queried by one client within the window… */
  minUniqueSubdomains: z.number().int().min(2).default(150),
  /** …most of them long or random-looking: share of queries with a subdomain ≥ `longLabel` characters or entropy ≥ `minEntropy`. */
  minEncodedShare: z.number().min(0).max(1).default(0.6),
  longLabel: z.number().int().min(8).default(32),
  minEntropy: z.number().min(0).default(3.5),
  /** TXT/NULL queries to one domain within the window (payload-carrying record types). */
  minTxt: z.number().int().min(1).default(200),
  /** Domains never reported (CDNs, anti-virus lookups that encode hashes in names). */
  allowDomains: z.array(z.string()).default([]),
  maxDomains: z.number().int().min(8).default(256),
  cooldown: duration('6h'),
  severity: severity.default('high'),
  maxEvidence: z.number().int().positive().max(1000).default(50),
});
type Config = z.output<typeof config>;

interface Dom { start: number; subs: Set<string>; encoded: number; queries: number; txt: number; maxLen: number; ids: string[]; alerted: number }
interface State { doms: Map<string, Dom>; last: number }

/** DNS tunnelling: many unique, long or high-entropy subdomains of one domain, or a volume of TXT queries, from one client. */
class DnsTunnel extends KeyedDetector<State> {
  private readonly allow: Set<string>;

  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(cfg.window * 4);
    this.allow = new Set(cfg.allowDomains.map((d) => d.toLowerCase()));
  }

  accepts(e: WardEvent): boolean {
    const dns = e.dns as { question?: { name?: unknown } } | undefined;
    return typeof dns?.question?.name === 'string' && !!e.source?.ip;
  }

  key(e: WardEvent): string | undefined {
    return e.source?.ip;
  }

  protected fresh(): State {
    return { doms: new Map(), last: 0 };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    st.last = Math.max(st.last, t);
    const q = (e.dns as { question: { name: string; type?: string } }).question;
    const { domain, sub } = splitDomain(q.name);
    if (!sub || this.allow.has(domain)) return;
    let d = st.doms.get(domain);
    if (d && t - d.start > this.cfg.window) d = undefined;
    if (!d) {
      d = { start: t, subs: new Set(), encoded: 0, queries: 0, txt: 0, maxLen: 0, ids: [], alerted: st.doms.get(domain)?.alerted ?? 0 };
      st.doms.delete(domain);
      st.doms.set(domain, d);
      if (st.doms.size > this.cfg.maxDomains) st.doms.delete(st.doms.keys().next().value!);
    }
    d.queries++;
    if (d.subs.size < 10_000) d.subs.add(sub);
    const first = sub.split('.')[0] ?? sub;
    const label = sub.replace(/\./g, '');
    if (first.length >= this.cfg.longLabel || (label.length >= 16 && entropy(label) >= this.cfg.minEntropy)) d.encoded++;
    if (q.type === 'TXT' || q.type === 'NULL') d.txt++;
    d.maxLen = Math.max(d.maxLen, q.name.length);
    if (d.ids.length < this.cfg.maxEvidence) d.ids.push(e.event.id);
    if (d.alerted && t - d.alerted < this.cfg.cooldown) return;
    const share = d.encoded / d.queries;
    const tunnel = d.subs.size >= this.cfg.minUniqueSubdomains && share >= this.cfg.minEncodedShare;
    const txt = d.txt >= this.cfg.minTxt;
    if (!tunnel && !txt) return;
    d.alerted = t;
    emit(networkAlert({
      rule: this.rule, key: `${key}>${domain}`, first: d.start, last: t, maxEvidence: this.cfg.maxEvidence,
      title: `Possible DNS tunnel from ${key} through ${domain}`, severity: this.cfg.severity,
      ips: [key], techniques: ['T1071.004', 'T1048'],
      summary: `${key} queried ${d.subs.size} distinct subdomains of ${domain} (${Math.round(share * 100)} % long or random-looking, longest name ${d.maxLen} characters, ${d.txt} TXT/NULL queries)`,
      factors: [
        { feature: 'unique_subdomains', label: 'distinct subdomains', observed: d.subs.size, threshold: this.cfg.minUniqueSubdomains, windowMs: t - d.start },
        { feature: 'encoded_share', label: 'share of long or high-entropy names', observed: Math.round(share * 100) / 100, threshold: this.cfg.minEncodedShare },
        { feature: 'txt_queries', label: 'TXT/NULL queries', observed: d.txt, threshold: this.cfg.minTxt },
      ],
      evidence: d.ids, evidenceCount: d.queries,
    }));
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    return { l: st.last };
  }

  protected decode(raw: unknown): State {
    return { doms: new Map(), last: Number((raw as { l?: unknown } | undefined)?.l) || 0 };
  }
}

/** `network.dns_tunnel`: DNS used as a channel (many encoded subdomains of one domain, TXT volume). */
export const dnsTunnelDetector: DetectorDef<Config> = {
  type: 'network.dns_tunnel',
  description: 'DNS tunnelling: one client querying many distinct, long or high-entropy subdomains of one domain, or many TXT/NULL records, within an hour.',
  config,
  build: (cfg, ctx) => new DnsTunnel(cfg, ctx.name),
};
