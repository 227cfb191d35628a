import { randomUUID } from 'node:crypto';
import type { Alert } from '../../core/alert.js';
import type { WardEvent } from '../../core/event.js';
import { patternOf } from '../export.js';
import { normaliseDomain } from '../net/domain-trie.js';
import { ipText, parseIp } from '../net/ip.js';
import { normaliseUrl } from '../pattern/extract.js';
import { scoId, sdoId } from '../stix/ids.js';
import { tlpMarking, type TlpLevel } from '../stix/tlp.js';
import type { Bundle, StixCommon } from '../stix/types.js';
import { IntelError } from '../stix/errors.js';
import { addLogin } from './terms.js';
import { REMOVAL_REASONS, type Finding, type RemovalReason, type Scrubber } from './scrub.js';

/** The incident as the share draft needs it (what `src/incidents` correlates). */
export interface ShareIncident {
  id: string;
  title: string;
  severity: string;
  start: string;
  end: string;
  tactics: readonly string[];
  entities: ReadonlyArray<{ type: string; id: string }>;
  explanation: { text: string };
}

/** One thing kept out of the bundle: where it was, why, and a mask of it (never PHI in clear). */
export interface RemovedItem {
  /** `indicator` (an observable dropped whole), or the text field that was redacted (`report.name`, `report.description`). */
  where: string;
  /** The event field or kind it came from (`source.ip`, `url.full`, `text`). */
  field: string;
  reason: RemovalReason;
  why: string;
  shown: string;
}

/** What {@link draftShareBundle} makes. */
export interface ShareDraft {
  bundle: Bundle;
  removed: RemovedItem[];
  counts: { indicators: number; sightings: number; attackPatterns: number; observables: number; removed: number };
}

type Kind = 'ip' | 'domain' | 'url' | 'email' | 'hash';
interface Candidate { kind: Kind; value: string; alg?: string | undefined; field: string; first: string; last: string; count: number; techniques: Set<string> }

const IP_FIELDS = ['source.ip', 'destination.ip', 'client.ip', 'server.ip'];
const DOMAIN_FIELDS = ['dns.question.name', 'url.domain', 'destination.domain', 'server.domain'];
const URL_FIELDS = ['url.full', 'url.original'];
const HASH_FIELDS: Array<[string, string]> = [
  ['file.hash.md5', 'MD5'], ['file.hash.sha1', 'SHA-1'], ['file.hash.sha256', 'SHA-256'], ['file.hash.sha512', 'SHA-512'],
  ['process.hash.md5', 'MD5'], ['process.hash.sha1', 'SHA-1'], ['process.hash.sha256', 'SHA-256'],
];
const HASH_LEN: Record<string, number> = { MD5: 32, 'SHA-1': 40, 'SHA-256': 64, 'SHA-512': 128 };
/** Users, hosts and devices named in events: internal identifiers of the incident, never shared. */
const USER_FIELDS = ['user.name', 'user.id', 'user.email', 'user.target.name', 'user.effective.name', 'source.user.name', 'destination.user.name', 'ehr.user.id', 'ehr.user.name'];
const HOST_FIELDS = ['host.name', 'host.hostname', 'observer.name', 'observer.hostname', 'log.syslog.hostname', 'source.domain', 'client.domain', 'device.id', 'device.serial_number'];

function get(e: unknown, path: string): unknown {
  let cur = e;
  for (const k of path.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}
const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const iso = (ms: number) => new Date(ms).toISOString();
const attackUrl = (t: string) => `https://attack.mitre.org/techniques/${t.replace('.', '/')}/`;

/** Options of {@link draftShareBundle}. */
export interface DraftOptions {
  tlp: TlpLevel;
  now: number;
  scrubber: Scrubber;
  /** The producer named in `created_by_ref` (default: an anonymous healthcare organisation). */
  producer?: string | undefined;
  /** ATT&CK technique names (id → name); unknown ids are named by their id. */
  techniqueName?: ((id: string) => string) | undefined;
  /** Days an indicator stays valid after the incident's last sighting (default 30). */
  validDays?: number | undefined;
}

/**
 * A STIX 2.1 bundle of what an incident shows about the attacker — external addresses, domains,
 * URLs, file hashes and sender addresses as indicators with patterns, their sightings, one
 * observed-data, the ATT&CK techniques as attack-patterns and a report — marked with the TLP 2.0
 * marking, with PHI and internal identifiers stripped (see {@link Scrubber}): an observable that
 * carries any is dropped whole; text is redacted word by word. `removed` says what and why.
 * As a last guard every string of the finished bundle is checked again; a hit is an error, not a leak.
 *
 * @example
 * const { bundle, removed } = draftShareBundle(incident, alerts, events, { tlp: 'green', now: Date.now(), scrubber });
 */
export function draftShareBundle(incident: ShareIncident, alerts: readonly Alert[], events: readonly WardEvent[], opts: DraftOptions): ShareDraft {
  if (opts.tlp === 'red') throw new IntelError('unsupported', 'TLP:RED is never shared: it is for the named recipients only, not a TAXII collection');
  // The incident's own users and hosts are internal identifiers, whether or not the roster knows them.
  const extra = new Map<string, RemovalReason>();
  for (const e of incident.entities) {
    if (e.type === 'user' || e.type === 'account') addLogin(extra, e.id, 'staff-user');
    if (e.type === 'host' || e.type === 'device') addLogin(extra, e.id, 'internal-host');
    if (e.type === 'patient') addLogin(extra, e.id, 'pseudonym');
  }
  for (const ev of events) {
    for (const f of USER_FIELDS) for (const s of strings(get(ev, f))) addLogin(extra, s, 'staff-user');
    for (const f of HOST_FIELDS) for (const s of strings(get(ev, f))) if (!opts.scrubber.isInternalIp(s) && !/^[\d.:]+$/.test(s)) addLogin(extra, s.split('.')[0]!, 'internal-host');
  }
  const scrubber = opts.scrubber.withTerms(extra);
  const removed: RemovedItem[] = [];
  const note = (where: string, field: string, fs: readonly Finding[]) => {
    for (const f of fs) removed.push({ where, field, reason: f.reason, why: REMOVAL_REASONS[f.reason], shown: f.shown });
  };

  const alertOf = new Map<string, Alert>();
  for (const a of alerts) for (const id of a.explanation.evidence) alertOf.set(id, a);
  const cands = new Map<string, Candidate>();
  const seen = (kind: Kind, value: string, field: string, time: string, techniques: readonly string[], alg?: string) => {
    const key = `${kind}|${value}`;
    const c = cands.get(key) ?? { kind, value, alg, field, first: time, last: time, count: 0, techniques: new Set<string>() };
    c.count++;
    if (time < c.first) c.first = time;
    if (time > c.last) c.last = time;
    for (const t of techniques) c.techniques.add(t);
    cands.set(key, c);
  };
  for (const ev of events) {
    const time = ev['@timestamp'];
    const tech = alertOf.get(ev.event.id)?.techniques ?? [];
    for (const f of IP_FIELDS) for (const s of strings(get(ev, f))) {
      const b = parseIp(s);
      if (b) seen('ip', ipText(b), f, time, tech);
    }
    for (const f of DOMAIN_FIELDS) for (const s of strings(get(ev, f))) if (!parseIp(s)) seen('domain', normaliseDomain(s), f, time, tech);
    for (const f of URL_FIELDS) for (const s of strings(get(ev, f))) if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) seen('url', normaliseUrl(s), f, time, tech);
    for (const [f, alg] of HASH_FIELDS) for (const s of strings(get(ev, f))) if (new RegExp(`^[0-9a-f]{${HASH_LEN[alg]}}$`, 'i').test(s)) seen('hash', s.toLowerCase(), f, time, tech, alg);
    for (const f of ['email.from.address', 'email.sender.address', 'email.reply_to.address']) for (const s of strings(get(ev, f))) if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s)) seen('email', s.toLowerCase(), f, time, tech);
  }
  // Addresses and senders alerts name without a stored event (e.g. an intel-match alert's entity).
  for (const a of alerts) {
    for (const e of a.entities) {
      if (e.type === 'ip' && parseIp(e.id)) seen('ip', ipText(parseIp(e.id)!), 'alert entity', a.firstSeen, a.techniques ?? []);
      if (e.type === 'email' && e.id.includes('@')) seen('email', e.id.toLowerCase(), 'alert entity', a.firstSeen, a.techniques ?? []);
    }
  }

  const kept: Candidate[] = [];
  for (const c of [...cands.values()].sort((a, b) => `${a.kind}|${a.value}`.localeCompare(`${b.kind}|${b.value}`))) {
    const fs = scrubber.checkObservable(c.kind, c.value);
    if (fs.length) note('indicator', c.field, fs);
    else kept.push(c);
  }

  const now = iso(opts.now);
  const marking = tlpMarking(opts.tlp);
  const producer = opts.producer ?? 'Healthcare organisation (Wardwatch)';
  const identity: StixCommon = {
    type: 'identity', spec_version: '2.1', id: sdoId('identity', `share-producer|${producer}`), created: now, modified: now,
    name: producer, identity_class: 'organization', sectors: ['healthcare'], object_marking_refs: [marking.id],
  };
  const common = () => ({ spec_version: '2.1', created: now, modified: now, created_by_ref: identity.id, object_marking_refs: [marking.id] });
  const scos: StixCommon[] = [];
  const indicators: StixCommon[] = [];
  const sightings: StixCommon[] = [];
  const rels: StixCommon[] = [];
  const techniques = new Set<string>();
  for (const a of alerts) for (const t of a.techniques ?? []) techniques.add(t);
  const apId = (t: string) => sdoId('attack-pattern', `mitre-attack|${t}`);
  const attackPatterns: StixCommon[] = [...techniques].sort().map((t) => ({
    type: 'attack-pattern', ...common(), id: apId(t), name: opts.techniqueName?.(t) ?? t,
    external_references: [{ source_name: 'mitre-attack', external_id: t, url: attackUrl(t) }],
  }));
  const observedId = `observed-data--${randomUUID()}`;
  const validDays = opts.validDays ?? 30;
  for (const c of kept) {
    const sco = scoOf(c, marking.id);
    scos.push(sco);
    const ind: StixCommon = {
      type: 'indicator', ...common(), id: sdoId('indicator', `share|${c.kind}|${c.value}`),
      name: `${c.kind === 'ip' ? 'Address' : c.kind === 'domain' ? 'Domain' : c.kind === 'url' ? 'URL' : c.kind === 'email' ? 'Sender' : 'File hash'} seen in a healthcare incident`,
      indicator_types: ['malicious-activity'],
      pattern: patternOf({ kind: c.kind, value: c.value, alg: c.alg, subdomains: false }), pattern_type: 'stix', pattern_version: '2.1',
      valid_from: c.first, valid_until: iso(Math.max(Date.parse(c.last), opts.now) + validDays * 86_400_000),
    };
    indicators.push(ind);
    sightings.push({
      type: 'sighting', ...common(), id: `sighting--${randomUUID()}`, sighting_of_ref: ind.id, first_seen: c.first, last_seen: c.last,
      count: Math.min(c.count, 999_999_999), observed_data_refs: [observedId], where_sighted_refs: [identity.id],
    });
    for (const t of [...c.techniques].sort()) rels.push({ type: 'relationship', ...common(), id: sdoId('relationship', `share|${ind.id}|indicates|${t}`), relationship_type: 'indicates', source_ref: ind.id, target_ref: apId(t) });
  }
  const objects: StixCommon[] = [marking, identity, ...attackPatterns, ...indicators, ...scos];
  if (scos.length) {
    objects.push({
      type: 'observed-data', ...common(), id: observedId, first_observed: incident.start, last_observed: incident.end,
      number_observed: Math.max(1, Math.min(events.length, 999_999_999)), object_refs: scos.map((s) => s.id),
    });
    objects.push(...sightings);
  }
  objects.push(...rels);

  const title = scrubber.scrubText(incident.title);
  note('report.name', 'incident title', title.findings);
  const story = scrubber.scrubText(incident.explanation.text);
  note('report.description', 'incident story', story.findings);
  // What each kind of alert said (distinct texts, bounded), redacted like the story.
  const said: string[] = [];
  for (const t of [...new Set(alerts.map((a) => a.explanation.text))].slice(0, 20)) {
    const r = scrubber.scrubText(t);
    note('report.description', 'alert explanation', r.findings);
    said.push(`- ${r.text}`);
  }
  const tech = attackPatterns.map((p) => `${(p.external_references as Array<{ external_id: string }>)[0]!.external_id} ${String(p.name)}`);
  const description = [
    `${incident.severity} incident, ${incident.start} to ${incident.end}; tactics: ${incident.tactics.join(', ') || 'none named'}.`,
    tech.length ? `Techniques: ${tech.join('; ')}.` : '',
    `${indicators.length} indicators shared; internal addresses, hosts, staff and patient details were removed before sharing.`,
    story.text,
    ...said,
  ].filter(Boolean).join('\n');
  const refs = objects.filter((o) => o.type !== 'marking-definition').map((o) => o.id);
  objects.push({
    type: 'report', ...common(), id: `report--${randomUUID()}`, name: title.text, description, report_types: ['threat-report'],
    published: now, object_refs: refs,
  });

  const bundle: Bundle = { type: 'bundle', id: `bundle--${randomUUID()}`, objects };
  const leaks = leakCheck(bundle, scrubber);
  if (leaks.length) throw new IntelError('schema', `the draft still carries ${leaks.map((l) => `${l.reason} at ${l.path}`).join(', ')}; nothing was shared`);
  return {
    bundle, removed,
    counts: { indicators: indicators.length, sightings: sightings.length, attackPatterns: attackPatterns.length, observables: scos.length, removed: removed.length },
  };
}

function scoOf(c: Candidate, marking: string): StixCommon {
  let o: { type: string; [k: string]: unknown };
  switch (c.kind) {
    case 'ip': o = { type: c.value.includes(':') ? 'ipv6-addr' : 'ipv4-addr', value: c.value }; break;
    case 'domain': o = { type: 'domain-name', value: c.value }; break;
    case 'url': o = { type: 'url', value: c.value }; break;
    case 'email': o = { type: 'email-addr', value: c.value }; break;
    case 'hash': o = { type: 'file', hashes: { [c.alg ?? 'SHA-256']: c.value } }; break;
  }
  return { ...o, spec_version: '2.1', id: scoId(o), object_marking_refs: [marking] } as StixCommon;
}

/** Properties that are identifiers, vocabularies or timestamps: not free data to check. */
const STRUCTURAL = /^(id|type|spec_version|created|modified|valid_from|valid_until|first_seen|last_seen|first_observed|last_observed|published|pattern_type|pattern_version|identity_class|tlp_2_0|extension_type|url|source_name|external_id)$|_refs?$/;

/**
 * Every free string of a bundle that the scrubber flags (its JSON path and reason). Empty for a
 * bundle that may leave. Run on every draft and again before publishing.
 */
export function leakCheck(bundle: unknown, scrubber: Scrubber): Array<{ path: string; reason: RemovalReason }> {
  const out: Array<{ path: string; reason: RemovalReason }> = [];
  const walk = (v: unknown, path: string, key: string) => {
    if (typeof v === 'string') {
      if (STRUCTURAL.test(key) || key.startsWith('extension-definition--')) return;
      const text = v.replace(/\[removed:[a-z-]+\]/g, ' ');
      for (const f of scrubber.find(text)) out.push({ path, reason: f.reason });
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}/${k}`, k);
  };
  walk(bundle, '', '');
  return out;
}
