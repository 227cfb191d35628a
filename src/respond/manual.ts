import type { Alert } from '../core/alert.js';
import type { Playbook, StepSpec } from './playbook.js';

/** Actions a person may start from an alert: each acts on one of the alert's entities. */
export const MANUAL_ACTIONS = ['block-ip', 'disable-account', 'quarantine-message', 'isolate-host'] as const;
export type ManualAction = (typeof MANUAL_ACTIONS)[number];

/**
 * Which entity types each manual action may target, the default first. Notify steps are not offered:
 * their destination would come from the request, which would make the API a relay to any URL.
 */
export const MANUAL_TARGETS: Record<ManualAction, readonly string[]> = {
  'block-ip': ['ip'],
  'disable-account': ['user', 'account'],
  'quarantine-message': ['email'],
  'isolate-host': ['host', 'device', 'ip'],
};

/** What a person asks for: an action on one of the alert's entities, an optional expiry. */
export interface ManualRequest {
  action: ManualAction;
  /** An entity id of the alert (default: its first entity of the action's first target type). */
  target?: string | undefined;
  /** A duration such as `24h` (default: the engine's manual expiry, 24 h). */
  expiry?: string | undefined;
}

/**
 * The alert's entities an action may act on, the default target first.
 *
 * @example
 * manualTargets(alert, 'block-ip') // [{ type: 'ip', id: '203.0.113.9' }]
 */
export function manualTargets(alert: Alert, action: ManualAction): Array<{ type: string; id: string }> {
  const out: Array<{ type: string; id: string }> = [];
  for (const type of MANUAL_TARGETS[action]) {
    for (const e of alert.entities) if (e.type === type && !out.some((o) => o.id === e.id)) out.push({ type, id: e.id });
  }
  return out;
}

/**
 * The one-step playbook a manual request runs as, so it passes the same gate and leaves the same history
 * (`playbook: manual`). The step's `target` is the entity type the chosen entity has.
 *
 * @example
 * manualPlaybook({ action: 'block-ip', expiry: '1h' }, 'ip')
 */
export function manualPlaybook(req: ManualRequest, type: string): Playbook {
  const base = { ...(req.expiry ? { expiry: req.expiry } : {}) };
  const step: StepSpec = req.action === 'block-ip' ? { ...base, action: 'block-ip', target: 'ip', list: 'default' }
    : req.action === 'disable-account' ? { ...base, action: 'disable-account', target: type === 'account' ? 'account' : 'user' }
      : req.action === 'quarantine-message' ? { ...base, action: 'quarantine-message', target: 'email' }
        : { ...base, action: 'isolate-host', target: type === 'device' ? 'device' : type === 'ip' ? 'ip' : 'host', list: 'default' };
  return {
    name: 'manual', description: 'an action started by a person from the alert page', mode: 'enforce',
    trigger: { detectors: ['manual'] }, conditions: [], steps: [step], expiry: '24h', file: '(console)', hash: 'manual',
  };
}
