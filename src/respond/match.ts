import { SEVERITY_RANK, type Alert } from '../core/alert.js';
import { addressSet } from './net.js';
import type { Condition, Playbook, StepSpec } from './playbook.js';

function factor(alert: Alert, feature: string): string | number | undefined {
  return alert.explanation.factors.find((f) => f.feature === feature)?.observed;
}

/**
 * The ATT&CK tags of a Sigma alert as Sigma writes them, rebuilt from what the alert carries:
 * `attack.t1110.001` from its techniques, `attack.credential_access` and `attack.ta0006` from its tactics.
 */
function sigmaTags(alert: Alert): Set<string> {
  const tags = new Set((alert.techniques ?? []).map((x) => `attack.${x.toLowerCase()}`));
  for (const t of String(factor(alert, 'attack.tactics') ?? '').split(',')) {
    const m = /^\s*(TA\d{4})\s+(.+?)\s*$/i.exec(t);
    if (!m) continue;
    tags.add(`attack.${m[1]!.toLowerCase()}`);
    tags.add(`attack.${m[2]!.toLowerCase().replace(/[\s-]+/g, '_')}`);
  }
  return tags;
}

/**
 * Whether a playbook's trigger matches an alert: every field given must hold.
 *
 * @example
 * triggers(pb, alert) // true when alert.detector is in pb.trigger.detectors, …
 */
export function triggers(pb: Playbook, alert: Alert): boolean {
  const t = pb.trigger;
  if (t.detectors && !t.detectors.includes(alert.detector)) return false;
  if (t.severity && SEVERITY_RANK[alert.severity] < SEVERITY_RANK[t.severity]) return false;
  if (t.entityTypes && !alert.entities.some((e) => t.entityTypes!.includes(e.type))) return false;
  if (t.sigma) {
    const id = factor(alert, 'sigma.rule_id');
    const tags = sigmaTags(alert);
    const idOk = !t.sigma.ids || (id !== undefined && t.sigma.ids.includes(String(id)));
    const tagOk = !t.sigma.tags || t.sigma.tags.some((g) => tags.has(g.toLowerCase()));
    if (id === undefined || !idOk || !tagOk) return false;
  }
  if (t.tactics) {
    const seen = String(factor(alert, 'attack.tactics') ?? '').toLowerCase();
    if (!t.tactics.some((x) => seen.includes(x.toLowerCase()))) return false;
  }
  if (t.risk !== undefined && !(Number(factor(alert, 'risk') ?? -1) >= t.risk)) return false;
  return true;
}

function valueAt(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** Whether one condition holds for an alert and a target (`field: target` is the target itself). */
export function holds(c: Condition, alert: Alert, target: string): boolean {
  const v = c.field === 'target' ? target : valueAt(alert, c.field);
  const list = (Array.isArray(c.value) ? c.value : [c.value]).map(String);
  const s = v === undefined || v === null ? '' : String(v);
  switch (c.op) {
    case 'equals': return s === String(c.value);
    case 'not-equals': return s !== String(c.value);
    case 'in': return list.includes(s);
    case 'not-in': return !list.includes(s);
    case 'matches': return list.some((p) => new RegExp(p).test(s));
    case 'in-cidr': return addressSet(list).has(s);
    case 'not-in-cidr': return !addressSet(list).has(s);
  }
}

/**
 * The targets a step acts on for an alert: `block-ip` → the alert's `ip` entities; `disable-account`, `reset-password` →
 * its `user` (or `account`) entities; `quarantine-message` → its `email` entities (the sender); `isolate-host` → its
 * `host`/`device`/`ip` entities; `notify`, `notify-email`, `forward` → the alert.
 * Only targets that pass every playbook condition.
 */
export function targetsOf(pb: Playbook, step: StepSpec, alert: Alert): string[] {
  const of = (type: string) => [...new Set(alert.entities.filter((e) => e.type === type).map((e) => e.id))];
  const raw = step.action === 'block-ip' ? of('ip')
    : step.action === 'disable-account' || step.action === 'reset-password' || step.action === 'quarantine-message' || step.action === 'isolate-host' ? of(step.target)
      : [alert.id];
  return raw.filter((t) => pb.conditions.every((c) => holds(c, alert, t)));
}
