import type Database from 'better-sqlite3';
import type { PrivacySettings } from '../../core/privacy-config.js';

const DAY = 86_400_000;

/** The data classes Wardwatch keeps, each with its own retention. */
export const DATA_CLASSES = ['events', 'rawRecords', 'alerts', 'audit', 'deadLetters'] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

/** What a purge removed (or, dry, would remove) of one class. */
export interface PurgedClass {
  class: DataClass;
  retentionDays: number;
  cutoff: string;
  /** Rows deleted (for `rawRecords`: events whose raw bytes were dropped). */
  count: number;
  /** Time range of the purged rows (absent when none). */
  from?: string;
  to?: string;
}

/** A purge's report, itself written to the audit log. */
export interface PurgeReport {
  at: string;
  dryRun: boolean;
  classes: PurgedClass[];
}

/** Days per class from the settings; `events` falls back to `store.retentionDays`. */
export function retentionDays(r: PrivacySettings['retention'], storeRetentionDays: number): Record<DataClass, number> {
  return { events: r.events ?? storeRetentionDays, rawRecords: Math.min(r.rawRecords, r.events ?? storeRetentionDays), alerts: r.alerts, audit: r.audit, deadLetters: r.deadLetters };
}

interface ClassSql {
  /** count, min, max of what would go (times in epoch ms, or ISO for audit). */
  measure: string;
  run: (db: Database.Database, cutoff: number | string) => number;
  iso: boolean;
}

const SQL: Record<DataClass, ClassSql> = {
  events: {
    measure: 'SELECT COUNT(*) n, MIN(ts) lo, MAX(ts) hi FROM events WHERE ts < ?',
    iso: false,
    run: (db, cutoff) => {
      const n = db.prepare('DELETE FROM events WHERE ts < ?').run(cutoff).changes;
      if (n > 0) {
        // Entity rows of deleted events (as the store's own retention does; searches re-check rows).
        const oldest = db.prepare('SELECT MIN(seq) FROM events').pluck().get() as number | null;
        db.prepare('DELETE FROM event_entities WHERE seq < ?').run(oldest ?? Number.MAX_SAFE_INTEGER);
      }
      return n;
    },
  },
  rawRecords: {
    measure: 'SELECT COUNT(*) n, MIN(ts) lo, MAX(ts) hi FROM events WHERE ts < ? AND raw IS NOT NULL',
    iso: false,
    run: (db, cutoff) => db.prepare('UPDATE events SET raw = NULL WHERE ts < ? AND raw IS NOT NULL').run(cutoff).changes,
  },
  alerts: {
    measure: 'SELECT COUNT(*) n, MIN(ts) lo, MAX(ts) hi FROM alerts WHERE ts < ?',
    iso: false,
    run: (db, cutoff) => {
      db.prepare('DELETE FROM alert_entities WHERE alert_id IN (SELECT id FROM alerts WHERE ts < ?)').run(cutoff);
      db.prepare('DELETE FROM triage WHERE alert_id IN (SELECT id FROM alerts WHERE ts < ?)').run(cutoff);
      return db.prepare('DELETE FROM alerts WHERE ts < ?').run(cutoff).changes;
    },
  },
  audit: {
    measure: 'SELECT COUNT(*) n, MIN(time) lo, MAX(time) hi FROM audit WHERE time < ?',
    iso: true,
    run: (db, cutoff) => db.prepare('DELETE FROM audit WHERE time < ?').run(cutoff).changes,
  },
  deadLetters: {
    measure: 'SELECT COUNT(*) n, MIN(received) lo, MAX(received) hi FROM dead_letters WHERE received < ?',
    iso: false,
    run: (db, cutoff) => db.prepare('DELETE FROM dead_letters WHERE received < ?').run(cutoff).changes,
  },
};

/**
 * Purge each data class past its retention, in one transaction, and say what went: count and
 * time range per class. `dryRun` measures without deleting. The caller audits the report (the
 * audit row is written after the purge, so it is never its own victim).
 *
 * @example
 * purge(store.db, { events: 30, rawRecords: 7, alerts: 365, audit: 2190, deadLetters: 30 }).classes
 */
export function purge(db: Database.Database, days: Record<DataClass, number>, o: { dryRun?: boolean; now?: number } = {}): PurgeReport {
  const now = o.now ?? Date.now();
  const classes: PurgedClass[] = [];
  const work = () => {
    for (const c of DATA_CLASSES) {
      const s = SQL[c];
      const cutoffMs = now - days[c] * DAY;
      const cutoff = s.iso ? new Date(cutoffMs).toISOString() : cutoffMs;
      const m = db.prepare(s.measure).get(cutoff) as { n: number; lo: number | string | null; hi: number | string | null };
      const iso = (v: number | string | null) => (v === null ? undefined : typeof v === 'string' ? v : new Date(v).toISOString());
      const count = o.dryRun ? m.n : s.run(db, cutoff);
      const lo = iso(m.lo);
      const hi = iso(m.hi);
      classes.push({ class: c, retentionDays: days[c], cutoff: new Date(cutoffMs).toISOString(), count, ...(count && lo ? { from: lo } : {}), ...(count && hi ? { to: hi } : {}) });
    }
  };
  if (o.dryRun) work();
  else db.transaction(work)();
  return { at: new Date(now).toISOString(), dryRun: o.dryRun === true, classes };
}
