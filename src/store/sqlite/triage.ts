import type Database from 'better-sqlite3';
import { SEVERITY_RANK, type Alert, type Severity } from '../../core/alert.js';

export const TRIAGE_STATUSES = ['open', 'acknowledged', 'closed'] as const;
export const VERDICTS = ['true_positive', 'false_positive', 'benign_expected'] as const;
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];
export type Verdict = (typeof VERDICTS)[number];

/** What an analyst has decided about an alert (absent until someone touches it). */
export interface Triage {
  status: TriageStatus;
  assignee: string | null;
  verdict: Verdict | null;
  note: string | null;
  updated: string;
  updatedBy: string;
}

/** A change to apply to one or many alerts; `null` clears a field. */
export interface TriagePatch {
  status?: TriageStatus;
  assignee?: string | null;
  verdict?: Verdict | null;
  note?: string | null;
}

/** An alert as the console lists it: the stored alert, with status from triage when set. */
export interface QueuedAlert extends Alert {
  triage: Triage | null;
}

export interface QueueQuery {
  from?: string;
  to?: string;
  severity?: Severity[];
  detector?: string;
  entity?: string;
  status?: TriageStatus;
  /** A user name, or `none` for unassigned. */
  assignee?: string;
  verdict?: Verdict | 'none';
  /** Free text in the title, rule or alert id. */
  text?: string;
  sort?: 'time' | 'oldest' | 'severity';
  limit?: number;
  cursor?: string;
}

type Row = Record<string, unknown>;

const RANK_TO_SEVERITY: Record<number, Severity> = { 1: 'low', 2: 'medium', 3: 'high', 4: 'critical' };

function toTriage(r: Row): Triage | null {
  if (r.t_status === null || r.t_status === undefined) return null;
  return {
    status: r.t_status as TriageStatus,
    assignee: (r.assignee as string | null) ?? null,
    verdict: (r.verdict as Verdict | null) ?? null,
    note: (r.note as string | null) ?? null,
    updated: r.updated as string,
    updatedBy: r.updated_by as string,
  };
}

/** Merge a row of `alerts LEFT JOIN triage` into the alert the console shows. */
export function queuedAlert(r: Row): QueuedAlert {
  const alert = JSON.parse(r.doc as string) as Alert;
  const triage = toTriage(r);
  return { ...alert, status: triage?.status ?? alert.status, triage };
}

const JOINED = `SELECT a.id, a.ts, a.severity, a.doc, t.status AS t_status, t.assignee, t.verdict, t.note, t.updated, t.updated_by
  FROM alerts a LEFT JOIN triage t ON t.alert_id = a.id`;

/**
 * Alert triage (status, assignee, verdict with note), kept beside the immutable alerts and joined on reads.
 *
 * @example
 * triage.apply(['al_1', 'al_2'], { status: 'closed', verdict: 'false_positive', note: 'scanner' }, 'user:alice');
 * triage.queue({ status: 'open', limit: 50 }).items[0].triage
 */
export class TriageRepo {
  constructor(private readonly db: Database.Database) {}

  /** Apply a patch to alerts that exist; returns the ids changed. Unknown ids are skipped. */
  apply(ids: string[], patch: TriagePatch, actor: string, now = new Date().toISOString()): string[] {
    const getDoc = this.db.prepare('SELECT status FROM alerts WHERE id = ?').pluck();
    const get = this.db.prepare('SELECT status, assignee, verdict, note FROM triage WHERE alert_id = ?');
    const put = this.db.prepare(`INSERT INTO triage (alert_id, status, assignee, verdict, note, updated, updated_by)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id) DO UPDATE SET status = excluded.status, assignee = excluded.assignee,
      verdict = excluded.verdict, note = excluded.note, updated = excluded.updated, updated_by = excluded.updated_by`);
    const changed: string[] = [];
    this.db.transaction(() => {
      for (const id of ids) {
        const base = getDoc.get(id) as string | undefined;
        if (base === undefined) continue;
        const cur = (get.get(id) as Row | undefined) ?? { status: base, assignee: null, verdict: null, note: null };
        const pick = <K extends keyof TriagePatch>(k: K) => (patch[k] !== undefined ? patch[k] : cur[k]);
        put.run(id, pick('status'), pick('assignee'), pick('verdict'), pick('note'), now, actor);
        changed.push(id);
      }
    })();
    return changed;
  }

  get(id: string): QueuedAlert | undefined {
    const r = this.db.prepare(`${JOINED} WHERE a.id = ?`).get(id) as Row | undefined;
    return r ? queuedAlert(r) : undefined;
  }

  /**
   * The alert queue: filters, sort and paging. Newest-first walks `alerts_ts` backwards and stops
   * at the page size, so the first page costs the same with 100 or 100,000 alerts stored.
   */
  queue(q: QueueQuery): { items: QueuedAlert[]; next?: string } {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.from) { where.push('a.ts >= ?'); args.push(Date.parse(q.from)); }
    if (q.to) { where.push('a.ts < ?'); args.push(Date.parse(q.to)); }
    if (q.severity?.length) {
      where.push(`a.severity IN (${q.severity.map(() => '?').join(',')})`);
      args.push(...q.severity.map((s) => SEVERITY_RANK[s]));
    }
    if (q.detector) { where.push('a.detector = ?'); args.push(q.detector); }
    if (q.status) { where.push('COALESCE(t.status, a.status) = ?'); args.push(q.status); }
    if (q.assignee === 'none') where.push('t.assignee IS NULL');
    else if (q.assignee) { where.push('t.assignee = ?'); args.push(q.assignee); }
    if (q.verdict === 'none') where.push('t.verdict IS NULL');
    else if (q.verdict) { where.push('t.verdict = ?'); args.push(q.verdict); }
    if (q.entity) { where.push('a.id IN (SELECT alert_id FROM alert_entities WHERE entity_id = ?)'); args.push(q.entity); }
    if (q.text) {
      const like = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push("(a.title LIKE ? ESCAPE '\\' OR a.id = ? OR a.detector LIKE ? ESCAPE '\\')");
      args.push(like, q.text, like);
    }
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
    const sort = q.sort ?? 'time';
    let order: string;
    let offset = 0;
    if (sort === 'time') {
      order = 'a.ts DESC, a.id DESC';
      if (q.cursor) {
        const [ts, id] = q.cursor.split(':');
        where.push('(a.ts < ? OR (a.ts = ? AND a.id < ?))');
        args.push(Number(ts), Number(ts), id ?? '');
      }
    } else {
      order = sort === 'oldest' ? 'a.ts ASC, a.id ASC' : 'a.severity DESC, a.ts DESC, a.id DESC';
      offset = q.cursor?.startsWith('o:') ? Math.max(0, Number(q.cursor.slice(2)) || 0) : 0;
    }
    const sql = `${JOINED} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ? OFFSET ?`;
    const rows = this.db.prepare(sql).all(...args, limit + 1, offset) as Row[];
    const page = rows.slice(0, limit);
    const items = page.map(queuedAlert);
    const last = page[page.length - 1];
    if (rows.length <= limit || !last) return { items };
    return { items, next: sort === 'time' ? `${last.ts as number}:${last.id as string}` : `o:${offset + limit}` };
  }

  /**
   * Open alerts (status from triage when set), by severity. Counted as: alerts raised open
   * (covering index on status, severity), minus those triage moved away from open, plus those
   * triage reopened — the triage table is small next to the alerts, so this stays fast.
   */
  openCounts(): Record<Severity, number> & { total: number } {
    const out = { low: 0, medium: 0, high: 0, critical: 0, total: 0 };
    const add = (rows: Array<{ s: number; n: number }>, sign: number) => {
      for (const r of rows) {
        const sev = RANK_TO_SEVERITY[r.s];
        if (sev) out[sev] += sign * r.n;
        out.total += sign * r.n;
      }
    };
    add(this.db.prepare("SELECT severity AS s, COUNT(*) AS n FROM alerts WHERE status = 'open' GROUP BY severity").all() as Array<{ s: number; n: number }>, 1);
    add(this.db.prepare(`SELECT a.severity AS s, COUNT(*) AS n FROM triage t JOIN alerts a ON a.id = t.alert_id
      WHERE a.status = 'open' AND t.status != 'open' GROUP BY a.severity`).all() as Array<{ s: number; n: number }>, -1);
    add(this.db.prepare(`SELECT a.severity AS s, COUNT(*) AS n FROM triage t JOIN alerts a ON a.id = t.alert_id
      WHERE a.status != 'open' AND t.status = 'open' GROUP BY a.severity`).all() as Array<{ s: number; n: number }>, 1);
    return out;
  }

  /** Per configured rule: alerts raised, verdicts recorded, false positives, newest alert. */
  ruleStats(): Map<string, { hits: number; judged: number; falsePositives: number; lastAlert: number | null }> {
    const rows = this.db.prepare(`SELECT json_extract(a.doc, '$.rule') AS rule, COUNT(*) AS hits,
        SUM(t.verdict IS NOT NULL) AS judged, SUM(t.verdict = 'false_positive') AS fp, MAX(a.ts) AS last
      FROM alerts a LEFT JOIN triage t ON t.alert_id = a.id GROUP BY rule`).all() as Row[];
    return new Map(rows.map((r) => [String(r.rule), {
      hits: r.hits as number, judged: (r.judged as number | null) ?? 0, falsePositives: (r.fp as number | null) ?? 0, lastAlert: (r.last as number | null) ?? null,
    }]));
  }
}

/** Rule switches stored by the console; the runtime applies them at start and the API at once. */
export class RuleSettingsRepo {
  constructor(private readonly db: Database.Database) {}

  all(): Map<string, { enabled: boolean; updated: string; updatedBy: string }> {
    const rows = this.db.prepare('SELECT name, enabled, updated, updated_by FROM rule_settings').all() as Row[];
    return new Map(rows.map((r) => [r.name as string, { enabled: r.enabled === 1, updated: r.updated as string, updatedBy: r.updated_by as string }]));
  }

  set(name: string, enabled: boolean, actor: string): void {
    this.db.prepare(`INSERT INTO rule_settings (name, enabled, updated, updated_by) VALUES (?, ?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET enabled = excluded.enabled, updated = excluded.updated, updated_by = excluded.updated_by`)
      .run(name, enabled ? 1 : 0, new Date().toISOString(), actor);
  }
}
