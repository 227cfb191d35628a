import type { Runtime } from '../pipeline/runtime.js';
import type { TriageRepo } from '../store/sqlite/triage.js';

/**
 * The open-alert count (tab title, badges) is asked for by every console tab; it is computed once
 * and kept until new alerts arrive or someone triages, so polling tabs cost nothing.
 *
 * @example
 * const counts = openCounts(rt, triage); counts.get(); counts.invalidate();
 */
export function openCounts(rt: Runtime, triage: TriageRepo): { get: () => ReturnType<TriageRepo['openCounts']>; invalidate: () => void; close: () => void } {
  let cached: ReturnType<TriageRepo['openCounts']> | undefined;
  const invalidate = () => { cached = undefined; };
  const off = rt.onAlerts(invalidate);
  return { get: () => (cached ??= triage.openCounts()), invalidate, close: () => { off(); } };
}
