import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { WardError } from '../../core/errors.js';
import { validSuppression, type Suppression } from '../../incidents/suppress.js';

/** Bumped by every add or remove in this process, so every repo's cache sees the change at once. */
let generation = 0;

/**
 * Suppressions in SQLite. Removing one ends it now (it stays on record, so what was suppressed
 * and why can always be read back).
 */
export class SuppressionRepo {
  private cache?: { at: number; version: number; generation: number; list: Suppression[] };

  constructor(private readonly db: Database.Database) {}

  /** Add a suppression; throws a WardError naming the problem when it is not acceptable. */
  add(s: Omit<Suppression, 'id'>): Suppression {
    const why = validSuppression(s);
    if (why) throw new WardError('request.invalid', why, 'body');
    const full: Suppression = { id: `sup_${randomUUID().slice(0, 13).replace('-', '')}`, ...s };
    this.db.prepare('INSERT INTO suppressions (id, doc, created, expires) VALUES (?, ?, ?, ?)')
      .run(full.id, JSON.stringify(full), Date.parse(full.created), Date.parse(full.expires));
    generation++;
    return full;
  }

  /** End a suppression now; false when there is no such active suppression. */
  remove(id: string, now = new Date()): boolean {
    const r = this.db.prepare('UPDATE suppressions SET removed = ? WHERE id = ? AND removed IS NULL').run(now.getTime(), id);
    generation++;
    return r.changes > 0;
  }

  /** Suppressions not removed and not yet expired at `now`, newest first. */
  active(now = new Date()): Suppression[] {
    return (this.db.prepare('SELECT doc FROM suppressions WHERE removed IS NULL AND expires > ? ORDER BY created DESC').pluck().all(now.getTime()) as string[])
      .map((d) => JSON.parse(d) as Suppression);
  }

  /** Every suppression ever made (removed ones too), newest first. */
  all(limit = 500): Array<Suppression & { removed: string | null }> {
    return (this.db.prepare('SELECT doc, removed FROM suppressions ORDER BY created DESC LIMIT ?').all(limit) as Array<{ doc: string; removed: number | null }>)
      .map((r) => ({ ...(JSON.parse(r.doc) as Suppression), removed: r.removed === null ? null : new Date(r.removed).toISOString() }));
  }

  /**
   * Active suppressions, cached for the alert path: re-read when this process changed them, when
   * another connection wrote to the database (`PRAGMA data_version`), and at least every 5 s.
   */
  current(now = Date.now()): Suppression[] {
    const c = this.cache;
    if (c && c.generation === generation && now - c.at < 5000 && c.version === this.db.pragma('data_version', { simple: true })) return c.list;
    const version = this.db.pragma('data_version', { simple: true }) as number;
    // Include suppressions that expired recently: replayed alerts are judged at their own time.
    const list = (this.db.prepare('SELECT doc FROM suppressions WHERE removed IS NULL AND expires > ?').pluck().all(now - 30 * 86_400_000) as string[])
      .map((d) => JSON.parse(d) as Suppression);
    this.cache = { at: now, version, generation, list };
    return list;
  }
}

/** One rule's volume and what analysts said about its alerts. */
export interface RuleStats {
  detector: string;
  rule: string;
  alerts: number;
  suppressed: number;
  truePositive: number;
  falsePositive: number;
  benignExpected: number;
  /** True positives over all verdicts; null until someone has given one. */
  precision: number | null;
}

/**
 * Alert volume and verdict-based precision per detector and rule since `from` (epoch ms), the
 * noisiest first: a noisy rule is found in a minute.
 */
export function ruleStats(db: Database.Database, from: number): RuleStats[] {
  const rows = db.prepare(`
    SELECT a.detector AS detector, json_extract(a.doc, '$.rule') AS rule, COUNT(*) AS alerts,
      SUM(json_extract(a.doc, '$.suppressedBy') IS NOT NULL) AS suppressed,
      SUM(t.verdict = 'true_positive') AS tp, SUM(t.verdict = 'false_positive') AS fp, SUM(t.verdict = 'benign_expected') AS be
    FROM alerts a LEFT JOIN triage t ON t.alert_id = a.id
    WHERE a.ts >= ? GROUP BY 1, 2 ORDER BY alerts DESC`).all(from) as Array<{ detector: string; rule: string | null; alerts: number; suppressed: number; tp: number | null; fp: number | null; be: number | null }>;
  return rows.map((r) => {
    const tp = r.tp ?? 0;
    const fp = r.fp ?? 0;
    const be = r.be ?? 0;
    return {
      detector: r.detector, rule: r.rule ?? r.detector, alerts: r.alerts, suppressed: r.suppressed ?? 0,
      truePositive: tp, falsePositive: fp, benignExpected: be,
      precision: tp + fp + be ? Math.round((tp / (tp + fp + be)) * 1000) / 1000 : null,
    };
  });
}
