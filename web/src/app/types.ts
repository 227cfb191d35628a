/** The API's shapes as the console uses them (mirrors src/core/alert.ts and src/store/sqlite/triage.ts). */
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type Status = 'open' | 'acknowledged' | 'closed';
export type Verdict = 'true_positive' | 'false_positive' | 'benign_expected';
export type Role = 'admin' | 'analyst' | 'privacy_officer' | 'auditor' | 'biomed';
export type Permission = 'read' | 'triage' | 'reveal' | 'audit' | 'admin' | 'ingest' | 'respond' | 'intel:share' | 'intel:share:approve' | 'devices' | 'breach:read' | 'breach:manage' | 'phi:reidentify' | 'compliance:read' | 'compliance:attest' | 'ehr:templates';

export interface EntityRef { type: string; id: string }
export interface Factor {
  feature: string;
  label: string;
  observed: number | string;
  threshold?: number;
  baseline?: { kind: 'threshold' | 'self' | 'peers'; value: number | string; description?: string };
  windowMs?: number;
}
export interface Triage { status: Status; assignee: string | null; verdict: Verdict | null; note: string | null; updated: string; updatedBy: string }
export interface Alert {
  id: string;
  time: string;
  created: string;
  title: string;
  severity: Severity;
  detector: string;
  rule: string;
  entities: EntityRef[];
  explanation: { summary: string; factors: Factor[]; evidence: string[]; evidenceCount: number; text: string };
  techniques?: string[];
  status: Status;
  firstSeen: string;
  lastSeen: string;
  triage?: Triage | null;
}
export interface WardEvent {
  '@timestamp': string;
  message?: string;
  event: { id: string; category?: string[]; action?: string; outcome?: string; dataset?: string; module?: string };
  user?: { name?: string };
  host?: { name?: string };
  source?: { ip?: string };
  destination?: { ip?: string };
  ehr?: { action?: string; patient?: { id?: string }; resource_type?: string };
  device?: { id?: string };
}
export interface Technique { id: string; name: string; tactic: string; description: string }
export interface Me { user: { username: string; role: Role; kind: string }; permissions: Permission[]; csrf: string | null }
export interface Page<T> { items: T[]; next: string | null }
