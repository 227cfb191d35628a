import { SEVERITY_RANK, type Alert, type Severity } from '../core/alert.js';
import { DEFAULT_CORRELATION, IncidentBuilder, type CorrelationOptions, type Incident } from './correlate.js';
import type { EntityRisk } from './risk.js';

/** Which incidents to list. */
export interface IncidentFilter {
  minSeverity?: Severity;
  /** An entity id any of the incident's entities has (case-insensitive). */
  entity?: string;
  /** Keep incidents whose analyst state is one of these (an untouched incident is `open`). */
  states?: string[];
  limit?: number;
}

/** Incidents and entity risk computed from a run of alerts. */
export interface Correlated {
  incidents: Incident[];
  risk: EntityRisk[];
  alerts: number;
}

/**
 * Correlate alerts (oldest first) into incidents and rank entity risk as of the last alert.
 * Suppressed alerts are left out.
 *
 * @example
 * correlateAlerts(store.alertsInOrder({ from })).incidents[0]?.explanation.text
 */
export function correlateAlerts(alerts: Iterable<Alert>, opts: CorrelationOptions = DEFAULT_CORRELATION, riskLimit = 20): Correlated {
  const b = new IncidentBuilder(opts);
  let n = 0;
  let last = 0;
  for (const a of alerts) {
    // An alert an analyst's suppression closed is known and expected: it opens and joins nothing.
    if (a.suppressedBy) continue;
    b.add(a);
    n++;
    last = Math.max(last, Date.parse(a.time));
  }
  return { incidents: b.incidents(), risk: last ? b.risk.ranked(new Date(last), riskLimit) : [], alerts: n };
}

/**
 * Apply a filter; `stateOf` gives an incident's analyst state (`open` when nobody touched it).
 * Highest severity first, then newest activity.
 */
export function filterIncidents(incidents: Incident[], f: IncidentFilter, stateOf: (id: string) => string = () => 'open'): Incident[] {
  const min = f.minSeverity ? SEVERITY_RANK[f.minSeverity] : 0;
  const ent = f.entity?.toLowerCase();
  return incidents
    .filter((i) => SEVERITY_RANK[i.severity] >= min)
    .filter((i) => !ent || i.entities.some((e) => e.id.toLowerCase() === ent))
    .filter((i) => !f.states?.length || f.states.includes(stateOf(i.id)))
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.end.localeCompare(a.end))
    .slice(0, f.limit ?? 1000);
}
