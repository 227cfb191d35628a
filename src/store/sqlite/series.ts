import type Database from 'better-sqlite3';
import type { Severity } from '../../core/alert.js';

const SEV: Record<number, Severity> = { 1: 'low', 2: 'medium', 3: 'high', 4: 'critical' };

/** What alert counts are grouped by: nothing (all alerts), detector, severity, or ATT&CK technique. */
export type AlertSplit = 'all' | 'detector' | 'severity' | 'technique';

/** Alert counts per time bucket and key (bucket start in epoch ms); empty buckets are absent. */
export interface AlertCountRow { key: string; t: number; n: number }

/**
 * Alert counts per fixed time bucket for trend and forecast analytics. Buckets are aligned to the
 * Unix epoch, so daily buckets are UTC days. An alert with several techniques counts once per technique.
 *
 * @example
 * new AlertSeriesQueries(store.db).counts({ split: 'detector', bucketMs: 86_400_000 })
 */
export class AlertSeriesQueries {
  constructor(private readonly db: Database.Database) {}

  /** Oldest and newest alert times (ms), or undefined without alerts. */
  span(): { first: number; last: number } | undefined {
    const r = this.db.prepare('SELECT MIN(ts) AS first, MAX(ts) AS last FROM alerts').get() as { first: number | null; last: number | null };
    return r.first === null || r.last === null ? undefined : { first: r.first, last: r.last };
  }

  /** Counts over `[from, to)` per bucket and key. */
  counts(q: { split: AlertSplit; bucketMs: number; from?: number; to?: number }): AlertCountRow[] {
    const from = q.from ?? 0, to = q.to ?? Number.MAX_SAFE_INTEGER;
    const bucket = 'CAST(a.ts / ? AS INTEGER) * ?';
    const sql = {
      all: `SELECT 'all' AS key, ${bucket} AS t, COUNT(*) AS n FROM alerts a WHERE a.ts >= ? AND a.ts < ? GROUP BY t ORDER BY t`,
      detector: `SELECT a.detector AS key, ${bucket} AS t, COUNT(*) AS n FROM alerts a WHERE a.ts >= ? AND a.ts < ? GROUP BY key, t ORDER BY t`,
      severity: `SELECT a.severity AS key, ${bucket} AS t, COUNT(*) AS n FROM alerts a WHERE a.ts >= ? AND a.ts < ? GROUP BY key, t ORDER BY t`,
      technique: `SELECT j.value AS key, ${bucket} AS t, COUNT(*) AS n FROM alerts a, json_each(a.doc, '$.techniques') j
        WHERE a.ts >= ? AND a.ts < ? GROUP BY key, t ORDER BY t`,
    }[q.split];
    const rows = this.db.prepare(sql).all(q.bucketMs, q.bucketMs, from, to) as Array<{ key: string | number; t: number; n: number }>;
    return rows.map((r) => ({ key: q.split === 'severity' ? SEV[r.key as number] ?? 'low' : String(r.key), t: r.t, n: r.n }));
  }
}
