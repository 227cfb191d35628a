import type Database from 'better-sqlite3';
import type { Alert, Severity } from '../../core/alert.js';
import type { WardEvent } from '../../core/event.js';
import { queuedAlert, type QueuedAlert } from './triage.js';

type Row = Record<string, unknown>;
const SEV: Record<number, Severity> = { 1: 'low', 2: 'medium', 3: 'high', 4: 'critical' };
const BUCKETS = [60_000, 300_000, 900_000, 3_600_000, 3 * 3_600_000, 6 * 3_600_000, 86_400_000, 7 * 86_400_000];

/** Aggregates the console's overview draws, over `[from, to)` in epoch ms. */
export interface AlertAggregates {
  from: number;
  to: number;
  bucketMs: number;
  /** Alerts per time bucket and severity. */
  series: Array<{ t: number; severity: Severity; n: number }>;
  byDetector: Array<{ detector: string; n: number }>;
  byTechnique: Array<{ technique: string; n: number }>;
  /** Entities ranked by the sum of their alerts' severity ranks (count × severity). */
  topEntities: Array<{ type: string; id: string; alerts: number; score: number }>;
  deadLettersBySource: Array<{ source: string; n: number; last: number }>;
}

/**
 * Read-only queries behind the overview, entity pages and ingest health. They read the tables of
 * the SQLite store directly (the store interface grows these once a second backend needs them).
 *
 * @example
 * new ConsoleQueries(store.db).aggregates({ days: 7 }).byDetector
 */
export class ConsoleQueries {
  constructor(private readonly db: Database.Database) {}

  /** Newest alert time (ms), or undefined when there are none. */
  newestAlert(): number | undefined {
    return (this.db.prepare('SELECT MAX(ts) FROM alerts').pluck().get() as number | null) ?? undefined;
  }

  aggregates(range: { from?: number; to?: number; days?: number }): AlertAggregates {
    // Default: the window ending at the newest alert, so replayed historical logs show up.
    const to = range.to ?? ((this.newestAlert() ?? Date.now()) + 1);
    // better-sqlite3 binds JS numbers as REAL; bucket keys are made integers in SQL (CAST) to match.
    const from = range.from ?? to - (range.days ?? 7) * 86_400_000;
    const span = Math.max(to - from, 60_000);
    const bucketMs = BUCKETS.find((b) => span / b <= 96) ?? BUCKETS[BUCKETS.length - 1]!;
    const series = (this.db.prepare(`SELECT CAST(ts / ? AS INTEGER) * ? AS t, severity, COUNT(*) AS n FROM alerts
      WHERE ts >= ? AND ts < ? GROUP BY t, severity ORDER BY t`).all(bucketMs, bucketMs, from, to) as Row[])
      .map((r) => ({ t: r.t as number, severity: SEV[r.severity as number] ?? 'low', n: r.n as number }));
    const byDetector = this.db.prepare(`SELECT detector, COUNT(*) AS n FROM alerts WHERE ts >= ? AND ts < ?
      GROUP BY detector ORDER BY n DESC`).all(from, to) as Array<{ detector: string; n: number }>;
    const byTechnique = this.db.prepare(`SELECT j.value AS technique, COUNT(*) AS n FROM alerts a, json_each(a.doc, '$.techniques') j
      WHERE a.ts >= ? AND a.ts < ? GROUP BY j.value ORDER BY n DESC`).all(from, to) as Array<{ technique: string; n: number }>;
    const topEntities = this.db.prepare(`SELECT e.type AS type, e.entity_id AS id, COUNT(*) AS alerts, SUM(a.severity) AS score
      FROM alert_entities e JOIN alerts a ON a.id = e.alert_id WHERE a.ts >= ? AND a.ts < ?
      GROUP BY e.type, e.entity_id ORDER BY score DESC LIMIT 10`).all(from, to) as AlertAggregates['topEntities'];
    const deadLettersBySource = this.db.prepare(`SELECT source, COUNT(*) AS n, MAX(received) AS last FROM dead_letters
      GROUP BY source ORDER BY n DESC`).all() as AlertAggregates['deadLettersBySource'];
    return { from, to, bucketMs, series, byDetector, byTechnique, topEntities, deadLettersBySource };
  }

  /** Per event source: events stored and the newest event/ingest time (from the last 50,000 events). */
  sourceActivity(): Array<{ dataset: string; events: number; newest: number; newestIngested: string | null }> {
    const rows = this.db.prepare(`SELECT COALESCE(json_extract(doc, '$.event.dataset'), json_extract(doc, '$.event.module'), 'unknown') AS dataset,
        COUNT(*) AS events, MAX(ts) AS newest, MAX(json_extract(doc, '$.event.ingested')) AS ing
      FROM (SELECT doc, ts FROM events ORDER BY seq DESC LIMIT 50000) GROUP BY dataset ORDER BY events DESC`).all() as Row[];
    return rows.map((r) => ({ dataset: r.dataset as string, events: r.events as number, newest: r.newest as number, newestIngested: (r.ing as string | null) ?? null }));
  }

  /** Entities of one type that alerts name, with alert counts and risk score. */
  alertedEntities(type: string, limit: number): Map<string, { alerts: number; score: number; last: number }> {
    const rows = this.db.prepare(`SELECT e.entity_id AS id, COUNT(*) AS alerts, SUM(a.severity) AS score, MAX(a.ts) AS last
      FROM alert_entities e JOIN alerts a ON a.id = e.alert_id WHERE e.type = ? GROUP BY e.entity_id ORDER BY score DESC LIMIT ?`)
      .all(type, limit) as Row[];
    return new Map(rows.map((r) => [r.id as string, { alerts: r.alerts as number, score: r.score as number, last: r.last as number }]));
  }

  /** Alerts naming an entity (any type), newest first, with triage. */
  alertsFor(entityId: string, limit: number, around?: { from: number; to: number }): QueuedAlert[] {
    const rows = this.db.prepare(`SELECT a.id, a.ts, a.severity, a.doc, t.status AS t_status, t.assignee, t.verdict, t.note, t.updated, t.updated_by
      FROM alerts a LEFT JOIN triage t ON t.alert_id = a.id
      WHERE a.id IN (SELECT alert_id FROM alert_entities WHERE entity_id = ?) ${around ? 'AND a.ts >= ? AND a.ts < ?' : ''}
      ORDER BY a.ts DESC LIMIT ?`).all(entityId, ...(around ? [around.from, around.to] : []), limit) as Row[];
    return rows.map(queuedAlert);
  }

  /**
   * Events of a patient pseudonym (EHR access), newest first. Pseudonyms are not in the entity
   * index, so this scans `doc`; patient pages are rare and audited, and bounded by `limit`.
   */
  patientEvents(pseudonym: string, limit: number): WardEvent[] {
    const like = `%"${pseudonym.replace(/[\\%_"]/g, '')}"%`;
    return (this.db.prepare('SELECT doc FROM events WHERE doc LIKE ? ORDER BY seq DESC LIMIT ?').all(like, limit) as Row[])
      .map((r) => JSON.parse(r.doc as string) as WardEvent)
      .filter((e) => (e as { ehr?: { patient?: { id?: string } } }).ehr?.patient?.id === pseudonym);
  }

  /** Alerts sharing an entity with the given alert (excluding it). */
  related(alert: Alert, limit: number): QueuedAlert[] {
    if (!alert.entities.length) return [];
    const ids = alert.entities.map((e) => e.id);
    const rows = this.db.prepare(`SELECT a.id, a.ts, a.severity, a.doc, t.status AS t_status, t.assignee, t.verdict, t.note, t.updated, t.updated_by
      FROM alerts a LEFT JOIN triage t ON t.alert_id = a.id
      WHERE a.id IN (SELECT alert_id FROM alert_entities WHERE entity_id IN (${ids.map(() => '?').join(',')})) AND a.id != ?
      ORDER BY a.ts DESC LIMIT ?`).all(...ids, alert.id, limit) as Row[];
    return rows.map(queuedAlert);
  }
}
