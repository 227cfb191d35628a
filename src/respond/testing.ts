import type { Alert } from '../core/alert.js';
import type { ActionDriver, ActionInput } from './actions/types.js';

/**
 * A test alert: `auth.bruteforce` against `root` from the given addresses.
 *
 * @example
 * bruteforceAlert('al_1', ['203.0.113.9'])
 */
export function bruteforceAlert(id: string, ips: string[], over: Partial<Alert> = {}): Alert {
  const t = new Date().toISOString();
  return {
    id, time: t, created: t, title: 'Brute force against account root', severity: 'high', detector: 'auth.bruteforce', rule: 'auth.bruteforce',
    entities: [{ type: 'user', id: 'root' }, ...ips.map((ip) => ({ type: 'ip' as const, id: ip }))],
    explanation: { summary: 'failed logins', factors: [{ feature: 'failed_logins', label: 'failed logins', observed: 40, threshold: 10 }], evidence: [], evidenceCount: 40, text: '40 failed logins for root in 5 minutes (threshold 10).' },
    status: 'open', firstSeen: t, lastSeen: t, ...over,
  };
}

/**
 * A disruptive action kept in memory, for the state machine's tests (the real actions have their
 * own tests against nftables and an HTTP server). `fail` makes the next n calls throw.
 */
export function memoryDriver(type = 'block-ip'): ActionDriver & { held: Set<string>; calls: ActionInput[]; fail: number } {
  const d = {
    type, disruptive: true, held: new Set<string>(), calls: [] as ActionInput[], fail: 0,
    async do(i: ActionInput) {
      d.calls.push(i);
      if (d.fail > 0) { d.fail--; throw new Error('firewall unreachable'); }
      d.held.add(i.target);
    },
    async undo(i: ActionInput) { d.held.delete(i.target); },
    async verify(i: ActionInput) { return d.held.has(i.target); },
  };
  return d;
}
