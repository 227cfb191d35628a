import type { WardEvent } from '../../core/event.js';
import { CidrTrie } from '../../intel/net/cidr-trie.js';
import { DomainTrie, normaliseDomain } from '../../intel/net/domain-trie.js';
import { ipText, parseCidr, parseIp } from '../../intel/net/ip.js';
import { normaliseUrl } from '../../intel/pattern/extract.js';
import type { StoredIndicator } from '../../intel/store/intel-store.js';

/** One hit: which event field held which value, and the indicators (all sources) it matched. */
export interface IntelHit {
  field: string;
  observed: string;
  /** The listed value (a parent domain or a network may differ from what was observed). */
  listed: string;
  indicators: StoredIndicator[];
}

/** Event fields checked, by kind (ECS names). */
export const IP_FIELDS = ['source.ip', 'destination.ip', 'client.ip', 'server.ip'] as const;
export const DOMAIN_FIELDS = ['dns.question.name', 'url.domain', 'destination.domain', 'server.domain'] as const;
export const URL_FIELDS = ['url.full', 'url.original'] as const;
export const HASH_FIELDS = ['file.hash.md5', 'file.hash.sha1', 'file.hash.sha256', 'file.hash.sha512', 'process.hash.md5', 'process.hash.sha1', 'process.hash.sha256'] as const;

const get = (e: WardEvent, path: string): unknown => {
  let cur: unknown = e;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
};

/**
 * The loaded indicators as lookup structures: exact hash maps for addresses, URLs, hashes and
 * e-mail addresses (keyed by their normalised text, so the common case is one string hash),
 * a CIDR trie for networks, a reversed-label trie for domains and their subdomains. Built once
 * per version of the intel store; every lookup is O(length of the value).
 *
 * @example
 * const m = IntelMatcher.build(store.active(Date.now()));
 * m.match(event) // [{ field: 'source.ip', observed: '203.0.113.7', indicators: [...] }]
 */
export class IntelMatcher {
  private readonly ips = new Map<string, StoredIndicator[]>();
  private readonly nets = new CidrTrie<StoredIndicator[]>();
  private readonly domains = new DomainTrie<StoredIndicator[]>();
  private readonly urls = new Map<string, StoredIndicator[]>();
  private readonly hashes = new Map<string, StoredIndicator[]>();
  private readonly emails = new Map<string, StoredIndicator[]>();
  /** Indicators loaded. */
  size = 0;

  private constructor() {}

  /** Build from indicators (the active rows of the intel store). */
  static build(indicators: Iterable<StoredIndicator>): IntelMatcher {
    const m = new IntelMatcher();
    const add = (map: Map<string, StoredIndicator[]>, k: string, i: StoredIndicator) => {
      const l = map.get(k);
      if (l) l.push(i);
      else map.set(k, [i]);
    };
    for (const i of indicators) {
      m.size++;
      switch (i.kind) {
        case 'ip': add(m.ips, i.value, i); break;
        case 'cidr': {
          const n = parseCidr(i.value);
          if (n) {
            const l = m.nets.insert(n, [i]);
            if (l[0] !== i) l.push(i);
          }
          break;
        }
        case 'domain': {
          const l = m.domains.insert(i.value, [i], !!i.subdomains);
          if (l[0] !== i) l.push(i);
          break;
        }
        case 'url': add(m.urls, i.value, i); break;
        case 'hash': add(m.hashes, i.value, i); break;
        case 'email': add(m.emails, i.value, i); break;
      }
    }
    return m;
  }

  /** Counts of values per structure (for stats and the benchmark). */
  counts(): Record<string, number> {
    return { ips: this.ips.size, networks: this.nets.size, domains: this.domains.size, urls: this.urls.size, hashes: this.hashes.size, emails: this.emails.size };
  }

  /** Every indicator hit in an event (empty for the vast majority of events). */
  match(e: WardEvent): IntelHit[] {
    let out: IntelHit[] | undefined;
    const push = (h: IntelHit) => (out ??= []).push(h);
    for (const f of IP_FIELDS) {
      const v = get(e, f);
      if (typeof v === 'string' && v) {
        const h = this.matchIp(v);
        if (h) push({ field: f, ...h });
      }
    }
    for (const f of DOMAIN_FIELDS) {
      const v = get(e, f);
      if (typeof v === 'string' && v) {
        const h = this.domains.size ? this.domains.lookup(v) : undefined;
        if (h) push({ field: f, observed: normaliseDomain(v), listed: h.domain, indicators: h.value });
      }
    }
    if (this.urls.size) {
      for (const f of URL_FIELDS) {
        const v = get(e, f);
        if (typeof v !== 'string' || !v) continue;
        const l = this.urls.get(normaliseUrl(v));
        if (l) {
          push({ field: f, observed: v, listed: l[0]!.value, indicators: l });
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
        if (l) push({ field: f, observed: k, listed: k, indicators: l });
      }
    }
    if (this.emails.size) {
      const from = (e.email as { from?: { address?: unknown }; sender?: { address?: unknown } } | undefined);
      const addrs = [from?.from?.address, from?.sender?.address].flat().filter((x): x is string => typeof x === 'string');
      for (const a of addrs) {
        const k = a.toLowerCase();
        const l = this.emails.get(k);
        if (l) push({ field: 'email.from.address', observed: k, listed: k, indicators: l });
        else if (this.domains.size) {
          const d = this.domains.lookup(k.slice(k.lastIndexOf('@') + 1));
          if (d) push({ field: 'email.from.address', observed: k, listed: d.domain, indicators: d.value });
        }
      }
    }
    return out ?? NONE;
  }

  private matchIp(v: string): { observed: string; listed: string; indicators: StoredIndicator[] } | undefined {
    // Fast path: the address as written is the canonical dotted quad of an exact entry.
    const l = this.ips.get(v);
    if (l) return { observed: v, listed: v, indicators: l };
    const isV4 = v.length <= 15 && !v.includes(':');
    if (isV4 && this.nets.size === 0) return undefined;
    const b = parseIp(v);
    if (!b) return undefined;
    // IPv6 (and IPv4-mapped) addresses are compared in canonical form (RFC 5952).
    const t = isV4 ? v : ipText(b);
    if (!isV4) {
      const x = this.ips.get(t);
      if (x) return { observed: t, listed: t, indicators: x };
    }
    if (this.nets.size === 0) return undefined;
    const n = this.nets.lookup(b);
    return n ? { observed: t, listed: n[0]!.value, indicators: n } : undefined;
  }
}

const NONE: IntelHit[] = [];
