import type { Alert } from '../core/alert.js';
import type { IncidentLabel } from '../simulate/labels.js';
import { DEFAULT_WINDOW, matchAlert, type MatchWindow } from './match.js';
import { inScope, scopeByTechniques } from './scope.js';

/** Scores of one detector. `null` where a figure is undefined (no alerts, or no incident in scope). */
export interface DetectorScore {
  alerts: number;
  truePositiveAlerts: number;
  falseAlerts: number;
  /** Alerts that match an incident / all alerts. */
  precision: number | null;
  /** Incidents in scope it detected / incidents in scope. */
  recall: number | null;
  f1: number | null;
  incidentsInScope: number;
  incidentsDetected: number;
  falseAlertsPerDay: number;
  falseAlertsPer1000UsersPerDay: number;
  medianTimeToDetectSeconds: number | null;
  worstTimeToDetectSeconds: number | null;
  missed: string[];
}

/** One labelled incident and whether (and how fast) any detector caught it. */
export interface IncidentResult {
  id: string;
  name: string;
  variant?: string;
  intensity: number;
  start: string;
  detected: boolean;
  /** First matching alert time minus the incident's start (seconds); null when missed. */
  timeToDetectSeconds: number | null;
  detectors: string[];
}

/** Per scenario name: how many incidents, how many caught, how fast. */
export interface ScenarioSummary {
  name: string;
  incidents: number;
  detected: number;
  recall: number;
  medianTimeToDetectSeconds: number | null;
  worstTimeToDetectSeconds: number | null;
  missed: string[];
}

export interface Scores {
  detectors: Record<string, DetectorScore>;
  scenarios: IncidentResult[];
  scenarioSummary: ScenarioSummary[];
  falseAlerts: number;
  alerts: number;
}

const round = (x: number | null, d = 4): number | null => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Score alerts against labelled incidents: per detector precision, recall (over the incidents
 * in its scope), F1, false alerts per day and per 1,000 users per day, time to detect; per
 * incident whether any detector caught it.
 *
 * @example
 * const s = score(alerts, labels, { days: 30, users: 1500, detectors: ['auth.bruteforce'] });
 * s.detectors['auth.bruteforce'].recall
 */
export function score(
  alerts: Alert[], labels: IncidentLabel[],
  o: { days: number; users: number; detectors: string[]; window?: MatchWindow },
): Scores {
  const w = o.window ?? DEFAULT_WINDOW;
  const names = [...new Set([...o.detectors, ...alerts.map((a) => a.detector)])].sort();
  const matches = alerts.map((a) => ({ a, incidents: matchAlert(a, labels, w) }));
  // First detection per incident, overall and per detector.
  const firstAny = new Map<string, number>();
  const byDetector = new Map<string, Map<string, number>>();
  for (const { a, incidents } of matches) {
    const t = Date.parse(a.time);
    let m = byDetector.get(a.detector);
    if (!m) byDetector.set(a.detector, (m = new Map()));
    for (const l of incidents) {
      if (!(firstAny.get(l.id)! <= t)) firstAny.set(l.id, t);
      if (!(m.get(l.id)! <= t)) m.set(l.id, t);
    }
  }
  const detectors: Record<string, DetectorScore> = {};
  for (const name of names) {
    const mine = matches.filter((m) => m.a.detector === name);
    const tp = mine.filter((m) => m.incidents.length > 0).length;
    const fp = mine.length - tp;
    const techniques = new Set(mine.flatMap((m) => m.a.techniques ?? []));
    // A detector we know no scope for, and that raised nothing, has no recall we can state.
    const scope = labels.filter((l) => inScope(name, l.techniques) ?? (techniques.size ? scopeByTechniques(techniques, l.techniques) : false));
    const hits = byDetector.get(name) ?? new Map<string, number>();
    const detected = scope.filter((l) => hits.has(l.id));
    const ttd = detected.map((l) => Math.max(0, (hits.get(l.id)! - Date.parse(l.start)) / 1000));
    const precision = mine.length ? tp / mine.length : null;
    const recall = scope.length ? detected.length / scope.length : null;
    const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    detectors[name] = {
      alerts: mine.length, truePositiveAlerts: tp, falseAlerts: fp,
      precision: round(precision), recall: round(recall), f1: round(f1),
      incidentsInScope: scope.length, incidentsDetected: detected.length,
      falseAlertsPerDay: round(fp / Math.max(1, o.days), 3)!,
      falseAlertsPer1000UsersPerDay: round(fp / Math.max(1, o.days) / Math.max(0.001, o.users / 1000), 3)!,
      medianTimeToDetectSeconds: round(median(ttd), 1), worstTimeToDetectSeconds: ttd.length ? round(Math.max(...ttd), 1) : null,
      missed: scope.filter((l) => !hits.has(l.id)).map((l) => l.id),
    };
  }
  const scenarios: IncidentResult[] = labels.map((l) => {
    const first = firstAny.get(l.id);
    const r: IncidentResult = {
      id: l.id, name: l.scenario, intensity: l.intensity, start: l.start, detected: first !== undefined,
      timeToDetectSeconds: first === undefined ? null : round(Math.max(0, (first - Date.parse(l.start)) / 1000), 1),
      detectors: [...byDetector].filter(([, m]) => m.has(l.id)).map(([d]) => d).sort(),
    };
    if (l.variant !== undefined) r.variant = l.variant;
    return r;
  });
  const scenarioSummary: ScenarioSummary[] = [...new Set(labels.map((l) => l.scenario))].sort().map((name) => {
    const rs = scenarios.filter((s) => s.name === name);
    const ttd = rs.filter((s) => s.timeToDetectSeconds !== null).map((s) => s.timeToDetectSeconds!);
    return {
      name, incidents: rs.length, detected: rs.filter((s) => s.detected).length,
      recall: round(rs.filter((s) => s.detected).length / rs.length)!,
      medianTimeToDetectSeconds: round(median(ttd), 1), worstTimeToDetectSeconds: ttd.length ? Math.max(...ttd) : null,
      missed: rs.filter((s) => !s.detected).map((s) => s.id),
    };
  });
  return { detectors, scenarios, scenarioSummary, falseAlerts: matches.filter((m) => m.incidents.length === 0).length, alerts: alerts.length };
}
