import type { StoredIndicator } from '../../intel/store/intel-store.js';
import type { IntelHit } from './matcher.js';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * One indicator as a clause: "IPsum level 5 (listed by 5 blocklists), imported 2026-12-07 from
 * feed ipsum". The words come from the source (name), the rest from the stored row.
 */
export function describeIndicator(i: StoredIndicator): string {
  const parts = [i.name ?? `on ${i.source}`, `imported ${day(i.imported)} from feed ${i.source}`];
  if (i.confidence !== undefined) parts.push(`confidence ${i.confidence}`);
  if (i.validUntil !== undefined) parts.push(`valid until ${day(i.validUntil)}`);
  if (i.tlp) parts.push(`TLP:${i.tlp.toUpperCase()}`);
  return parts.join(', ');
}

/**
 * The sentence of an intel alert: "203.0.113.7 (source.ip) is on IPsum level 5 (listed by 5
 * blocklists), imported 2026-12-07 from feed ipsum". A subdomain or an address inside a listed
 * network says which listed value covered it.
 *
 * @example hitSentence({ field: 'dns.question.name', observed: 'a.evil.example', listed: 'evil.example', indicators })
 * // 'a.evil.example (dns.question.name) is under evil.example, which is on …'
 */
export function hitSentence(h: IntelHit): string {
  const via = h.listed !== h.observed ? ` is under ${h.listed}, which is` : ' is';
  const lists = h.indicators.map(describeIndicator);
  return `${h.observed} (${h.field})${via} ${lists.length === 1 ? `on ${lists[0]}` : `on ${lists.length} lists: ${lists.map((l, i) => `(${i + 1}) ${l}`).join('; ')}`}`;
}
