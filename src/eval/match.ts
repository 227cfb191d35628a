import type { Alert } from '../core/alert.js';
import type { IncidentLabel } from '../simulate/labels.js';

/** How far around an incident an alert may fall and still be about it. */
export interface MatchWindow {
  /** Before the incident's first malicious record (clock skew between sources). */
  beforeMs: number;
  /** After its last malicious record (detectors that alert when a window closes). */
  afterMs: number;
}

export const DEFAULT_WINDOW: MatchWindow = { beforeMs: 60_000, afterMs: 3_600_000 };

/**
 * The incidents an alert is about: they share at least one entity (user, IP, host, device,
 * patient — ids compared case-insensitively) and the alert's time falls within the incident's
 * span widened by the window. An empty list makes it a false alert.
 *
 * @example
 * matchAlert(alert, labels).map((l) => l.id) // ['inc-0003']
 */
export function matchAlert(alert: Alert, labels: IncidentLabel[], w: MatchWindow = DEFAULT_WINDOW): IncidentLabel[] {
  const t = Date.parse(alert.time);
  const ids = new Set(alert.entities.map((e) => e.id.toLowerCase()));
  return labels.filter((l) => {
    if (t < Date.parse(l.start) - w.beforeMs || t > Date.parse(l.end) + w.afterMs) return false;
    return l.entities.some((e) => ids.has(e.id.toLowerCase()));
  });
}
