import { domainToUnicode } from 'node:url';
import { parse } from 'tldts';
import unhomoglyph from 'unhomoglyph';

/**
 * Whether a domain imitates one of a set of real domains, the ways phishing registers them:
 * the same name under another TLD (`paypal.co`), look-alike characters (`paypa1.com`,
 * Cyrillic `pаypal.com` in punycode), a typo within edit distance 1–2 (`rnicrosoft.com`), the
 * brand glued to a word (`paypal-secure.com`), or the real domain as a sub-domain of another
 * (`paypal.com.account-verify.ru`).
 */
export interface Lookalike {
  target: string;
  how: 'other_tld' | 'homoglyph' | 'edit_distance' | 'combosquat' | 'subdomain';
}

/**
 * Optimal-string-alignment Damerau–Levenshtein distance, stopping early past `max`.
 *
 * @example
 * editDistance('rnicrosoft', 'microsoft') // 2
 */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(n + 1).fill(0);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

interface Target { domain: string; label: string; skeleton: string; suffix: string }

const skeleton = (s: string) => unhomoglyph(s.toLowerCase()).toLowerCase().replace(/rn/g, 'm').replace(/vv/g, 'w');

/** Compiled set of real domains to compare against (built once per config). */
export class LookalikeIndex {
  private readonly targets: Target[];
  private readonly exact: Set<string>;

  constructor(domains: string[]) {
    this.exact = new Set(domains.map((d) => d.toLowerCase()));
    this.targets = [...this.exact].map((domain) => {
      const p = parse(domain);
      const label = p.domainWithoutSuffix ?? domain;
      return { domain, label, skeleton: skeleton(label), suffix: p.publicSuffix ?? '' };
    });
  }

  /**
   * The real domain `host` imitates, or `undefined` (also for the real domains and their sub-domains).
   *
   * @example
   * new LookalikeIndex(['paypal.com']).match('xn--pypal-4ve.com') // { target: 'paypal.com', how: 'homoglyph' }
   */
  match(host: string): Lookalike | undefined {
    const h = host.toLowerCase().replace(/\.$/, '');
    const p = parse(h);
    if (!p.domain || p.isIp) return undefined;
    if (this.exact.has(p.domain)) return undefined;
    const label = domainToUnicode(p.domainWithoutSuffix ?? '') || (p.domainWithoutSuffix ?? '');
    const sk = skeleton(label);
    const sub = p.subdomain ?? '';
    for (const t of this.targets) {
      if (label === t.label && p.publicSuffix !== t.suffix) return { target: t.domain, how: 'other_tld' };
      if (sk === t.skeleton && label !== t.label) return { target: t.domain, how: 'homoglyph' };
      if (t.label.length >= 5) {
        const max = t.label.length >= 8 ? 2 : 1;
        if (editDistance(sk, t.skeleton, max) <= max && sk !== t.skeleton) return { target: t.domain, how: 'edit_distance' };
        if (label.split(/[-.]/).includes(t.label) && label !== t.label) return { target: t.domain, how: 'combosquat' };
      }
      if (sub && (`${sub}.`.startsWith(`${t.domain}.`) || sub.split('.').includes(t.label)) && t.label.length >= 4) return { target: t.domain, how: 'subdomain' };
    }
    return undefined;
  }
}
