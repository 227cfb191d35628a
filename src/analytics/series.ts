import type { AlertCountRow, AlertSplit } from '../store/sqlite/series.js';

/** Where alert counts come from (the SQLite store's `AlertSeriesQueries`, or any backend with the same two calls). */
export interface AlertCountSource {
  span(): { first: number; last: number } | undefined;
  counts(q: { split: AlertSplit; bucketMs: number; from?: number; to?: number }): AlertCountRow[];
}

/** A split of alert counts: by nothing, detector, severity, ATT&CK technique or tactic. */
export type SeriesSplit = AlertSplit | 'tactic';
export type Granularity = 'day' | 'hour';
export const BUCKET_MS: Record<Granularity, number> = { day: 86_400_000, hour: 3_600_000 };

/** A dense, evenly spaced count series (zeros where nothing happened). */
export interface CountSeries {
  /** `alerts`, or `<split>:<key>`, e.g. `detector:phishing.content`, `tactic:Initial Access`. */
  name: string;
  split: SeriesSplit;
  key: string;
  granularity: Granularity;
  /** Start of the first bucket (epoch ms, UTC-aligned). */
  start: number;
  bucketMs: number;
  values: number[];
}

/** Options for {@link extractSeries}. */
export interface ExtractOptions {
  split: SeriesSplit;
  granularity: Granularity;
  from?: number;
  to?: number;
  /** ATT&CK technique id → tactic name; needed for `split: 'tactic'`. */
  tacticOf?: (technique: string) => string;
  /** Wall clock (ms) — a bucket still in progress is left out so it does not read as a drop. */
  now?: number;
}

/**
 * Dense per-bucket alert counts, one series per key, over whole buckets from the first alert (or
 * `from`) to the last alert (or `to`). A bucket that has not ended yet by `now` is dropped.
 *
 * @example
 * extractSeries(new AlertSeriesQueries(db), { split: 'detector', granularity: 'day' })
 */
export function extractSeries(src: AlertCountSource, o: ExtractOptions): CountSeries[] {
  const bucketMs = BUCKET_MS[o.granularity];
  const span = src.span();
  if (!span) return [];
  const start = Math.floor((o.from ?? span.first) / bucketMs) * bucketMs;
  let end = o.to !== undefined ? Math.ceil(o.to / bucketMs) * bucketMs : (Math.floor(span.last / bucketMs) + 1) * bucketMs;
  const now = o.now ?? Date.now();
  if (end > now) end = Math.floor(now / bucketMs) * bucketMs;
  const len = Math.max(0, Math.round((end - start) / bucketMs));
  if (o.split === 'tactic' && !o.tacticOf) throw new Error('a tactic split needs a technique → tactic map');
  const rows = src.counts({ split: o.split === 'tactic' ? 'technique' : o.split, bucketMs, from: start, to: end });
  const byKey = new Map<string, number[]>();
  for (const r of rows) {
    const key = o.split === 'tactic' ? o.tacticOf!(r.key) : r.key;
    let v = byKey.get(key);
    if (!v) byKey.set(key, (v = new Array<number>(len).fill(0)));
    const i = Math.round((r.t - start) / bucketMs);
    if (i >= 0 && i < len) v[i]! += r.n;
  }
  if (o.split === 'all' && !byKey.has('all')) byKey.set('all', new Array<number>(len).fill(0));
  return [...byKey].map(([key, values]) => ({
    name: o.split === 'all' ? 'alerts' : `${o.split}:${key}`, split: o.split, key, granularity: o.granularity, start, bucketMs, values,
  })).sort((a, b) => sum(b.values) - sum(a.values));
}

const sum = (a: number[]): number => a.reduce((s, v) => s + v, 0);

/** ISO date (YYYY-MM-DD) or hour (YYYY-MM-DDTHH:00Z) of bucket `i`. */
export function bucketLabel(s: Pick<CountSeries, 'start' | 'bucketMs' | 'granularity'>, i: number): string {
  const iso = new Date(s.start + i * s.bucketMs).toISOString();
  return s.granularity === 'day' ? iso.slice(0, 10) : `${iso.slice(0, 13)}:00Z`;
}
