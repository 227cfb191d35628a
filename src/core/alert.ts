import type { WardEvent } from './event.js';

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

/** An entity an alert is about: a user, host, IP, device or patient pseudonym. */
export interface EntityRef {
  type: 'user' | 'host' | 'ip' | 'device' | 'patient' | 'account' | 'email';
  id: string;
}

/**
 * One factor of an explanation: what was measured, what was seen, and what it was compared to.
 * Detectors fill these; renderers (CLI, console, reports) turn them into words and charts.
 */
export interface ExplanationFactor {
  /** Machine name, e.g. `failed_logins`, `distinct_users`. */
  feature: string;
  /** Human label, e.g. "failed logins for the account". */
  label: string;
  observed: number | string;
  /** The threshold or baseline it was compared to. */
  threshold?: number;
  baseline?: { kind: 'threshold' | 'self' | 'peers'; value: number | string; description?: string };
  /** Window the observation covers (ms). */
  windowMs?: number;
}

/** Structured explanation first, prose second (rendered into `text`). */
export interface Explanation {
  summary: string;
  factors: ExplanationFactor[];
  /** Ids of the events that prove the finding (bounded list; `evidenceCount` tells the full count). */
  evidence: string[];
  evidenceCount: number;
  /** The rendered sentence a person reads. */
  text: string;
}

/**
 * An alert raised by a detector.
 *
 * @example
 * { id: 'al_…', time: '2026-…Z', title: 'Brute force against account root', severity: 'high',
 *   detector: 'auth.bruteforce', entities: [{ type: 'user', id: 'root' }], explanation: { … } }
 */
export interface Alert {
  /** Deterministic for the same finding, so a replay after a crash does not duplicate it. */
  id: string;
  /** When the condition was met (event time of the triggering event, ISO 8601 UTC). */
  time: string;
  /** When the alert was created (wall clock). */
  created: string;
  title: string;
  severity: Severity;
  /** Registered detector type, e.g. `auth.bruteforce`. */
  detector: string;
  /** Name of the configured detector instance. */
  rule: string;
  entities: EntityRef[];
  explanation: Explanation;
  /** ATT&CK technique ids, e.g. `T1110.001`. */
  techniques?: string[];
  status: 'open' | 'acknowledged' | 'closed';
  /** The suppression (an analyst's scoped exception) that closed this alert as it was raised. */
  suppressedBy?: string;
  /** First and last event time covered by the finding. */
  firstSeen: string;
  lastSeen: string;
}

/** What a detector emits; the runtime completes ids, status and times. */
export type AlertDraft = Omit<Alert, 'created' | 'status' | 'detector' | 'rule'>;

export type { WardEvent };
