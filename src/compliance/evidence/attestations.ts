import type Database from 'better-sqlite3';

/** A person's statement that a control is in place, with the document that shows it and when to look again. */
export interface Attestation {
  id: number;
  controlId: string;
  /** Who answers for the control (a name or role, e.g. "CISO", "Facilities manager"). */
  owner: string;
  statement: string;
  /** Where the evidence lives: a path, document id or URL in the hospital's records. */
  evidenceFile: string;
  /** SHA-256 of the evidence file when the attester gave it, so a later swap is visible. */
  evidenceSha256: string | null;
  attestedAt: number;
  /** The attestation lapses (status "attestation overdue") after this time. */
  reviewBy: number;
  created: number;
  createdBy: string;
  updated: number;
  updatedBy: string;
}

/** Fields a person sets when attesting. */
export interface AttestationInput {
  controlId: string;
  owner: string;
  statement: string;
  evidenceFile: string;
  evidenceSha256?: string | null | undefined;
  attestedAt: number;
  reviewBy: number;
}

type Row = { id: number; control_id: string; owner: string; statement: string; evidence_file: string; evidence_sha256: string | null; attested_at: number; review_by: number; created: number; created_by: string; updated: number; updated_by: string };

const toAttestation = (r: Row): Attestation => ({
  id: r.id, controlId: r.control_id, owner: r.owner, statement: r.statement, evidenceFile: r.evidence_file, evidenceSha256: r.evidence_sha256,
  attestedAt: r.attested_at, reviewBy: r.review_by, created: r.created, createdBy: r.created_by, updated: r.updated, updatedBy: r.updated_by,
});

/** One status per control at one time, for the history of a control. */
export interface Snapshot { taken: number; from: number; to: number; controlId: string; status: string; summary: string | null }

/**
 * Attestations and status snapshots in the store's `compliance_*` tables.
 *
 * @example
 * const repo = new ComplianceRepo(store.db);
 * repo.attest({ controlId: 'hipaa-308-a-1-ii-A', owner: 'CISO', statement: 'Risk analysis 2026 done', evidenceFile: 'risk/2026.pdf', attestedAt: Date.now(), reviewBy: Date.now() + 365 * 86_400_000 }, 'user:alice');
 */
export class ComplianceRepo {
  constructor(private readonly db: Database.Database) {}

  /** Records a new attestation; returns it. */
  attest(a: AttestationInput, by: string, now = Date.now()): Attestation {
    const id = this.db.prepare(`INSERT INTO compliance_attestations (control_id, owner, statement, evidence_file, evidence_sha256, attested_at, review_by, created, created_by, updated, updated_by)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(a.controlId, a.owner, a.statement, a.evidenceFile, a.evidenceSha256 ?? null, a.attestedAt, a.reviewBy, now, by, now, by).lastInsertRowid;
    return this.get(Number(id))!;
  }

  /** Changes an attestation (a new review date, a new evidence file); undefined when there is none with this id. */
  update(id: number, patch: Partial<Omit<AttestationInput, 'controlId'>>, by: string, now = Date.now()): Attestation | undefined {
    const cur = this.get(id);
    if (!cur) return undefined;
    const n = { ...cur, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as Attestation;
    this.db.prepare(`UPDATE compliance_attestations SET owner = ?, statement = ?, evidence_file = ?, evidence_sha256 = ?, attested_at = ?, review_by = ?, updated = ?, updated_by = ? WHERE id = ?`)
      .run(n.owner, n.statement, n.evidenceFile, n.evidenceSha256 ?? null, n.attestedAt, n.reviewBy, now, by, id);
    return this.get(id);
  }

  get(id: number): Attestation | undefined {
    const r = this.db.prepare('SELECT * FROM compliance_attestations WHERE id = ?').get(id) as Row | undefined;
    return r ? toAttestation(r) : undefined;
  }

  /** The latest attestation of each control made at or before `asOf`. */
  latest(asOf = Number.MAX_SAFE_INTEGER): Map<string, Attestation> {
    const rows = this.db.prepare('SELECT * FROM compliance_attestations WHERE attested_at <= ? ORDER BY attested_at, id').all(asOf) as Row[];
    return new Map(rows.map((r) => [r.control_id, toAttestation(r)]));
  }

  /** Every attestation of a control, newest first. */
  forControl(controlId: string): Attestation[] {
    return (this.db.prepare('SELECT * FROM compliance_attestations WHERE control_id = ? ORDER BY attested_at DESC, id DESC').all(controlId) as Row[]).map(toAttestation);
  }

  /** Stores one status per control, taken now, for the period evaluated. */
  snapshot(rows: Array<{ controlId: string; status: string; summary: string }>, from: number, to: number, now = Date.now()): void {
    const ins = this.db.prepare('INSERT INTO compliance_snapshots (taken, period_from, period_to, control_id, status, summary) VALUES (?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => { for (const r of rows) ins.run(now, from, to, r.controlId, r.status, r.summary); })();
  }

  /** The status history of one control, oldest first. */
  history(controlId: string, limit = 500): Snapshot[] {
    const rows = this.db.prepare('SELECT taken, period_from, period_to, control_id, status, summary FROM compliance_snapshots WHERE control_id = ? ORDER BY taken DESC, id DESC LIMIT ?').all(controlId, limit) as Array<{ taken: number; period_from: number; period_to: number; control_id: string; status: string; summary: string | null }>;
    return rows.reverse().map((r) => ({ taken: r.taken, from: r.period_from, to: r.period_to, controlId: r.control_id, status: r.status, summary: r.summary }));
  }

  /** Status counts of every snapshot set (one per report made), oldest first — the trend chart. */
  trend(limit = 24): Array<{ taken: number; counts: Record<string, number> }> {
    const rows = this.db.prepare(`SELECT taken, status, COUNT(*) AS n FROM compliance_snapshots WHERE taken IN (SELECT DISTINCT taken FROM compliance_snapshots ORDER BY taken DESC LIMIT ?) GROUP BY taken, status ORDER BY taken`).all(limit) as Array<{ taken: number; status: string; n: number }>;
    const by = new Map<number, Record<string, number>>();
    for (const r of rows) by.set(r.taken, { ...(by.get(r.taken) ?? {}), [r.status]: r.n });
    return [...by].map(([taken, counts]) => ({ taken, counts }));
  }
}
