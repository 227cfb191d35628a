import type { AlertDraft } from '../core/alert.js';
import type { Detector } from '../core/components.js';
import type { WardEvent } from '../core/event.js';

/**
 * Run events through a detector the way the runtime does (accepts → key → process); for tests.
 *
 * @example
 * expect(runDetector(det, events)).toHaveLength(1);
 */
export function runDetector(det: Detector, events: WardEvent[]): AlertDraft[] {
  const out: AlertDraft[] = [];
  for (const e of events) {
    if (!det.accepts(e)) continue;
    const k = det.key(e);
    if (k !== undefined) det.process(e, k, (a) => out.push(a));
  }
  return out;
}
