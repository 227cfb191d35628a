import { randomUUID } from 'node:crypto';
import type { StoredIndicator } from './store/intel-store.js';
import type { IntelStore } from './store/intel-store.js';
import { TLP_LEVELS, tlpMarking, type TlpLevel } from './stix/tlp.js';
import type { Bundle, Indicator, StixCommon } from './stix/types.js';

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The STIX pattern of one stored indicator value. */
export function patternOf(i: Pick<StoredIndicator, 'kind' | 'value' | 'alg' | 'subdomains'>): string {
  switch (i.kind) {
    case 'ip': case 'cidr': return `[${i.value.includes(':') ? 'ipv6-addr' : 'ipv4-addr'}:value = ${q(i.value)}]`;
    case 'domain': return i.subdomains ? `[domain-name:value = ${q(i.value)} OR domain-name:value LIKE ${q(`%.${i.value}`)}]` : `[domain-name:value = ${q(i.value)}]`;
    case 'url': return `[url:value = ${q(i.value)}]`;
    case 'hash': return `[file:hashes.${q(i.alg ?? 'SHA-256')} = ${q(i.value)}]`;
    case 'email': return `[email-addr:value = ${q(i.value)}]`;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The active indicators as a STIX 2.1 bundle: objects imported from STIX are exported as they
 * came (latest version); values from other feeds become indicator objects with their
 * deterministic ids, validity window, confidence and TLP 2.0 marking. Indicators marked more
 * restrictively than `maxTlp` are left out (TLP:RED never leaves unless asked for).
 *
 * @example exportBundle(store, { now: Date.now(), maxTlp: 'amber' })
 */
export function exportBundle(store: IntelStore, opts: { now: number; source?: string | undefined; maxTlp?: TlpLevel | undefined }): { bundle: Bundle; withheld: number } {
  const max = TLP_LEVELS.indexOf(opts.maxTlp ?? 'amber');
  const byStix = new Map<string, StoredIndicator[]>();
  let withheld = 0;
  for (const i of store.active(opts.now)) {
    if (opts.source && i.source !== opts.source) continue;
    if (i.tlp && TLP_LEVELS.indexOf(i.tlp as TlpLevel) > max) {
      withheld++;
      continue;
    }
    const l = byStix.get(i.stixId);
    if (l) l.push(i);
    else byStix.set(i.stixId, [i]);
  }
  const kept = new Map<string, StixCommon>();
  for (const o of store.objects({ type: 'indicator' })) if (byStix.has(o.id)) kept.set(o.id, o.doc as StixCommon); // later versions overwrite
  const objects: StixCommon[] = [];
  const markings = new Set<TlpLevel>();
  for (const [id, rows] of byStix) {
    const first = rows[0]!;
    if (first.tlp) markings.add(first.tlp as TlpLevel);
    const stored = kept.get(id);
    if (stored) {
      objects.push(stored);
      continue;
    }
    const ind: Indicator = {
      type: 'indicator', spec_version: '2.1', id, created: iso(first.imported), modified: iso(Math.max(...rows.map((r) => r.imported))),
      name: first.name ?? first.value, indicator_types: ['malicious-activity'],
      pattern: rows.map(patternOf).join(' OR '), pattern_type: 'stix', pattern_version: '2.1',
      valid_from: iso(first.validFrom), ...(first.validUntil !== undefined ? { valid_until: iso(first.validUntil) } : {}),
      ...(first.confidence !== undefined ? { confidence: first.confidence } : {}),
      ...(first.tlp ? { object_marking_refs: [tlpMarking(first.tlp as TlpLevel).id] } : {}),
      labels: [`source:${first.source}`],
    };
    objects.push(ind);
  }
  for (const m of markings) objects.unshift(tlpMarking(m));
  return { bundle: { type: 'bundle', id: `bundle--${randomUUID()}`, objects }, withheld };
}
