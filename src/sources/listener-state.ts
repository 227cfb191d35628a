import type { ListenerState } from '../core/components.js';

/**
 * The states of a source's listeners, keyed by endpoint, for `Source.listeners()` (health).
 *
 * @example
 * const ls = new ListenerStates();
 * ls.set('tcp://0.0.0.0:5514', 'listening');
 * ls.set('tcp://0.0.0.0:5514', 'failed', 'EADDRINUSE');
 */
export class ListenerStates {
  private readonly map = new Map<string, ListenerState>();

  /** Record a state change (the time is kept only when the state changes). */
  set(endpoint: string, state: ListenerState['state'], error?: string): void {
    const prev = this.map.get(endpoint);
    const since = prev && prev.state === state ? prev.since : new Date().toISOString();
    this.map.set(endpoint, { endpoint, state, since, ...(error !== undefined ? { error } : {}), ...(prev?.detail ? { detail: prev.detail } : {}) });
  }

  /** Merge listener-specific numbers into an endpoint's entry. */
  detail(endpoint: string, d: Record<string, number | string | boolean>): void {
    const prev = this.map.get(endpoint);
    if (prev) prev.detail = { ...prev.detail, ...d };
  }

  /** Every listener, copied. */
  all(): ListenerState[] {
    return [...this.map.values()].map((s) => ({ ...s, ...(s.detail ? { detail: { ...s.detail } } : {}) }));
  }
}
