import type { PatientPseudonym } from '../../core/event.js';
import type { PhiPseudonym } from '../../enrich/pseudonymise/index.js';

/**
 * A validity period, ISO 8601 UTC; a missing end means open-ended.
 *
 * @example
 * const p: Period = { from: '2026-01-05T00:00:00.000Z' };
 */
export interface Period {
  from?: string;
  to?: string;
}

/**
 * A patient as context: pseudonyms only, plus the flags detectors weigh (sensitivity, VIP, deceased).
 *
 * @example
 * const p: PatientContext = { kind: 'patient', id: 'pt_…' as PatientPseudonym, aliases: [], sensitivity: ['R'], vip: false, deceased: false, keys: {} };
 */
export interface PatientContext {
  kind: 'patient';
  /** Pseudonym of the FHIR logical id (`Patient/123`: what AuditEvents reference), else of the first identifier. */
  id: PatientPseudonym;
  /** Pseudonyms of every other identifier (MRN, national id …): the same patient as seen by HL7 v2 or CSV. */
  aliases: PatientPseudonym[];
  /** `meta.security` confidentiality and sensitivity codes (`R`, `V`, `PSY`, `HIV`, `CEL`, …). */
  sensitivity: string[];
  /** A `CEL`/`VIP` label. */
  vip: boolean;
  deceased: boolean;
  deceasedAt?: string;
  active?: boolean;
  /** Pseudonymised join keys for relatives/neighbours detection (name, birth date, surname+address, address). */
  keys: { name?: PhiPseudonym; birth_date?: PhiPseudonym; family?: PhiPseudonym; address?: PhiPseudonym; street?: PhiPseudonym };
  /** `Organization/…` managing the record. */
  managingOrganization?: string;
}

/**
 * A workforce member (Practitioner). Staff stay in clear.
 *
 * @example
 * const s: StaffContext = { kind: 'staff', id: 'Practitioner/p1', identifiers: ['urn:hospital:staff|njones'], name: 'Nia Jones' };
 */
export interface StaffContext {
  kind: 'staff';
  /** `Practitioner/<id>`. */
  id: string;
  /** `system|value` of each identifier (user names, NPI…), to match `user.id`/`user.name` of events. */
  identifiers: string[];
  name?: string;
  active?: boolean;
  qualifications?: string[];
  /** Pseudonymised household keys from the practitioner's name and home address (family and neighbour checks). */
  keys?: { family?: string; address?: string; street?: string };
}

/**
 * A `Person` linking a workforce member to their own patient record (staff who are also patients).
 *
 * @example
 * const l: PersonLinkContext = { kind: 'person_link', practitioner: 'Practitioner/p1', patient: 'pt_…' as PatientPseudonym };
 */
export interface PersonLinkContext {
  kind: 'person_link';
  practitioner: string;
  patient: PatientPseudonym;
}

/**
 * Weekly working hours of a role (`availableTime`).
 *
 * @example
 * const s: Shift = { days: ['mon', 'tue'], allDay: false, start: '07:00:00', end: '19:00:00' };
 */
export interface Shift {
  days: string[];
  allDay: boolean;
  start?: string;
  end?: string;
}

/**
 * What a practitioner does where (PractitionerRole): department, role, specialty, shifts, period.
 *
 * @example
 * const r: StaffRoleContext = { kind: 'staff_role', id: 'PractitionerRole/r1', practitioner: 'Practitioner/p1', roles: ['nurse'], specialties: [], shifts: [], locations: [] };
 */
export interface StaffRoleContext {
  kind: 'staff_role';
  id: string;
  practitioner?: string;
  organization?: string;
  /** The organization's (or first location's/service's) display name, else its reference. */
  department?: string;
  roles: string[];
  specialties: string[];
  locations: string[];
  shifts: Shift[];
  period?: Period;
  active?: boolean;
}

/**
 * A care relationship: this practitioner (or only this department) treats this patient in this period.
 *
 * @example
 * const t: TreatmentContext = { kind: 'treatment', patient: 'pt_…' as PatientPseudonym, practitioner: 'Practitioner/p1', role: 'ATND', source: 'Encounter/e1' };
 */
export interface TreatmentContext {
  kind: 'treatment';
  patient: PatientPseudonym;
  /** `Practitioner/…` or `PractitionerRole/…`; absent when the encounter names only a department. */
  practitioner?: string;
  /** Participant type code (`ATND`, `ADM`, `CON`, `PPRF`, …) or `primary_care`. */
  role?: string;
  period?: Period;
  department?: string;
  /** Where the relationship was read: `Encounter/…`, `Appointment/…`, `CareTeam/…`, `ServiceRequest/…` or `Patient/…` (general practitioner). */
  source: string;
  status?: string;
  /** Encounter class code (`IMP`, `AMB`, `EMER`, …). */
  class?: string;
}

/**
 * An organization or department.
 *
 * @example
 * const o: OrganizationContext = { kind: 'organization', id: 'Organization/cardio', name: 'Cardiology', type: ['dept'], identifiers: [] };
 */
export interface OrganizationContext {
  kind: 'organization';
  id: string;
  name?: string;
  type: string[];
  partOf?: string;
  active?: boolean;
  identifiers: string[];
}

/**
 * One context record read from FHIR.
 *
 * @example
 * records.filter((r): r is TreatmentContext => r.kind === 'treatment');
 */
export type ContextRecord = PatientContext | StaffContext | StaffRoleContext | TreatmentContext | OrganizationContext | PersonLinkContext;
