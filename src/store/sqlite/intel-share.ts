import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

export const SHARE_STATES = ['proposed', 'approved', 'published', 'failed', 'rejected'] as const;
export type ShareState = (typeof SHARE_STATES)[number];

/** Where an approved draft goes: a local TAXII collection (alias) and/or a configured remote peer. */
export interface ShareTargets { collection?: string | undefined; remote?: string | undefined }

/** A share draft as stored: the bundle, what was removed, and who proposed and decided. */
export interface ShareDraftRecord {
  id: string;
  incidentId: string;
  state: ShareState;
  tlp: string;
  targets: ShareTargets;
  bundle: { type: 'bundle'; id: string; objects: Array<Record<string, unknown>> };
  removed: Array<{ where: string; field: string; reason: string; why: string; shown: string }>;
  counts: Record<string, number>;
  note: string | null;
  proposedBy: string;
  proposed: string;
  decidedBy: string | null;
  decided: string | null;
  reason: string | null;
  /** What publishing did (status resources, errors per target). */
  result: Record<string, unknown> | null;
}

type Row = {
  id: string; incident_id: string; state: string; tlp: string; targets: string; bundle: string; removed: string; counts: string; note: string | null;
  proposed_by: string; proposed: number; decided_by: string | null; decided: number | null; reason: string | null; result: string | null;
};

function toRecord(r: Row): ShareDraftRecord {
  return {
    id: r.id, incidentId: r.incident_id, state: r.state as ShareState, tlp: r.tlp, targets: JSON.parse(r.targets) as ShareTargets,
    bundle: JSON.parse(r.bundle) as ShareDraftRecord['bundle'], removed: JSON.parse(r.removed) as ShareDraftRecord['removed'],
    counts: JSON.parse(r.counts) as Record<string, number>, note: r.note, proposedBy: r.proposed_by, proposed: new Date(r.proposed).toISOString(),
    decidedBy: r.decided_by, decided: r.decided === null ? null : new Date(r.decided).toISOString(), reason: r.reason,
    result: r.result === null ? null : (JSON.parse(r.result) as Record<string, unknown>),
  };
}

/**
 * Share drafts (`intel_share_drafts`): a STIX bundle made from an incident, stripped of PHI and
 * internal identifiers, waiting for a second person to approve it (see src/intel/share).
 *
 * @example
 * const repo = new ShareDraftRepo(store.db); repo.list({ state: 'proposed' })
 */
export class ShareDraftRepo {
  constructor(private readonly db: Database.Database) {}

  /** Store a new draft (state `proposed`); answers it with its id. */
  create(d: Pick<ShareDraftRecord, 'incidentId' | 'tlp' | 'targets' | 'bundle' | 'removed' | 'counts' | 'note' | 'proposedBy'>, at = Date.now()): ShareDraftRecord {
    const id = `shr_${randomBytes(8).toString('hex')}`;
    this.db.prepare(`INSERT INTO intel_share_drafts (id, incident_id, state, tlp, targets, bundle, removed, counts, note, proposed_by, proposed)
      VALUES (?, ?, 'proposed', ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, d.incidentId, d.tlp, JSON.stringify(d.targets), JSON.stringify(d.bundle), JSON.stringify(d.removed), JSON.stringify(d.counts), d.note, d.proposedBy, at);
    return this.get(id)!;
  }

  get(id: string): ShareDraftRecord | undefined {
    const r = this.db.prepare('SELECT * FROM intel_share_drafts WHERE id = ?').get(id) as Row | undefined;
    return r ? toRecord(r) : undefined;
  }

  /** Newest first, optionally in some states. */
  list(opts: { states?: readonly ShareState[]; limit?: number } = {}): ShareDraftRecord[] {
    const states = opts.states?.length ? opts.states : SHARE_STATES;
    const rows = this.db.prepare(`SELECT * FROM intel_share_drafts WHERE state IN (${states.map(() => '?').join(',')}) ORDER BY proposed DESC, id LIMIT ?`)
      .all(...states, opts.limit ?? 100) as Row[];
    return rows.map(toRecord);
  }

  /**
   * Move a draft from one of `from` to `to`, recording who decided and why; `false` when it was
   * no longer in such a state (someone else decided first).
   */
  decide(id: string, from: readonly ShareState[], to: ShareState, by: string, fields: { reason?: string | null; result?: Record<string, unknown> | null } = {}, at = Date.now()): boolean {
    const r = this.db.prepare(`UPDATE intel_share_drafts SET state = ?, decided_by = ?, decided = ?, reason = COALESCE(?, reason), result = COALESCE(?, result)
      WHERE id = ? AND state IN (${from.map(() => '?').join(',')})`)
      .run(to, by, at, fields.reason ?? null, fields.result ? JSON.stringify(fields.result) : null, id, ...from);
    return r.changes === 1;
  }
}
