import { normaliseDomain } from '../net/domain-trie.js';
import { ipText, parseCidr } from '../net/ip.js';
import { normaliseUrl, type Atom } from '../pattern/extract.js';

const HASH_BY_LEN: Record<number, string> = { 32: 'MD5', 40: 'SHA-1', 64: 'SHA-256', 128: 'SHA-512' };
const DOMAIN_RE = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

/**
 * What a bare value from a blocklist or CSV is: an address, a network, a URL, an e-mail
 * address, a hash (by length) or a domain — or `undefined` when it is none of them.
 *
 * @example classifyValue('203.0.113.0/24') // { kind: 'cidr', value: '203.0.113.0/24' }
 */
export function classifyValue(raw: string, opts: { subdomains?: boolean } = {}): Atom | undefined {
  const v = raw.trim();
  if (!v) return undefined;
  const n = parseCidr(v);
  if (n) return n.prefix === n.bytes.length * 8 ? { kind: 'ip', value: ipText(n.bytes) } : { kind: 'cidr', value: `${ipText(n.bytes)}/${n.prefix}` };
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v)) return { kind: 'url', value: normaliseUrl(v) };
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v)) return { kind: 'email', value: v.toLowerCase() };
  if (/^[0-9a-f]+$/i.test(v) && HASH_BY_LEN[v.length]) return { kind: 'hash', value: v.toLowerCase(), alg: HASH_BY_LEN[v.length]! };
  const d = normaliseDomain(v.replace(/^\*\./, ''));
  if (DOMAIN_RE.test(d)) return { kind: 'domain', value: d, subdomains: opts.subdomains ?? true };
  return undefined;
}
