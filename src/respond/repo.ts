import type Database from 'better-sqlite3';

/** Every state an action can be in (see docs/respond.md for the transitions). */
export const ACTION_STATES = [
  'proposed', 'awaiting-approval', 'approved', 'executing', 'done', 'failed', 'undone', 'expired', 'rejected', 'dry-run', 'suppressed',
] as const;
export type ActionState = (typeof ACTION_STATES)[number];

/** One action of a playbook step on one target, as stored. */
export interface ActionRecord {
  id: string;
  createdAt: string;
  updatedAt: string;
  playbook: string;
  playbookHash: string;
  step: number;
  action: string;
  target: string;
  params: Record<string, unknown>;
  alertId: string | null;
  state: ActionState;
  reason: string | null;
  approverRole: string | null;
  approvalDeadline: string | null;
  expiryMs: number;
  expiresAt: string | null;
  attempts: number;
  nextTry: string | null;
  decidedBy: string | null;
}

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(Number(v)).toISOString());

function fromRow(r: Row): ActionRecord {
  return {
    id: String(r.id), createdAt: iso(r.created)!, updatedAt: iso(r.updated)!, playbook: String(r.playbook),
    playbookHash: String(r.playbook_hash), step: Number(r.step), action: String(r.action), target: String(r.target),
    params: JSON.parse(String(r.params)) as Record<string, unknown>, alertId: (r.alert_id as string | null) ?? null,
    state: r.state as ActionState, reason: (r.reason as string | null) ?? null, approverRole: (r.approver_role as string | null) ?? null,
    approvalDeadline: iso(r.approval_deadline), expiryMs: Number(r.expiry_ms), expiresAt: iso(r.expires_at),
    attempts: Number(r.attempts), nextTry: iso(r.next_try), decidedBy: (r.decided_by as string | null) ?? null,
  };
}

/** Fields a transition may change. */
export interface ActionPatch {
  state?: ActionState;
  reason?: string | null;
  expiresAt?: number | null;
  attempts?: number;
  nextTry?: number | null;
  decidedBy?: string | null;
  approvalDeadline?: number | null;
  approverRole?: string | null;
  /** Replaces the parameters (an action keeps what its undo needs here, e.g. a previous value). */
  params?: Record<string, unknown>;
}

/**
 * The response actions table (`respond_actions`) and settings (`respond_settings`).
 *
 * @example
 * const repo = new ActionRepo(store.db); repo.list({ state: 'done' });
 */
export class ActionRepo {
  constructor(private readonly db: Database.Database) {}

  insert(a: Omit<ActionRecord, 'createdAt' | 'updatedAt' | 'expiresAt' | 'attempts' | 'nextTry' | 'approvalDeadline'> & { approvalDeadline: number | null }, now: number): void {
    this.db.prepare(`INSERT INTO respond_actions (id, created, updated, playbook, playbook_hash, step, action, target, params, alert_id, state, reason,
      approver_role, approval_deadline, expiry_ms, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(a.id, now, now, a.playbook, a.playbookHash, a.step, a.action, a.target, JSON.stringify(a.params), a.alertId, a.state, a.reason,
        a.approverRole, a.approvalDeadline, a.expiryMs, a.decidedBy);
  }

  get(id: string): ActionRecord | undefined {
    const r = this.db.prepare('SELECT * FROM respond_actions WHERE id = ?').get(id) as Row | undefined;
    return r ? fromRow(r) : undefined;
  }

  /** Apply a patch only if the action is still in `from` (so two deciders cannot both win). */
  update(id: string, from: readonly ActionState[], patch: ActionPatch, now: number): boolean {
    const sets: string[] = ['updated = ?'];
    const args: unknown[] = [now];
    const col: Record<keyof ActionPatch, string> = {
      state: 'state', reason: 'reason', expiresAt: 'expires_at', attempts: 'attempts', nextTry: 'next_try', decidedBy: 'decided_by', approvalDeadline: 'approval_deadline', approverRole: 'approver_role', params: 'params',
    };
    for (const [k, v] of Object.entries(patch)) {
      sets.push(`${col[k as keyof ActionPatch]} = ?`);
      args.push(k === 'params' ? JSON.stringify(v) : v);
    }
    const r = this.db.prepare(`UPDATE respond_actions SET ${sets.join(', ')} WHERE id = ? AND state IN (${from.map(() => '?').join(',')})`)
      .run(...args, id, ...from);
    return r.changes === 1;
  }

  /** Actions newest first, optionally of one state and/or behind one alert. */
  list(q: { state?: ActionState; alertId?: string; limit?: number } = {}): ActionRecord[] {
    const where = [...(q.state ? ['state = @state'] : []), ...(q.alertId ? ['alert_id = @alertId'] : [])];
    const rows = this.db.prepare(`SELECT * FROM respond_actions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created DESC, id LIMIT @limit`)
      .all({ state: q.state ?? null, alertId: q.alertId ?? null, limit: q.limit ?? 1000 });
    return (rows as Row[]).map(fromRow);
  }

  /** Actions of one type on one target in any of the states. */
  onTarget(action: string, target: string, states: readonly ActionState[]): ActionRecord[] {
    return (this.db.prepare(`SELECT * FROM respond_actions WHERE action = ? AND target = ? AND state IN (${states.map(() => '?').join(',')})`)
      .all(action, target, ...states) as Row[]).map(fromRow);
  }

  /** Executions since `since` (epoch ms): per action type, and distinct targets overall. */
  executedSince(since: number): { perAction: Map<string, number>; targets: Set<string> } {
    const rows = this.db.prepare(`SELECT action, target FROM respond_actions WHERE updated >= ? AND state IN ('executing','done','failed','expired','undone') AND attempts > 0`)
      .all(since) as Row[];
    const perAction = new Map<string, number>();
    const targets = new Set<string>();
    for (const r of rows) {
      perAction.set(String(r.action), (perAction.get(String(r.action)) ?? 0) + 1);
      targets.add(String(r.target));
    }
    return { perAction, targets };
  }

  /** Actions whose time has come: approvals timing out, expiries, retries. */
  due(now: number): { timedOut: ActionRecord[]; expired: ActionRecord[]; retry: ActionRecord[] } {
    const q = (sql: string) => (this.db.prepare(sql).all(now) as Row[]).map(fromRow);
    return {
      timedOut: q(`SELECT * FROM respond_actions WHERE state = 'awaiting-approval' AND approval_deadline IS NOT NULL AND approval_deadline <= ?`),
      expired: q(`SELECT * FROM respond_actions WHERE state IN ('done','dry-run') AND expires_at IS NOT NULL AND expires_at <= ?`),
      retry: q(`SELECT * FROM respond_actions WHERE state = 'failed' AND next_try IS NOT NULL AND next_try <= ?`),
    };
  }

  setting(key: string): string | undefined {
    return this.db.prepare('SELECT value FROM respond_settings WHERE key = ?').pluck().get(key) as string | undefined;
  }

  setSetting(key: string, value: string): void {
    this.db.prepare('INSERT INTO respond_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
