import { hostname, userInfo } from 'node:os';
import type { SqliteStore } from '../store/sqlite/index.js';

/** Who ran a local administrative command: the operating-system account on this host. */
export function localActor(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the action is still recorded, as local:unknown.
  }
  return `local:${user}`;
}

/**
 * Record a local administrative action (token made, password reset) in the store's audit log,
 * so a recovery done at the console of the machine is as visible as one done through the API.
 *
 * @example
 * auditLocal(store, 'token_create', 'token:siem');
 */
export function auditLocal(store: SqliteStore, action: string, target: string, detail: Record<string, unknown> = {}): void {
  store.audit({ time: new Date().toISOString(), actor: localActor(), action, target, detail: { ...detail, via: 'cli', host: hostname() } });
}
