import type { Alert, EntityRef, Severity, Verdict } from '../../app/types';

/** Analyst states of an incident, in workflow order (as the API accepts them). */
export const INCIDENT_STATES = ['open', 'investigating', 'escalated', 'contained', 'closed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** One detector/rule's alerts inside an incident; `targets` keeps growing while it runs ("now 50 targets"). */
export interface AlertGroup { detector: string; rule: string; title: string; severity: Severity; count: number; first: string; last: string; targets: number }

/** An incident as `GET /api/incidents` returns it: correlated alerts plus the analysts' decision. */
export interface Incident {
  id: string; title: string; severity: Severity; trigger: 'alert' | 'risk';
  entities: Array<EntityRef & { role: 'actor' | 'target' | 'related'; alerts: number }>;
  alertIds: string[]; alertCount: number; groups: AlertGroup[]; tactics: string[];
  start: string; end: string; risk: number; explanation: { text: string; factors: string[] };
  state: IncidentState; owner: string | null; verdict: Verdict | null; notes: Array<{ at: string; by: string; text: string }>;
}

/** `GET /api/incidents/:id`: the incident with its (newest) alerts in full. */
export type IncidentDetail = Incident & { alerts: Alert[] };

/** An entity's decayed risk score with its explanation (`GET /api/risk`). */
export interface EntityRisk {
  entity: EntityRef; score: number; asOf: string; alerts: number; crossedAt?: string; explanation: string;
  top: Array<{ alertId: string; detector: string; title: string; severity: Severity; role: string; time: string; points: number }>;
}
