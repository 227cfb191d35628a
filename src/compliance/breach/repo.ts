import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { AffectedCount, BreachScope } from './count.js';
import type { FourFactors } from './assessment.js';

export const BREACH_STATES = ['open', 'assessing', 'notifying', 'notified', 'not_a_breach', 'closed'] as const;
export type BreachState = (typeof BREACH_STATES)[number];

/** One step in a case's history (also written to the audit log). */
export interface BreachStep { at: string; by: string; what: string }

/**
 * A breach case: the incident it came from, who is affected (pseudonyms only), the four-factor
 * assessment, the discovery time the clock runs from, and its history.
 */
export interface BreachCase {
  id: string;
  incidentId: string;
  title: string;
  state: BreachState;
  /** When the breach was discovered (the clock's start): by default the first alert's creation. */
  discovered: string;
  opened: string;
  openedBy: string;
  scope: BreachScope;
  count: AffectedCount;
  /** Affected residents per state (two-letter code), as the privacy officer establishes them. */
  residents: Record<string, number>;
  assessment: FourFactors;
  notes: BreachStep[];
  history: BreachStep[];
}

type Row = { doc: string };

/**
 * Breach cases in SQLite (`breach_cases`): one JSON document per case, with its incident and
 * state as columns for listing.
 *
 * @example
 * new BreachRepo(db).list()
 */
export class BreachRepo {
  constructor(private readonly db: Database.Database) {}

  /** A new case id: `br_` + 16 hex. */
  static newId(): string {
    return `br_${randomBytes(8).toString('hex')}`;
  }

  insert(c: BreachCase): void {
    this.db.prepare('INSERT INTO breach_cases (id, incident_id, state, opened, doc) VALUES (?, ?, ?, ?, ?)')
      .run(c.id, c.incidentId, c.state, Date.parse(c.opened), JSON.stringify(c));
  }

  save(c: BreachCase): void {
    this.db.prepare('UPDATE breach_cases SET state = ?, doc = ? WHERE id = ?').run(c.state, JSON.stringify(c), c.id);
  }

  get(id: string): BreachCase | undefined {
    const r = this.db.prepare('SELECT doc FROM breach_cases WHERE id = ?').get(id) as Row | undefined;
    return r ? (JSON.parse(r.doc) as BreachCase) : undefined;
  }

  /** The open (not closed) case of an incident, if any: one incident, one live case. */
  forIncident(incidentId: string): BreachCase | undefined {
    const r = this.db.prepare("SELECT doc FROM breach_cases WHERE incident_id = ? AND state NOT IN ('closed', 'not_a_breach') ORDER BY opened DESC LIMIT 1").get(incidentId) as Row | undefined;
    return r ? (JSON.parse(r.doc) as BreachCase) : undefined;
  }

  list(limit = 200): BreachCase[] {
    return (this.db.prepare('SELECT doc FROM breach_cases ORDER BY opened DESC LIMIT ?').all(limit) as Row[]).map((r) => JSON.parse(r.doc) as BreachCase);
  }
}
