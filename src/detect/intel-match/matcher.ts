import type { WardEvent } from '../../core/event.js';
import { CidrTrie } from '../../intel/net/cidr-trie.js';
import { normaliseDomain } from '../../intel/net/domain-trie.js';
import { ipText, parseCidr, parseIp } from '../../intel/net/ip.js';
import { normaliseUrl } from '../../intel/pattern/extract.js';
import type { StoredIndicator } from '../../intel/store/intel-store.js';

/** One hit: which event field held which value, and the row numbers of the indicators (all sources) it matched. */
export interface RawHit {
  field: string;
  observed: string;
  /** The listed value (a parent domain or a network may differ from what was observed). */
  listed: string;
  seqs: number[];
}

/** A hit with its indicator rows, for explanations. */
export interface IntelHit extends Omit<RawHit, 'seqs'> {
  indicators: StoredIndicator[];
}

/** The part of an indicator row the lookup sets keep (explanations are read from the store on a hit). */
export type IndicatorKey = Pick<StoredIndicator, 'seq' | 'kind' | 'value' | 'subdomains'>;

/** Event fields checked, by kind (ECS names). */
export const IP_FIELDS = ['source.ip', 'destination.ip', 'client.ip', 'server.ip'] as const;
export const DOMAIN_FIELDS = ['dns.question.name', 'url.domain', 'destination.domain', 'server.domain'] as const;
export const URL_FIELDS = ['url.full', 'url.original'] as const;
export const HASH_FIELDS = ['file.hash.md5', 'file.hash.sha1', 'file.hash.sha256', 'file.hash.sha512', 'process.hash.md5', 'process.hash.sha1', 'process.hash.sha256'] as const;

/** Field paths split once at load (compile once, never per event). */
const PATHS = new Map<string, string[]>([...IP_FIELDS, ...DOMAIN_FIELDS, ...URL_FIELDS, ...HASH_FIELDS].map((f) => [f, f.split('.')]));
const get = (e: WardEvent, path: string): unknown => {
  let cur: unknown = e;
  for (const p of PATHS.get(path)!) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
};

/** Row numbers per value: one number in the common case (no array allocated), an array when several sources list it. */
type Seqs = number | number[];
const addSeq = (map: Map<string, Seqs>, k: string, seq: number) => {
  const cur = map.get(k);
  map.set(k, cur === undefined ? seq : Array.isArray(cur) ? (cur.push(seq), cur) : [cur, seq]);
};
const list = (s: Seqs): number[] => (Array.isArray(s) ? s : [s]);

/**
 * The loaded indicators as lookup structures: exact hash maps for addresses, URLs, hashes and
 * e-mail addresses (keyed by their normalised text, so the common case is one string hash),
 * a CIDR trie (flat typed arrays) for networks, and for domains a reversed-label suffix trie
 * flattened into one hash map — each node keyed by its whole suffix (`example.com`,
 * `evil.example.com`), so a lookup walks the observed name's suffixes, longest first, at most
 * one probe per label, and a million domains cost one map entry each instead of a node object
 * per label. Values are indicator row numbers only: the rows are read from the store on a hit.
 *
 * @example
 * const m = IntelMatcher.build(store.keys(Date.now()));
 * m.match(event) // [{ field: 'source.ip', observed: '203.0.113.7', listed: '203.0.113.7', seqs: [42] }]
 */
export class IntelMatcher {
  private readonly ips = new Map<string, Seqs>();
  private readonly nets = new CidrTrie<{ net: string; seqs: number[] }>();
  /** Domain suffix → row numbers; the sign of each number says whether subdomains match (negative: exact only). */
  private readonly domains = new Map<string, Seqs>();
  private readonly urls = new Map<string, Seqs>();
  private readonly hashes = new Map<string, Seqs>();
  private readonly emails = new Map<string, Seqs>();
  /** Indicators loaded. */
  size = 0;

  private constructor() {}

  /** Build from indicator keys (the active rows of the intel store). */
  static build(indicators: Iterable<IndicatorKey>): IntelMatcher {
    const m = new IntelMatcher();
    for (const i of indicators) {
      m.size++;
      switch (i.kind) {
        case 'ip': addSeq(m.ips, i.value, i.seq); break;
        case 'cidr': {
          const n = parseCidr(i.value);
          if (n) {
            const l = m.nets.insert(n, { net: i.value, seqs: [i.seq] });
            if (l.seqs[0] !== i.seq) l.seqs.push(i.seq);
          }
          break;
        }
        case 'domain': addSeq(m.domains, normaliseDomain(i.value), i.subdomains ? i.seq : -i.seq); break;
        case 'url': addSeq(m.urls, i.value, i.seq); break;
        case 'hash': addSeq(m.hashes, i.value, i.seq); break;
        case 'email': addSeq(m.emails, i.value, i.seq); break;
      }
    }
    return m;
  }

  /** Counts of values per structure (for stats and the benchmark). */
  counts(): Record<string, number> {
    return { ips: this.ips.size, networks: this.nets.size, domains: this.domains.size, urls: this.urls.size, hashes: this.hashes.size, emails: this.emails.size };
  }

  /** The most specific listed domain covering `host` (itself, or a parent listed with its subdomains). */
  lookupDomain(host: string): { listed: string; seqs: number[] } | undefined {
    const h = host.length && (host.charCodeAt(host.length - 1) === 46 || /[A-Z\s]/.test(host)) ? normaliseDomain(host) : host;
    let at = 0;
    for (let depth = 0; at >= 0; depth++) {
      const suffix = at === 0 ? h : h.slice(at);
      const s = this.domains.get(suffix);
      if (s !== undefined) {
        // The name itself matches any entry; a parent only entries listed with their subdomains.
        const seqs = list(s).filter((x) => depth === 0 || x > 0).map(Math.abs);
        if (seqs.length) return { listed: suffix, seqs };
      }
      const dot = h.indexOf('.', at);
      at = dot < 0 ? -1 : dot + 1;
    }
    return undefined;
  }

  /** Every indicator hit in an event (empty for the vast majority of events). */
  match(e: WardEvent): RawHit[] {
    let out: RawHit[] | undefined;
    const push = (h: RawHit) => (out ??= []).push(h);
    for (const f of IP_FIELDS) {
      const v = get(e, f);
      if (typeof v === 'string' && v) {
        const h = this.matchIp(v);
        if (h) push({ field: f, ...h });
      }
    }
    if (this.domains.size) {
      for (const f of DOMAIN_FIELDS) {
        const v = get(e, f);
        if (typeof v !== 'string' || !v) continue;
        const h = this.lookupDomain(v);
        if (h) push({ field: f, observed: normaliseDomain(v), ...h });
      }
    }
    if (this.urls.size) {
      for (const f of URL_FIELDS) {
        const v = get(e, f);
        if (typeof v !== 'string' || !v) continue;
        const k = normaliseUrl(v);
        const l = this.urls.get(k);
        if (l !== undefined) {
          push({ field: f, observed: v, listed: k, seqs: list(l) });
          break; // url.full and url.original name the same URL
        }
      }
    }
    if (this.hashes.size) {
      for (const f of HASH_FIELDS) {
        const v = get(e, f);
        if (typeof v !== 'string' || !v) continue;
        const k = v.toLowerCase();
        const l = this.hashes.get(k);
        if (l !== undefined) push({ field: f, observed: k, listed: k, seqs: list(l) });
      }
    }
    if (this.emails.size || this.domains.size) {
      const m = e.email as { from?: { address?: unknown }; sender?: { address?: unknown } } | undefined;
      const addrs = m ? [m.from?.address, m.sender?.address].flat().filter((x): x is string => typeof x === 'string') : [];
      for (const a of addrs) {
        const k = a.toLowerCase();
        const l = this.emails.get(k);
        if (l !== undefined) push({ field: 'email.from.address', observed: k, listed: k, seqs: list(l) });
        else if (this.domains.size) {
          const d = this.lookupDomain(k.slice(k.lastIndexOf('@') + 1));
          if (d) push({ field: 'email.from.address', observed: k, ...d });
        }
      }
    }
    return out ?? NONE;
  }

  private matchIp(v: string): { observed: string; listed: string; seqs: number[] } | undefined {
    // Fast path: the address as written is the canonical dotted quad of an exact entry.
    const l = this.ips.get(v);
    if (l !== undefined) return { observed: v, listed: v, seqs: list(l) };
    const isV4 = v.length <= 15 && !v.includes(':');
    if (isV4 && this.nets.size === 0) return undefined;
    const b = parseIp(v);
    if (!b) return undefined;
    // IPv6 (and IPv4-mapped) addresses are compared in canonical form (RFC 5952).
    const t = isV4 ? v : ipText(b);
    if (!isV4) {
      const x = this.ips.get(t);
      if (x !== undefined) return { observed: t, listed: t, seqs: list(x) };
    }
    if (this.nets.size === 0) return undefined;
    const n = this.nets.lookup(b);
    return n ? { observed: t, listed: n.net, seqs: n.seqs } : undefined;
  }
}

const NONE: RawHit[] = [];
