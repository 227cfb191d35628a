import { ipText, parseCidr } from '../net/ip.js';
import { normaliseDomain } from '../net/domain-trie.js';
import type { Comparison, Literal, Observation } from './ast.js';

/** The kinds of indicator the line-rate matcher holds in its sets and tries. */
export type AtomKind = 'ip' | 'cidr' | 'domain' | 'url' | 'hash' | 'email';

/** One simple indicator taken out of a pattern. */
export interface Atom {
  kind: AtomKind;
  /** Normalised value: canonical IP text, `net/len`, lower-case domain, hash hex in lower case… */
  value: string;
  /** For `domain`: also match names below it (from `LIKE '%.example.com'` or a blocklist). */
  subdomains?: boolean;
  /** For `hash`: the algorithm as STIX names it (`SHA-256`, `MD5` …). */
  alg?: string;
}

/** What the matcher can use of a pattern. */
export interface Extraction {
  atoms: Atom[];
  /**
   * True when matching any one atom is exactly what the pattern means (an OR of equality, IN
   * or ISSUBSET tests on these paths, no NOT, no qualifiers, no AND/FOLLOWEDBY). When false the
   * atoms are necessary parts of a compound pattern, not sufficient on their own.
   */
  exact: boolean;
}

const HASH_ALGS: Record<string, string> = { md5: 'MD5', 'sha-1': 'SHA-1', sha1: 'SHA-1', 'sha-256': 'SHA-256', sha256: 'SHA-256', 'sha-512': 'SHA-512', sha512: 'SHA-512', ssdeep: 'SSDEEP', tlsh: 'TLSH' };

/**
 * Pull the simple indicators (IP/CIDR, domain, URL, file hash, e-mail address) out of a parsed
 * pattern, for the exact sets and tries of the line-rate matcher.
 *
 * @example extractAtoms(parsePattern("[ipv4-addr:value = '198.51.100.0/24' OR domain-name:value = 'evil.example']"))
 * // { exact: true, atoms: [{ kind: 'cidr', value: '198.51.100.0/24' }, { kind: 'domain', value: 'evil.example' }] }
 */
export function extractAtoms(p: Observation): Extraction {
  const atoms: Atom[] = [];
  const exact = walkObs(p, atoms);
  return { atoms, exact };
}

function walkObs(p: Observation, out: Atom[]): boolean {
  switch (p.kind) {
    case 'observation': return walkComp(p.comparison, out);
    case 'or': return walkObs(p.left, out) && walkObs(p.right, out);
    case 'and': case 'followedby': walkObs(p.left, out); walkObs(p.right, out); return false;
    default: walkObs(p.expr, out); return false;
  }
}

function walkComp(c: Comparison, out: Atom[]): boolean {
  if (c.kind === 'or') return walkComp(c.left, out) && walkComp(c.right, out);
  if (c.kind === 'and') { walkComp(c.left, out); walkComp(c.right, out); return false; }
  if (c.kind === 'exists' || c.negated) return false;
  const lits = Array.isArray(c.value) ? c.value : [c.value];
  if (c.op !== '=' && c.op !== 'IN' && c.op !== 'ISSUBSET' && c.op !== 'LIKE') return false;
  let ok = true;
  for (const l of lits) {
    const a = atomOf(c.path.type, c.path.steps.map((s) => ('prop' in s ? s.prop : '*')), c.op, l);
    if (a) out.push(a);
    else ok = false;
  }
  return ok;
}

function atomOf(type: string, props: string[], op: string, l: Literal): Atom | undefined {
  if (l.kind !== 'string') return undefined;
  const v = l.value.trim();
  const path = props.join('.');
  const isAddr = ((type === 'ipv4-addr' || type === 'ipv6-addr') && path === 'value') || (type === 'network-traffic' && (path === 'dst_ref.value' || path === 'src_ref.value'));
  if (isAddr && (op === '=' || op === 'IN' || op === 'ISSUBSET')) {
    const n = parseCidr(v);
    if (!n) return undefined;
    return n.prefix === n.bytes.length * 8 ? { kind: 'ip', value: ipText(n.bytes) } : { kind: 'cidr', value: `${ipText(n.bytes)}/${n.prefix}` };
  }
  if (op === 'ISSUBSET') return undefined;
  const hostPath = type === 'domain-name' && path === 'value';
  if (hostPath) {
    if (op === 'LIKE') {
      // '%.example.com' = any subdomain; other LIKE shapes are not a simple suffix.
      const m = /^%\.([a-z0-9.-]+)$/i.exec(v);
      return m ? { kind: 'domain', value: normaliseDomain(m[1]!), subdomains: true } : undefined;
    }
    return /^[a-z0-9_.-]+$/i.test(v) ? { kind: 'domain', value: normaliseDomain(v), subdomains: false } : undefined;
  }
  if (op === 'LIKE') return undefined;
  if (type === 'url' && path === 'value') return { kind: 'url', value: normaliseUrl(v) };
  if (type === 'file' && props[0] === 'hashes' && props.length === 2) {
    const alg = HASH_ALGS[props[1]!.toLowerCase()];
    return alg ? { kind: 'hash', value: v.toLowerCase(), alg } : undefined;
  }
  if ((type === 'email-addr' && path === 'value') || (type === 'email-message' && (path === 'from_ref.value' || path === 'sender_ref.value'))) return { kind: 'email', value: v.toLowerCase() };
  return undefined;
}

/** URL key for exact matching: scheme and host lower-cased, default port and trailing '/' of an empty path dropped. */
export function normaliseUrl(u: string): string {
  try {
    const x = new URL(u.trim());
    let s = `${x.protocol}//${x.host}${x.pathname === '/' ? '' : x.pathname}${x.search}`;
    if (s.endsWith('/')) s = s.slice(0, -1);
    return s;
  } catch {
    return u.trim();
  }
}
