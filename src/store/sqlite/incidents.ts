import type Database from 'better-sqlite3';

export const INCIDENT_STATES = ['open', 'investigating', 'escalated', 'contained', 'closed'] as const;
export const INCIDENT_VERDICTS = ['true_positive', 'false_positive', 'benign_expected'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];
export type IncidentVerdict = (typeof INCIDENT_VERDICTS)[number];

/** A note on an incident: who wrote it and when. */
export interface IncidentNote { at: string; by: string; text: string }

/** What analysts decided about an incident (absent until someone touches it). */
export interface IncidentDecision {
  state: IncidentState;
  owner: string | null;
  verdict: IncidentVerdict | null;
  notes: IncidentNote[];
  updated: string;
  updatedBy: string;
}

/** A change to an incident; `note` appends, `null` clears owner or verdict. */
export interface IncidentPatch {
  state?: IncidentState;
  owner?: string | null;
  verdict?: IncidentVerdict | null;
  note?: string;
}

type Row = { id: string; state: string; owner: string | null; verdict: string | null; notes: string; updated: number; updated_by: string };

function toDecision(r: Row): IncidentDecision {
  return {
    state: r.state as IncidentState,
    owner: r.owner,
    verdict: r.verdict as IncidentVerdict | null,
    notes: JSON.parse(r.notes) as IncidentNote[],
    updated: new Date(r.updated).toISOString(),
    updatedBy: r.updated_by,
  };
}

/**
 * Analysts' decisions about incidents. Incidents themselves are derived from alerts (see
 * `src/incidents`); their ids are stable, so decisions survive recomputation.
 */
export class IncidentDecisionRepo {
  constructor(private readonly db: Database.Database) {}

  get(id: string): IncidentDecision | undefined {
    const r = this.db.prepare('SELECT * FROM incident_state WHERE id = ?').get(id) as Row | undefined;
    return r ? toDecision(r) : undefined;
  }

  /** Decisions for these incident ids. */
  many(ids: string[]): Map<string, IncidentDecision> {
    const out = new Map<string, IncidentDecision>();
    const stmt = this.db.prepare('SELECT * FROM incident_state WHERE id = ?');
    for (const id of ids) {
      const r = stmt.get(id) as Row | undefined;
      if (r) out.set(id, toDecision(r));
    }
    return out;
  }

  /** Apply a patch (creating the decision on first touch); returns the result. */
  patch(id: string, p: IncidentPatch, by: string, now = new Date()): IncidentDecision {
    return this.db.transaction(() => {
      const cur = this.get(id) ?? { state: 'open', owner: null, verdict: null, notes: [], updated: now.toISOString(), updatedBy: by };
      const next: IncidentDecision = {
        state: p.state ?? cur.state,
        owner: p.owner !== undefined ? p.owner : cur.owner,
        verdict: p.verdict !== undefined ? p.verdict : cur.verdict,
        notes: p.note ? [...cur.notes, { at: now.toISOString(), by, text: p.note }] : cur.notes,
        updated: now.toISOString(),
        updatedBy: by,
      };
      this.db.prepare(`INSERT INTO incident_state (id, state, owner, verdict, notes, updated, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET state = excluded.state, owner = excluded.owner, verdict = excluded.verdict,
        notes = excluded.notes, updated = excluded.updated, updated_by = excluded.updated_by`)
        .run(id, next.state, next.owner, next.verdict, JSON.stringify(next.notes), now.getTime(), by);
      return next;
    })();
  }
}
