import { createHash } from 'node:crypto';
import { SEVERITY_RANK, type Alert, type EntityRef, type Severity } from '../core/alert.js';
import { TACTICS, tacticsOf, type Tactic } from '../core/attack-tactics.js';
import { DEFAULT_RISK, RiskLedger, type RiskOptions } from './risk.js';
import { entityKey, rolesOf, type EntityRole, type RoledEntity } from './roles.js';

/** How alerts are grouped into incidents. */
export interface CorrelationOptions {
  /** An incident takes new alerts for this long after its last one (ms). */
  windowMs: number;
  /**
   * An address, host or device seen with more than this many distinct users in alerts over
   * `fanoutWindowMs` is shared infrastructure (VPN concentrator, jump host, NAT, domain
   * controller): it no longer links alerts, so unrelated users do not merge through it.
   */
  infraFanout: number;
  fanoutWindowMs: number;
  risk: RiskOptions;
}

export const DEFAULT_CORRELATION: CorrelationOptions = {
  windowMs: 4 * 3_600_000,
  infraFanout: 3,
  fanoutWindowMs: 7 * 86_400_000,
  risk: DEFAULT_RISK,
};

/** Alerts of one kind in an incident (same detector, rule and actors), counted instead of listed. */
export interface AlertGroup {
  detector: string;
  rule: string;
  /** Title of the newest alert of the group. */
  title: string;
  severity: Severity;
  count: number;
  first: string;
  last: string;
  /** Distinct targets across the group's alerts ("now 50 accounts"). */
  targets: number;
}

/** An incident: related alerts with a timeline, a story and a severity that reflects progression. */
export interface Incident {
  id: string;
  title: string;
  severity: Severity;
  /** How the incident began: a medium-or-higher alert, or an entity whose risk crossed the threshold. */
  trigger: 'alert' | 'risk';
  entities: Array<RoledEntity & { alerts: number }>;
  alertIds: string[];
  alertCount: number;
  groups: AlertGroup[];
  /** ATT&CK tactics seen, in kill-chain order. */
  tactics: Tactic[];
  start: string;
  end: string;
  /** Highest risk score of the incident's actors. */
  risk: number;
  explanation: { text: string; factors: string[] };
}

interface Group extends Omit<AlertGroup, 'targets'> {
  targets: Set<string>;
}

interface Building {
  firstAlertId: string;
  firstT: number;
  lastT: number;
  trigger: 'alert' | 'risk';
  entities: Map<string, RoledEntity & { alerts: number }>;
  alertIds: string[];
  alertSet: Set<string>;
  groups: Map<string, Group>;
  tactics: Set<Tactic>;
  ehrUsers: Set<string>;
  itUsers: Set<string>;
  /** Shared-infrastructure keys that were not used to link, with their user counts (explanations). */
  infra: Map<string, number>;
  merged?: Building;
}

const LINKING_TYPES = new Set<EntityRef['type']>(['user', 'account', 'ip', 'host', 'device', 'email', 'patient']);
const USER_TYPES = new Set<EntityRef['type']>(['user', 'account']);
const LATE_STAGES = new Set<Tactic>(['lateral-movement', 'collection', 'command-and-control', 'exfiltration', 'impact']);
const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];

/**
 * Groups alerts into incidents as they arrive (in time order). An alert joins an incident when
 * one of its actors appears in it (in any role) — so two sprays hitting the same victims stay
 * apart, while a spray and the login that follows it join. Shared infrastructure links nothing. Repeated alerts of one kind are counted, not
 * listed. Low alerts alone only add entity risk; an entity crossing the risk threshold opens
 * an incident with the low alerts that brought it there.
 *
 * @example
 * const b = new IncidentBuilder(); for (const a of alerts) b.add(a); b.incidents()
 */
export class IncidentBuilder {
  readonly risk: RiskLedger;
  private readonly all: Building[] = [];
  private readonly byKey = new Map<string, Set<Building>>();
  private readonly coUsers = new Map<string, { users: Map<string, number>; oldest: number }>();
  private readonly heldLow = new Map<string, Alert[]>();
  private lastT = 0;

  constructor(private readonly opts: CorrelationOptions = DEFAULT_CORRELATION) {
    this.risk = new RiskLedger(opts.risk);
  }

  /** Add an alert (alerts must come in time order). */
  add(alert: Alert): void {
    const t = Date.parse(alert.time);
    this.lastT = Math.max(this.lastT, t);
    const roled = rolesOf(alert);
    const crossed = this.risk.add(alert);
    this.noteFanout(roled, t);

    const candidates = new Set<Building>();
    const skipped = new Map<string, number>();
    for (const e of roled) {
      if (!LINKING_TYPES.has(e.type)) continue;
      const key = entityKey(e);
      // Fan-out counts only the users an entity appeared beside as context, so the spray's source
      // (the actor, however many accounts it touches) stays a link and the VPN concentrator does not.
      const fan = this.fanout(key, t);
      if (fan > this.opts.infraFanout) {
        skipped.set(key, fan);
        continue;
      }
      for (const inc of this.byKey.get(key) ?? []) {
        const live = this.root(inc);
        if (t - live.lastT > this.opts.windowMs) continue;
        // The new alert's actor joins whatever it touched before (the sprayed account that now logs
        // in). A new alert only *targeting* an incident's actor does not: a second attacker spraying
        // an account the first one took is a second incident.
        if (e.role === 'actor') candidates.add(live);
      }
    }

    let target: Building | undefined;
    if (candidates.size) {
      const [first, ...rest] = [...candidates].sort((a, b) => a.firstT - b.firstT);
      target = first!;
      for (const other of rest) this.merge(target, other);
    } else if (SEVERITY_RANK[alert.severity] >= SEVERITY_RANK.medium) {
      target = this.open(alert, t, 'alert');
    } else {
      // A low alert alone is risk, not an incident — unless its entity just crossed the threshold.
      const crossedKeys = new Set(crossed.map(entityKey));
      const actorKey = roled.find((e) => crossedKeys.has(entityKey(e)));
      if (!actorKey) {
        for (const e of roled) if (e.role === 'actor') this.hold(entityKey(e), alert);
        return;
      }
      const key = entityKey(actorKey);
      const held = (this.heldLow.get(key) ?? []).filter((a) => t - Date.parse(a.time) <= this.opts.risk.halfLifeMs * 2);
      this.heldLow.delete(key);
      target = this.open(held[0] ?? alert, held.length ? Date.parse(held[0]!.time) : t, 'risk');
      for (const h of held) this.attach(target, h, rolesOf(h), Date.parse(h.time));
    }
    for (const [k, n] of skipped) target.infra.set(k, n);
    this.attach(target, alert, roled, t);
  }

  /** The incidents so far, newest activity first. */
  incidents(): Incident[] {
    return this.all.filter((b) => !b.merged).sort((a, b) => b.lastT - a.lastT).map((b) => this.view(b));
  }

  private open(alert: Alert, t: number, trigger: 'alert' | 'risk'): Building {
    const b: Building = {
      firstAlertId: alert.id, firstT: t, lastT: t, trigger,
      entities: new Map(), alertIds: [], alertSet: new Set(), groups: new Map(), tactics: new Set(),
      ehrUsers: new Set(), itUsers: new Set(), infra: new Map(),
    };
    this.all.push(b);
    return b;
  }

  private hold(key: string, alert: Alert): void {
    const list = this.heldLow.get(key) ?? [];
    list.push(alert);
    if (list.length > 200) list.shift();
    this.heldLow.set(key, list);
  }

  private attach(b: Building, alert: Alert, roled: RoledEntity[], t: number): void {
    if (b.alertSet.has(alert.id)) return;
    b.alertSet.add(alert.id);
    b.alertIds.push(alert.id);
    b.lastT = Math.max(b.lastT, t);
    b.firstT = Math.min(b.firstT, t);
    const actors: string[] = [];
    const targets: string[] = [];
    for (const e of roled) {
      const key = entityKey(e);
      const known = b.entities.get(key);
      if (known) {
        known.alerts++;
        if (rank(e.role) > rank(known.role)) known.role = e.role;
      } else {
        b.entities.set(key, { type: e.type, id: e.id, role: e.role, alerts: 1 });
      }
      let set = this.byKey.get(key);
      if (!set) this.byKey.set(key, (set = new Set()));
      set.add(b);
      if (e.role === 'actor') actors.push(key);
      else if (e.role === 'target') targets.push(key);
      if (USER_TYPES.has(e.type) && e.role === 'actor') (alert.detector.startsWith('ehr.') ? b.ehrUsers : b.itUsers).add(key);
    }
    const gk = `${alert.detector}\u0000${alert.rule}\u0000${actors.sort().join(',')}`;
    const g = b.groups.get(gk);
    if (g) {
      g.count++;
      g.title = alert.title;
      if (SEVERITY_RANK[alert.severity] > SEVERITY_RANK[g.severity]) g.severity = alert.severity;
      if (alert.time < g.first) g.first = alert.time;
      if (alert.time > g.last) g.last = alert.time;
      for (const k of targets) g.targets.add(k);
    } else {
      b.groups.set(gk, { detector: alert.detector, rule: alert.rule, title: alert.title, severity: alert.severity, count: 1, first: alert.time, last: alert.time, targets: new Set(targets) });
    }
    for (const tech of alert.techniques ?? []) for (const tac of tacticsOf(tech)) b.tactics.add(tac);
  }

  private merge(into: Building, from: Building): void {
    from.merged = into;
    into.firstT = Math.min(into.firstT, from.firstT);
    into.lastT = Math.max(into.lastT, from.lastT);
    if (from.firstT < into.firstT || (from.firstT === into.firstT && from.firstAlertId < into.firstAlertId)) into.firstAlertId = from.firstAlertId;
    for (const id of from.alertIds) {
      if (into.alertSet.has(id)) continue;
      into.alertSet.add(id);
      into.alertIds.push(id);
    }
    for (const [k, e] of from.entities) {
      const known = into.entities.get(k);
      if (known) {
        known.alerts += e.alerts;
        if (rank(e.role) > rank(known.role)) known.role = e.role;
      } else into.entities.set(k, { ...e });
      const set = this.byKey.get(k);
      set?.delete(from);
      set?.add(into);
    }
    for (const [k, g] of from.groups) {
      const mine = into.groups.get(k);
      if (!mine) into.groups.set(k, g);
      else {
        mine.count += g.count;
        if (g.first < mine.first) mine.first = g.first;
        if (g.last > mine.last) { mine.last = g.last; mine.title = g.title; }
        if (SEVERITY_RANK[g.severity] > SEVERITY_RANK[mine.severity]) mine.severity = g.severity;
        for (const x of g.targets) mine.targets.add(x);
      }
    }
    for (const x of from.tactics) into.tactics.add(x);
    for (const x of from.ehrUsers) into.ehrUsers.add(x);
    for (const x of from.itUsers) into.itUsers.add(x);
    for (const [k, n] of from.infra) into.infra.set(k, n);
  }

  private root(b: Building): Building {
    let r = b;
    while (r.merged) r = r.merged;
    // Path compression: later look-ups of a merged incident jump straight to its root.
    for (let x = b; x.merged && x.merged !== r;) {
      const next: Building = x.merged;
      x.merged = r;
      x = next;
    }
    return r;
  }

  /** Remember which users each address, host or device appeared with as context (shared-infrastructure test). */
  private noteFanout(roled: RoledEntity[], t: number): void {
    const users = roled.filter((e) => USER_TYPES.has(e.type)).map(entityKey);
    if (!users.length) return;
    for (const e of roled) {
      if (e.role === 'actor' || USER_TYPES.has(e.type) || e.type === 'patient' || e.type === 'email') continue;
      const key = entityKey(e);
      let m = this.coUsers.get(key);
      if (!m) this.coUsers.set(key, (m = { users: new Map(), oldest: t }));
      for (const u of users) {
        // Re-inserting keeps the map in last-seen order, so pruning stops at the first fresh user.
        m.users.delete(u);
        m.users.set(u, t);
      }
    }
  }

  private fanout(key: string, t: number): number {
    const m = this.coUsers.get(key);
    if (!m) return 0;
    if (t - m.oldest > this.opts.fanoutWindowMs) {
      for (const [u, seen] of m.users) {
        if (t - seen <= this.opts.fanoutWindowMs) {
          m.oldest = seen;
          break;
        }
        m.users.delete(u);
      }
      if (!m.users.size) m.oldest = t;
    }
    return m.users.size;
  }

  private view(b: Building): Incident {
    const groups: AlertGroup[] = [...b.groups.values()]
      .map((g) => ({ ...g, targets: g.targets.size }))
      .sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] || y.count - x.count);
    const base = groups.reduce<Severity>((m, g) => (SEVERITY_RANK[g.severity] > SEVERITY_RANK[m] ? g.severity : m), 'low');
    const tactics = TACTICS.filter((x) => b.tactics.has(x));
    const factors: string[] = [];
    let raise = 0;
    const late = tactics.filter((x) => LATE_STAGES.has(x));
    if (tactics.length >= 3 && late.length) {
      raise++;
      factors.push(`the attack progressed through ${tactics.length} ATT&CK stages (${tactics.map(tacticName).join(' → ')})`);
    }
    const both = [...b.ehrUsers].filter((u) => b.itUsers.has(u));
    if (both.length) {
      raise++;
      factors.push(`${both.map(keyId).join(', ')} ${both.length === 1 ? 'has' : 'have'} both an EHR-privacy finding and an IT-security finding`);
    }
    const severity = SEVERITIES[Math.min(3, SEVERITY_RANK[base] - 1 + Math.min(raise, 1))]!;
    const entities = [...b.entities.values()].sort((x, y) => rank(y.role) - rank(x.role) || y.alerts - x.alerts);
    const actors = entities.filter((e) => e.role === 'actor');
    const targets = entities.filter((e) => e.role === 'target');
    const risk = Math.max(0, ...actors.map((e) => this.risk.get(e, new Date(this.lastT))?.score ?? 0));
    const lead = groups[0]!;
    const title = groups.length === 1
      ? `${lead.title}${lead.count > 1 ? ` (×${lead.count})` : ''}`
      : `${lead.title} and ${groups.length - 1} related finding${groups.length === 2 ? '' : 's'}`;
    const start = new Date(b.firstT).toISOString();
    const end = new Date(b.lastT).toISOString();
    const parts = [
      `${b.alertIds.length} alert${b.alertIds.length === 1 ? '' : 's'} of ${groups.length} kind${groups.length === 1 ? '' : 's'} from ${start.slice(0, 16).replace('T', ' ')} to ${end.slice(0, 16).replace('T', ' ')} UTC`,
      actors.length ? `acting: ${actors.slice(0, 5).map(label).join(', ')}${actors.length > 5 ? ` and ${actors.length - 5} more` : ''}` : '',
      targets.length ? `${targets.length} target${targets.length === 1 ? '' : 's'} (${targets.slice(0, 3).map(label).join(', ')}${targets.length > 3 ? ', …' : ''})` : '',
    ].filter(Boolean);
    let text = `${parts.join('; ')}.`;
    text += ' ' + groups.slice(0, 4).map((g) => `${g.title}${g.count > 1 ? ` — ${g.count} times` : ''}${g.targets > 1 ? `, now ${g.targets} targets` : ''}`).join('. ') + '.';
    if (b.trigger === 'risk') factors.push(`opened because ${actors[0] ? label(actors[0]) : 'an entity'} reached risk ${risk} from low alerts`);
    if (factors.length) text += ` Severity ${severity}${severity !== base ? ` (raised from ${base})` : ''}: ${factors.join('; ')}.`;
    if (b.infra.size) {
      text += ` Not linked through shared infrastructure: ${[...b.infra].slice(0, 3).map(([k, n]) => `${keyId(k)} (seen with ${n} users)`).join(', ')}.`;
    }
    return {
      id: `inc_${createHash('sha256').update(b.firstAlertId).digest('hex').slice(0, 16)}`,
      title, severity, trigger: b.trigger, entities, alertIds: [...b.alertIds], alertCount: b.alertIds.length,
      groups, tactics, start, end, risk, explanation: { text, factors },
    };
  }
}

function rank(r: EntityRole): number {
  return r === 'actor' ? 2 : r === 'target' ? 1 : 0;
}

function keyId(key: string): string {
  return key.slice(key.indexOf(':') + 1);
}

function label(e: EntityRef): string {
  return `${e.type} ${e.id}`;
}

function tacticName(t: Tactic): string {
  return t.replace(/-/g, ' ');
}
