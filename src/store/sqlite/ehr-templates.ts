import type Database from 'better-sqlite3';
import type { ExplanationTemplate } from '../../core/context.js';
import { WardError } from '../../core/errors.js';

interface Row { id: number; doc: string; status: string; approved_by: string | null; version: number; updated: number }

/** Scores move this much before a re-mining counts as a new version of a template. */
const SCORE_STEP = 0.005;

/**
 * Mined EHR explanation templates in SQLite (`ehr_templates`), versioned, with the privacy
 * officer's decision. Re-mining upserts by (group, key): a template whose scores moved gets a new
 * version, one no longer mined is retired unless a person approved it, and approvals and
 * retirements made by a person are never undone by the miner.
 *
 * @example
 * const repo = new EhrTemplateRepo(store.db); repo.upsertMined(mined, 'miner'); repo.list({ status: 'proposed' })
 */
export class EhrTemplateRepo {
  constructor(private readonly db: Database.Database) {}

  private of(r: Row): ExplanationTemplate {
    const t = JSON.parse(r.doc) as ExplanationTemplate;
    return { ...t, id: r.id, status: r.status as ExplanationTemplate['status'], version: r.version, ...(r.approved_by ? { approvedBy: r.approved_by } : {}) };
  }

  /** Templates, best coverage first; `status` filters. */
  list(opts: { status?: ExplanationTemplate['status'] } = {}): ExplanationTemplate[] {
    const rows = (opts.status
      ? this.db.prepare('SELECT * FROM ehr_templates WHERE status = ? ORDER BY id').all(opts.status)
      : this.db.prepare('SELECT * FROM ehr_templates ORDER BY id').all()) as Row[];
    return rows.map((r) => this.of(r));
  }

  get(id: number): ExplanationTemplate | undefined {
    const r = this.db.prepare('SELECT * FROM ehr_templates WHERE id = ?').get(id) as Row | undefined;
    return r ? this.of(r) : undefined;
  }

  /** Every stored version of a template, oldest first. */
  history(id: number): Array<{ version: number; status: string; changed: string; changedBy: string | null; coverage: number; precision: number }> {
    return (this.db.prepare('SELECT * FROM ehr_template_history WHERE id = ? ORDER BY changed, version').all(id) as Array<{ version: number; status: string; changed: number; changed_by: string | null; doc: string }>)
      .map((h) => {
        const d = JSON.parse(h.doc) as ExplanationTemplate;
        return { version: h.version, status: h.status, changed: new Date(h.changed).toISOString(), changedBy: h.changed_by, coverage: d.coverage, precision: d.precision };
      });
  }

  private record(id: number, by: string | null, now: number): void {
    this.db.prepare(`INSERT OR REPLACE INTO ehr_template_history (id, version, doc, status, changed, changed_by)
      SELECT id, version, doc, status, ?, ? FROM ehr_templates WHERE id = ?`).run(now, by, id);
  }

  /**
   * Store a mining run: new templates are added as proposed, known ones get new scores (a new
   * version when they moved), and proposed templates the run no longer finds are retired.
   * Returns how many were added, updated and retired.
   */
  upsertMined(mined: ExplanationTemplate[], by = 'miner', now = Date.now()): { added: number; updated: number; retired: number } {
    const out = { added: 0, updated: 0, retired: 0 };
    this.db.transaction(() => {
      const seen = new Set<number>();
      for (const m of mined) {
        const row = this.db.prepare('SELECT * FROM ehr_templates WHERE grp = ? AND key = ?').get(m.group, m.key) as Row | undefined;
        const doc = JSON.stringify({ ...m, id: 0, status: 'proposed', version: 0, approvedBy: undefined });
        if (!row) {
          const r = this.db.prepare('INSERT INTO ehr_templates (grp, key, doc, status, version, updated) VALUES (?, ?, ?, ?, 1, ?)').run(m.group, m.key, doc, 'proposed', now);
          const id = Number(r.lastInsertRowid);
          seen.add(id);
          this.record(id, by, now);
          out.added++;
          continue;
        }
        seen.add(row.id);
        const old = JSON.parse(row.doc) as ExplanationTemplate;
        // A template the miner had retired and finds again is proposed again; a person's retirement stands.
        const revive = row.status === 'retired' && !row.approved_by;
        if (Math.abs(old.coverage - m.coverage) < SCORE_STEP && Math.abs(old.precision - m.precision) < SCORE_STEP && !revive) continue;
        this.db.prepare('UPDATE ehr_templates SET doc = ?, version = version + 1, updated = ?, status = ? WHERE id = ?')
          .run(doc, now, revive ? 'proposed' : row.status, row.id);
        this.record(row.id, by, now);
        out.updated++;
      }
      for (const r of this.db.prepare("SELECT id FROM ehr_templates WHERE status = 'proposed'").all() as Array<{ id: number }>) {
        if (seen.has(r.id)) continue;
        this.db.prepare("UPDATE ehr_templates SET status = 'retired', updated = ? WHERE id = ?").run(now, r.id);
        this.record(r.id, by, now);
        out.retired++;
      }
    })();
    return out;
  }

  /**
   * A person approves or retires a template. Throws a WardError (`not_found`, `request.invalid`)
   * naming the template when it does not exist or the status is not one a person sets.
   */
  decide(id: number, status: 'approved' | 'retired' | 'proposed', by: string, now = Date.now()): ExplanationTemplate {
    if (!['approved', 'retired', 'proposed'].includes(status)) throw new WardError('request.invalid', `status must be approved, retired or proposed, not ${String(status)}`, 'status');
    const r = this.db.prepare('UPDATE ehr_templates SET status = ?, approved_by = ?, updated = ? WHERE id = ?').run(status, by, now, id);
    if (r.changes === 0) throw new WardError('not_found', `no EHR explanation template #${id}`, `template ${id}`);
    this.record(id, by, now);
    return this.get(id)!;
  }

  /** Templates that explain accesses (proposed and approved; retired never). */
  active(): ExplanationTemplate[] {
    return this.list().filter((t) => t.status !== 'retired');
  }
}
