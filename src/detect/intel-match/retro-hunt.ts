import type { Alert, EntityRef, Severity } from '../../core/alert.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import type { IntelStore, StoredIndicator } from '../../intel/store/intel-store.js';
import type { SqliteStore } from '../../store/sqlite/index.js';
import { alertId } from '../alert-id.js';
import { hitSentence } from './describe.js';
import { IntelMatcher, type IntelHit, type RawHit } from './matcher.js';

/** The rule name of retro-hunt alerts. */
export const RETRO_HUNT_RULE = 'intel.retro-hunt';

/** Options of {@link retroHunt}. */
export interface HuntOptions {
  /** Search events of the last `days` days (event time). */
  days: number;
  now?: number;
  /** Only indicators imported at or after this time (ms): the new ones. Default: every active indicator. */
  importedSince?: number | undefined;
  minConfidence?: number;
  /** Called every `progressEvery` events with the count scanned so far. */
  onProgress?: (scanned: number) => void;
  progressEvery?: number;
  maxEvidence?: number;
}

/** What a hunt did. */
export interface HuntResult {
  indicators: number;
  scanned: number;
  /** Events with at least one hit. */
  matchedEvents: number;
  /** Alerts raised (one per listed value; a re-run raises none for what it already found). */
  alerts: number;
  sightings: number;
  seconds: number;
  eventsPerSecond: number;
}

interface Group { first: { id: string; ts: number; e: WardEvent }; last: number; count: number; evidence: string[]; hits: Map<string, RawHit> }

/**
 * Retro-hunt: search the stored events of the last `days` days for indicators (by default all
 * active ones; with `importedSince`, only those an import just brought), with the same lookup
 * sets and fields as `intel.match`. Each listed value found gives one alert (first and last
 * time, count, the events as evidence) with a deterministic id, so running the hunt again
 * raises nothing new; the hits of a new alert are recorded as sightings.
 *
 * @example retroHunt(events, intel, { days: 30, importedSince: importStart })
 */
export function retroHunt(events: SqliteStore, intel: IntelStore, o: HuntOptions): HuntResult {
  const started = performance.now();
  const now = o.now ?? Date.now();
  const matcher = IntelMatcher.build(intel.keys(now, o.minConfidence ?? 0, o.importedSince));
  const result: HuntResult = { indicators: matcher.size, scanned: 0, matchedEvents: 0, alerts: 0, sightings: 0, seconds: 0, eventsPerSecond: 0 };
  if (!matcher.size) return result;
  const groups = new Map<string, Group>();
  const every = o.progressEvery ?? 100_000;
  const stmt = events.db.prepare('SELECT id, ts, doc FROM events WHERE ts >= ?').raw();
  for (const row of stmt.iterate(now - o.days * 86_400_000) as Iterable<[string, number, string]>) {
    result.scanned++;
    if (o.onProgress && result.scanned % every === 0) o.onProgress(result.scanned);
    const e = JSON.parse(row[2]) as WardEvent;
    const hits = matcher.match(e);
    if (!hits.length) continue;
    result.matchedEvents++;
    const key = hits.length === 1 ? hits[0]!.listed : [...new Set(hits.map((h) => h.listed))].sort().join(' ');
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { first: { id: row[0], ts: row[1], e }, last: row[1], count: 1, evidence: [row[0]], hits: new Map(hits.map((h) => [`${h.field}|${h.observed}`, h])) });
      continue;
    }
    g.count++;
    if (row[1] < g.first.ts) g.first = { id: row[0], ts: row[1], e };
    g.last = Math.max(g.last, row[1]);
    if (g.evidence.length < (o.maxEvidence ?? 50)) g.evidence.push(row[0]);
    for (const h of hits) g.hits.set(`${h.field}|${h.observed}`, h);
  }
  const rows = new Map<number, StoredIndicator>();
  const rowsOf = (seqs: number[]) => {
    const missing = seqs.filter((s) => !rows.has(s));
    for (const r of intel.bySeq(missing)) rows.set(r.seq, r);
    return seqs.flatMap((s) => rows.get(s) ?? []);
  };
  for (const [key, g] of groups) {
    const hits: IntelHit[] = [...g.hits.values()].map(({ seqs, ...h }) => ({ ...h, indicators: rowsOf(seqs) })).filter((h) => h.indicators.length);
    if (!hits.length) continue;
    const alert = huntAlert(key, g, hits, now, o.maxEvidence ?? 50);
    if (events.insertAlerts([alert]) === 0) continue;
    result.alerts++;
    intel.transaction(() => {
      for (const h of hits) for (const i of h.indicators) {
        intel.recordSighting(i.seq, h.observed, h.field, g.first.ts, g.first.id);
        result.sightings++;
      }
    });
  }
  result.seconds = (performance.now() - started) / 1000;
  result.eventsPerSecond = result.seconds > 0 ? Math.round(result.scanned / result.seconds) : 0;
  return result;
}

function huntAlert(key: string, g: Group, hits: IntelHit[], now: number, maxEvidence: number): Alert {
  const inds = hits.flatMap((h) => h.indicators);
  const best = Math.max(...inds.map((i) => i.confidence ?? 50));
  const severity: Severity = best >= 80 ? 'high' : best >= 50 ? 'medium' : 'low';
  const entities: EntityRef[] = hits.map((h) => ({ type: h.field.endsWith('.ip') ? 'ip' : h.field.startsWith('email') ? 'email' : 'host', id: h.observed }));
  if (g.first.e.user?.name) entities.push({ type: 'user', id: g.first.e.user.name });
  if (g.first.e.host?.name) entities.push({ type: 'host', id: g.first.e.host.name });
  const techniques = [...new Set(inds.flatMap((i) => i.techniques ?? []))];
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: alertId(RETRO_HUNT_RULE, key, g.first.id),
    time: iso(g.first.ts),
    created: iso(now),
    title: `Known-bad ${key} was seen before it was listed (retro-hunt, ${g.count} event${g.count === 1 ? '' : 's'})`,
    severity,
    detector: RETRO_HUNT_RULE,
    rule: RETRO_HUNT_RULE,
    status: 'open',
    entities,
    ...(techniques.length ? { techniques } : {}),
    explanation: explain(
      `${hits.map(hitSentence).join('. ')}; found by a retro-hunt over stored events, ${g.count} event(s) from ${iso(g.first.ts)} to ${iso(g.last)}.`,
      inds.map((i) => ({ feature: `intel.${i.kind}`, label: `listed in ${i.source}${i.name ? ` (${i.name})` : ''}`, observed: i.value })),
      g.evidence,
      g.count,
      maxEvidence,
    ),
    firstSeen: iso(g.first.ts),
    lastSeen: iso(g.last),
  };
}
