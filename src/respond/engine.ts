import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Alert } from '../core/alert.js';
import type { RespondSettings } from '../core/config.js';
import { parseDuration } from '../core/duration.js';
import { errorMessage } from '../core/errors.js';
import type { AuditEntry } from '../store/store.js';
import { emailNotifyDriver } from './actions/email.js';
import { forwardDriver } from './actions/forward.js';
import { imapQuarantineDriver } from './actions/imap.js';
import { isolateHostDriver } from './actions/isolate.js';
import { notifyApprovers } from './approvers.js';
import { ldapDisableDriver, ldapResetPasswordDriver } from './actions/ldap.js';
import { nftBlockDriver } from './actions/nft.js';
import { notifyDriver } from './actions/notify.js';
import { ActionRefused, type ActionDriver } from './actions/types.js';
import { targetsOf, triggers } from './match.js';
import type { Playbook } from './playbook.js';
import { MANUAL_TARGETS, manualPlaybook, manualTargets, type ManualAction, type ManualRequest } from './manual.js';
import { SafetyPolicy, type InventoryCriticality } from './policy.js';
import { DeviceRepo } from '../devices/repo.js';

/** The inventory's criticality lookup on this connection, or none when the database has no device tables. */
function inventoryCriticality(db: Database.Database): InventoryCriticality | undefined {
  try {
    const repo = new DeviceRepo(db);
    return (t) => repo.criticalityOf(t);
  } catch {
    return undefined;
  }
}
import { ActionRepo, type ActionPatch, type ActionRecord, type ActionState } from './repo.js';

export type RespondMode = RespondSettings['mode'];
const RANK: Record<RespondMode, number> = { off: 0, 'dry-run': 1, enforce: 2 };
/** States in which an action holds (or is about to hold) its target: a second one is not proposed. */
const ACTIVE: readonly ActionState[] = ['proposed', 'awaiting-approval', 'approved', 'executing', 'done', 'dry-run'];

/** The config section an action needs, named when it is missing. */
const NEEDS: Record<string, string> = { 'disable-account': 'respond.ldap', 'reset-password': 'respond.ldap', 'quarantine-message': 'respond.imap', 'isolate-host': 'respond.nac', 'notify-email': 'respond.smtp' };

/** Who decides: a person (`user:alice` with a role), a token, or the engine itself. */
export interface Decider {
  actor: string;
  role: string;
}

export interface EngineOptions {
  settings: RespondSettings;
  playbooks: Playbook[];
  db: Database.Database;
  audit: (e: AuditEntry) => void;
  /** Overrides `settings.mode` (the `--respond` flag). */
  mode?: RespondMode | undefined;
  /**
   * Defaults: nftables `block-ip` (per `settings.nft`), webhook `notify`, syslog/CEF `forward`, LDAP `disable-account` and `reset-password`
   * (when `settings.ldap`), IMAP `quarantine-message` (`settings.imap`), NAC `isolate-host` (`settings.nac`), SMTP `notify-email` (`settings.smtp`).
   */
  drivers?: ActionDriver[];
  getAlert?: (id: string) => Alert | undefined;
  /** Criticality from the device inventory (default: read from `db`'s device tables when they exist). */
  deviceCriticality?: InventoryCriticality;
  now?: () => number;
  log?: (m: string) => void;
}

/**
 * The response engine: matches alerts to playbooks, passes every disruptive action through the
 * safety gate (allow-lists, criticality, rate limits, blast radius, kill switch), runs it with
 * retries, and undoes it at expiry. Every transition is stored and audited.
 *
 * @example
 * const engine = new ResponseEngine({ settings, playbooks, db: store.db, audit: (e) => store.audit(e) });
 * await engine.handle(alerts);
 */
export class ResponseEngine {
  readonly repo: ActionRepo;
  readonly mode: RespondMode;
  private readonly policy: SafetyPolicy;
  private readonly drivers = new Map<string, ActionDriver>();
  private readonly now: () => number;
  private readonly log: (m: string) => void;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly inFlight = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: EngineOptions) {
    this.repo = new ActionRepo(o.db);
    this.mode = o.mode ?? o.settings.mode;
    this.policy = new SafetyPolicy(o.settings, o.deviceCriticality ?? inventoryCriticality(o.db));
    this.now = o.now ?? Date.now;
    this.log = o.log ?? (() => {});
    // A host named by name is resolved by the driver; its address passes the same gate again.
    const guard = (addr: string) => { const v = this.policy.check(addr); return v.kind === 'allow' ? undefined : v.kind === 'approval' ? { reason: v.reason, role: v.role } : { reason: v.reason }; };
    const defaults = [
      nftBlockDriver(o.settings.nft), notifyDriver(), forwardDriver(),
      ...(o.settings.ldap ? [ldapDisableDriver(o.settings.ldap), ldapResetPasswordDriver(o.settings.ldap)] : []), ...(o.settings.imap ? [imapQuarantineDriver(o.settings.imap)] : []),
      ...(o.settings.nac ? [isolateHostDriver(o.settings.nac, guard)] : []), ...(o.settings.smtp ? [emailNotifyDriver(o.settings.smtp)] : []),
    ];
    for (const d of o.drivers ?? defaults) this.drivers.set(d.type, d);
  }

  get playbooks(): readonly Playbook[] {
    return this.o.playbooks;
  }

  /** The kill switch: on in config, or switched on from the API/CLI (stored). */
  killSwitch(): boolean {
    return this.o.settings.killSwitch || this.repo.setting('kill-switch') === 'on';
  }

  setKillSwitch(on: boolean, who: Decider): void {
    this.repo.setSetting('kill-switch', on ? 'on' : 'off');
    this.o.audit({ time: new Date(this.now()).toISOString(), actor: who.actor, action: 'respond.kill-switch', target: on ? 'on' : 'off' });
  }

  /**
   * What the gate would say now about a person's action on a target of an alert, and whether an action
   * already holds the target. Nothing is recorded.
   */
  preview(action: ManualAction, target: string): { configured: boolean; state: ActionState; reason: string | null; role: string | null; heldBy: string | null } {
    const configured = this.drivers.has(action);
    const held = this.repo.onTarget(action, target, ACTIVE)[0];
    if (this.mode === 'off') return { configured, state: 'suppressed', reason: 'response is off (respond.mode)', role: null, heldBy: held?.id ?? null };
    const g = this.gate(action, target, this.mode, this.now());
    const state = g.state === 'proposed' ? (this.mode === 'dry-run' ? 'dry-run' : 'done') : g.state;
    return { configured, state, reason: g.reason ?? (state === 'dry-run' ? 'dry-run: would not run' : null), role: g.role, heldBy: held?.id ?? null };
  }

  /**
   * A person's action on one of an alert's entities, through the same gate as a playbook's (allow-lists,
   * criticality and biomed approval, kill switch, rate limits, blast radius, mode), recorded as playbook
   * `manual`, decided by `who`, with the alert and the note on record.
   *
   * @example
   * await engine.manual(alert, { action: 'block-ip', target: '203.0.113.9', expiry: '1h' }, { actor: 'user:ann', role: 'analyst' }, 'scanning us')
   */
  async manual(alert: Alert, req: ManualRequest, who: Decider, note?: string): Promise<ActionRecord> {
    const choices = manualTargets(alert, req.action);
    const target = req.target ?? choices[0]?.id;
    const entity = choices.find((c) => c.id === target);
    if (!target || !entity) {
      throw new EngineRefusal('invalid', target ? `${target} is not an entity of alert ${alert.id} that ${req.action} can act on (${MANUAL_TARGETS[req.action].join(', ')})`
        : `alert ${alert.id} names no ${MANUAL_TARGETS[req.action].join(' or ')} for ${req.action}`);
    }
    if (this.mode === 'off') throw new EngineRefusal('conflict', 'response is off (respond.mode): nothing is proposed');
    const held = this.repo.onTarget(req.action, target, ACTIVE)[0];
    if (held) throw new EngineRefusal('conflict', `${target} is already held by action ${held.id} (${held.state})`);
    const pb = manualPlaybook(req, entity.type);
    const seed = `${alert.id}\0manual\0${req.action}\0${target}\0${this.now()}\0${who.actor}`;
    // The decision is serialised with the playbooks' (limits count correctly); the execution is not.
    const decided = this.chain.then(() => ({ run: this.track(this.propose(pb, 0, target, alert, this.mode, { actor: who.actor, seed, note })) }));
    this.chain = decided.catch(() => {});
    const rec = await (await decided).run;
    if (!rec) throw new EngineRefusal('conflict', `${target} is already held or the same request was just made`);
    return rec;
  }

  /**
   * Consider new alerts; resolves with the actions created once they have run. Decisions are
   * serialised (each gate check and its state change happen together, so limits count correctly);
   * executions of different alerts overlap, so a burst of blocks reaches the firewall as one batch.
   * Steps of one playbook on one alert still run in order.
   */
  handle(alerts: Alert[]): Promise<ActionRecord[]> {
    const started = this.chain.then(() => this.begin(alerts));
    this.chain = started.catch(() => {});
    return started.then(async (runs) => (await Promise.all(runs)).flat());
  }

  /** Start every matching playbook on every alert; returns their runs (first steps already decided). */
  private begin(alerts: Alert[]): Array<Promise<ActionRecord[]>> {
    const runs: Array<Promise<ActionRecord[]>> = [];
    if (this.mode === 'off') return runs;
    for (const alert of alerts) {
      for (const pb of this.o.playbooks) {
        const mode = RANK[pb.mode] < RANK[this.mode] ? pb.mode : this.mode;
        if (mode === 'off') continue;
        let hit = false;
        try {
          hit = triggers(pb, alert);
        } catch (err) {
          this.log(`playbook ${pb.name}: trigger failed on alert ${alert.id}: ${errorMessage(err)}`);
        }
        if (hit) runs.push(this.track(this.runPlaybook(pb, alert, mode)));
      }
    }
    return runs;
  }

  /** Keep a run in `inFlight` until it settles (so `stop` can wait for it). */
  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => {});
    return p;
  }

  private async runPlaybook(pb: Playbook, alert: Alert, mode: RespondMode): Promise<ActionRecord[]> {
    const made: ActionRecord[] = [];
    for (const [i, step] of pb.steps.entries()) {
      let targets: string[] = [];
      try {
        targets = targetsOf(pb, step, alert);
      } catch (err) {
        this.log(`playbook ${pb.name} step ${i + 1}: ${errorMessage(err)}`);
      }
      // Targets of one step run together (one batch); the next step waits for them.
      const recs = await Promise.all(targets.map((target) => this.propose(pb, i, target, alert, mode)));
      for (const rec of recs) if (rec) made.push(rec);
    }
    return made;
  }

  private audit(rec: ActionRecord, from: ActionState | null, to: ActionState, actor: string, extra: Record<string, unknown> = {}): void {
    this.o.audit({
      time: new Date(this.now()).toISOString(), actor, action: `respond.${to}`, target: `${rec.action}:${rec.target}`,
      detail: { actionId: rec.id, from, to, playbook: rec.playbook, playbookVersion: rec.playbookHash, alertId: rec.alertId, ...extra },
    });
  }

  /** Move an action from one of `from` to `patch.state`, recorded and audited; false if it had moved on. */
  private move(rec: ActionRecord, from: readonly ActionState[], patch: ActionPatch & { state: ActionState }, actor: string, extra: Record<string, unknown> = {}): ActionRecord | undefined {
    if (!this.repo.update(rec.id, from, patch, this.now())) return undefined;
    const next = this.repo.get(rec.id)!;
    this.audit(next, rec.state, patch.state, actor, { ...(patch.reason ? { reason: patch.reason } : {}), ...extra });
    return next;
  }

  /**
   * The gate, in order: allow-lists and criticality, kill switch, rate limits and blast radius (counted in
   * `enforce` mode only). `proposed` means it may run; a playbook's own approval comes after.
   */
  private gate(action: string, target: string, mode: RespondMode, now: number): { state: ActionState; reason: string | null; role: string | null } {
    const driver = this.drivers.get(action);
    if (!driver?.disruptive) return { state: 'proposed', reason: null, role: null };
    const v = this.policy.check(target);
    if (v.kind === 'refuse') return { state: 'suppressed', reason: v.reason, role: null };
    if (v.kind === 'approval') return { state: 'awaiting-approval', reason: v.reason, role: v.role };
    if (this.killSwitch()) return { state: 'suppressed', reason: 'kill switch is on', role: null };
    if (mode === 'enforce') {
      const since = this.repo.executedSince(now - 3_600_000);
      const perHour = this.o.settings.limits.perActionPerHour[action];
      if (perHour !== undefined && (since.perAction.get(action) ?? 0) >= perHour) return { state: 'suppressed', reason: `rate limit: ${perHour} ${action} per hour reached`, role: null };
      if (!since.targets.has(target) && since.targets.size >= this.o.settings.limits.maxTargetsPerHour) {
        return { state: 'suppressed', reason: `blast-radius cap: ${this.o.settings.limits.maxTargetsPerHour} targets per hour reached`, role: null };
      }
    }
    return { state: 'proposed', reason: null, role: null };
  }

  /** Propose one step on one target; `by` is the person behind a manual request (none for a playbook's run). */
  private async propose(pb: Playbook, step: number, target: string, alert: Alert, mode: RespondMode, by?: { actor: string; seed: string; note?: string | undefined }): Promise<ActionRecord | undefined> {
    const spec = pb.steps[step]!;
    const driver = this.drivers.get(spec.action);
    const actor = by?.actor ?? `playbook:${pb.name}`;
    const id = `act_${createHash('sha256').update(by ? by.seed : `${alert.id}\0${pb.name}\0${step}\0${target}`).digest('hex').slice(0, 20)}`;
    if (this.repo.get(id)) return undefined; // a replayed alert proposes nothing new
    if (driver?.disruptive && this.repo.onTarget(spec.action, target, ACTIVE).length) return undefined; // already held
    const now = this.now();
    const { name: _n, approval, expiry, action: _a, ...rest } = spec;
    const expiryMs = parseDuration(expiry ?? pb.expiry);
    const params = { ...rest, playbook: pb.name, ...(by?.note ? { note: by.note } : {}) };
    this.repo.insert({ id, playbook: pb.name, playbookHash: pb.hash, step, action: spec.action, target, params, alertId: alert.id, state: 'proposed', reason: null, approverRole: null, approvalDeadline: null, expiryMs, decidedBy: actor }, now);
    const rec = this.repo.get(id)!;
    this.audit(rec, null, 'proposed', actor, { mode, ...(by?.note ? { note: by.note } : {}) });
    // On record rather than dropped: e.g. a shipped playbook's `disable-account` without `respond.ldap`.
    if (!driver) return this.move(rec, ['proposed'], { state: 'failed', reason: `${spec.action} is not configured here${NEEDS[spec.action] ? ` (${NEEDS[spec.action]})` : ''}` }, 'policy');
    let { state, reason, role } = this.gate(spec.action, target, mode, now);
    if (state === 'proposed' && approval) [state, role, reason] = ['awaiting-approval', approval.role, `playbook step needs ${approval.role} approval`];
    if (state === 'awaiting-approval') {
      const wait = parseDuration(approval?.timeout ?? this.o.settings.approvalTimeout);
      const waiting = this.move(rec, ['proposed'], { state, reason, approvalDeadline: now + wait, approverRole: role }, actor, { approverRole: role, mode });
      if (waiting) this.tellApprovers(waiting, alert);
      return waiting;
    }
    if (state === 'suppressed') return this.move(rec, ['proposed'], { state, reason }, 'policy');
    if (mode === 'dry-run') return this.move(rec, ['proposed'], { state: 'dry-run', reason: 'dry-run: would have run', expiresAt: now + expiryMs }, actor);
    const ok = this.move(rec, ['proposed'], { state: 'approved' }, actor, { auto: !by });
    return ok ? this.execute(ok, actor, alert) : undefined;
  }

  /** Notify the approver hooks in the background (never delays the decision); the outcome is audited. */
  private tellApprovers(rec: ActionRecord, alert: Alert): void {
    if (!this.o.settings.approvers.length) return;
    void this.track(notifyApprovers(this.o.settings, rec, alert).then((deliveries) => {
      if (!deliveries.length) return;
      this.o.audit({
        time: new Date(this.now()).toISOString(), actor: 'engine', action: 'respond.approvers-notified', target: `${rec.action}:${rec.target}`,
        detail: { actionId: rec.id, approverRole: rec.approverRole, deliveries },
      });
      for (const d of deliveries) if (!d.ok) this.log(`respond: approver hook ${d.host} failed for ${rec.id}: ${d.error}`);
    }));
  }

  private async execute(rec: ActionRecord, actor: string, alert?: Alert): Promise<ActionRecord> {
    const driver = this.drivers.get(rec.action)!;
    const attempts = rec.attempts + 1;
    const running = this.move(rec, ['approved', 'failed'], { state: 'executing', attempts, nextTry: null }, actor, { attempt: attempts });
    if (!running) return this.repo.get(rec.id)!;
    const biomedApproved = rec.approverRole === 'biomed' && !!rec.decidedBy && !rec.decidedBy.startsWith('playbook:');
    const input = { id: rec.id, target: rec.target, params: rec.params, alert: alert ?? (rec.alertId ? this.o.getAlert?.(rec.alertId) : undefined), expiryMs: rec.expiryMs, biomedApproved };
    try {
      const undo = await driver.do(input);
      if (undo) {
        input.params = { ...input.params, undo };
        this.repo.update(rec.id, ['executing'], { params: input.params }, this.now());
      }
      if (driver.disruptive && !(await driver.verify(input))) throw new Error('verify: the effect is not in place after the action');
      return this.move(running, ['executing'], { state: 'done', reason: null, expiresAt: this.now() + rec.expiryMs }, actor, { attempt: attempts })!;
    } catch (err) {
      if (err instanceof ActionRefused) {
        // What the driver found is the gate's business, not a failure to retry.
        if (!err.role) return this.move(running, ['executing'], { state: 'suppressed', reason: err.message }, 'policy') ?? this.repo.get(rec.id)!;
        const wait = parseDuration(this.o.settings.approvalTimeout);
        const waiting = this.move(running, ['executing'], { state: 'awaiting-approval', reason: err.message, approverRole: err.role, approvalDeadline: this.now() + wait }, 'policy', { approverRole: err.role });
        if (waiting && input.alert) this.tellApprovers(waiting, input.alert);
        return waiting ?? this.repo.get(rec.id)!;
      }
      const more = attempts <= this.o.settings.retries;
      const base = parseDuration(this.o.settings.retryBase);
      const nextTry = more ? this.now() + base * 2 ** (attempts - 1) : null;
      return this.move(running, ['executing'], { state: 'failed', reason: errorMessage(err).slice(0, 500), nextTry }, actor, { attempt: attempts, retry: more })!;
    }
  }

  private need(id: string): ActionRecord {
    const rec = this.repo.get(id);
    if (!rec) throw new EngineRefusal('not_found', `no action ${id}`);
    return rec;
  }

  /** Approve an action waiting for approval and run it (unless the mode is not `enforce`). */
  async approve(id: string, who: Decider, note?: string): Promise<ActionRecord> {
    const rec = this.need(id);
    if (rec.state !== 'awaiting-approval') throw new EngineRefusal('conflict', `action ${id} is ${rec.state}, not awaiting approval`);
    if (who.role !== 'admin' && who.role !== rec.approverRole) throw new EngineRefusal('forbidden', `action ${id} needs approval by the ${rec.approverRole} role (or admin), not ${who.role}`);
    if (this.mode !== 'enforce') {
      return this.move(rec, ['awaiting-approval'], { state: 'dry-run', decidedBy: who.actor, reason: `approved in ${this.mode} mode: not run`, expiresAt: this.now() + rec.expiryMs }, who.actor, { note })
        ?? this.need(id);
    }
    if (this.killSwitch()) throw new EngineRefusal('conflict', 'the kill switch is on: nothing is executed');
    const ok = this.move(rec, ['awaiting-approval'], { state: 'approved', decidedBy: who.actor }, who.actor, { note });
    if (!ok) throw new EngineRefusal('conflict', `action ${id} was decided meanwhile`);
    return this.execute(ok, who.actor);
  }

  /** Reject an action waiting for approval. */
  reject(id: string, who: Decider, note?: string): ActionRecord {
    const rec = this.need(id);
    const ok = this.move(rec, ['awaiting-approval', 'proposed'], { state: 'rejected', decidedBy: who.actor, reason: note ?? 'rejected' }, who.actor, { note });
    if (!ok) throw new EngineRefusal('conflict', `action ${id} is ${rec.state}: only a waiting action can be rejected`);
    return ok;
  }

  /** Undo an action now (lift a block); a waiting one is rejected instead. */
  async undo(id: string, who: Decider, note?: string): Promise<ActionRecord> {
    const rec = this.need(id);
    if (rec.state === 'awaiting-approval') return this.reject(id, who, note);
    if (!['done', 'failed', 'dry-run'].includes(rec.state)) throw new EngineRefusal('conflict', `action ${id} is ${rec.state}: nothing to undo`);
    return this.lift(rec, 'undone', who.actor, note);
  }

  private async lift(rec: ActionRecord, to: 'undone' | 'expired', actor: string, note?: string): Promise<ActionRecord> {
    const driver = this.drivers.get(rec.action);
    if (rec.state !== 'dry-run' && driver) {
      const input = { id: rec.id, target: rec.target, params: rec.params, expiryMs: rec.expiryMs };
      try {
        await driver.undo(input);
        if (driver.disruptive && !(driver.verifyUndone ? await driver.verifyUndone(input) : !(await driver.verify(input)))) {
          throw new Error('verify: the effect is still in place after undo');
        }
      } catch (err) {
        // Stays as it was (an expiry is retried on the next tick); the failure is on record.
        this.audit(rec, rec.state, rec.state, actor, { undoFailed: errorMessage(err), note });
        throw new EngineRefusal('failed', `undo of ${rec.id} failed: ${errorMessage(err)}`);
      }
    }
    const ok = this.move(rec, [rec.state], { state: to, nextTry: null, decidedBy: actor, ...(note ? { reason: note } : {}) }, actor, { note });
    return ok ?? this.need(rec.id);
  }

  /** Time-driven transitions: approval timeouts, expiries (undo), retries with back-off. */
  async tick(): Promise<void> {
    const due = this.repo.due(this.now());
    for (const r of due.timedOut) this.move(r, ['awaiting-approval'], { state: 'rejected', reason: 'approval timed out' }, 'timer');
    // Expiries and retries run together, so a burst of them is one firewall transaction.
    await Promise.all(due.expired.map((r) => this.lift(r, 'expired', 'timer').catch((err: unknown) => this.log(errorMessage(err)))));
    if (this.mode !== 'enforce' || this.killSwitch()) return;
    await Promise.all(due.retry.map((r) => this.execute(r, 'timer')));
  }

  /** Run `tick` every `everyMs` (serialised with alert handling). */
  start(everyMs = 1000): void {
    this.timer ??= setInterval(() => {
      this.chain = this.chain.then(() => this.tick()).catch((err: unknown) => this.log(`respond tick: ${errorMessage(err)}`));
    }, everyMs);
    this.timer.unref();
  }

  /** Stop the timer and wait for work in flight. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.chain.catch(() => {});
    await Promise.allSettled([...this.inFlight]);
  }
}

/** A refused engine request: `not_found`, `conflict` (wrong state), `forbidden` (wrong role), `failed`, `invalid` (bad request). */
export class EngineRefusal extends Error {
  constructor(readonly code: 'not_found' | 'conflict' | 'forbidden' | 'failed' | 'invalid', message: string) {
    super(message);
    this.name = 'EngineRefusal';
  }
}
