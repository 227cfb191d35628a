import type { PatientPseudonym } from '../../core/event.js';
import type { Pseudonymiser } from '../../enrich/pseudonymise/index.js';
import type { ZoneResolver } from '../common/zone.js';
import { sensitivityCodes, VIP_LABELS } from '../fhir-audit/codes.js';
import { at, codings, list, obj, prop, splitReference, str, type FhirObject } from '../fhir-audit/fhir-node.js';
import { fhirTimeIso } from '../fhir-audit/fhir-time.js';
import { patientPseudonym } from '../fhir-audit/patient-ref.js';
import type { OrganizationContext, PatientContext, Period, PersonLinkContext, Shift, StaffContext, StaffRoleContext, TreatmentContext } from './types.js';

/**
 * What the readers need.
 *
 * @example
 * const c: ContextReaders = { pseudonymiser, toUtc: (l) => l };
 */
export interface ContextReaders {
  pseudonymiser: Pseudonymiser;
  toUtc: ZoneResolver;
}

const isTrue = (v: unknown) => str(v) === 'true';
const bool = (v: unknown): boolean | undefined => (str(v) === undefined ? undefined : isTrue(v));

function period(v: unknown, toUtc: ZoneResolver): Period | undefined {
  const o = obj(v);
  const from = fhirTimeIso(str(prop(o, 'start')), toUtc);
  const to = fhirTimeIso(str(prop(o, 'end')), toUtc);
  if (from === undefined && to === undefined) return undefined;
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

function refText(v: unknown): string | undefined {
  const o = obj(v);
  const r = str(prop(o, 'reference'));
  if (r !== undefined) {
    const s = splitReference(r);
    return s ? `${s.type}/${s.id}` : r;
  }
  return undefined;
}

function identifiers(v: unknown): string[] {
  return list(v)
    .map((i) => {
      const o = obj(i);
      const value = str(prop(o, 'value'));
      if (value === undefined) return undefined;
      const system = str(prop(o, 'system'));
      return system === undefined ? value : `${system}|${value}`;
    })
    .filter((x): x is string => x !== undefined);
}

function humanName(v: unknown): string | undefined {
  const names = list(v).map(obj).filter((n): n is FhirObject => n !== undefined);
  const n = names.find((x) => str(prop(x, 'use')) === 'official') ?? names[0];
  if (n === undefined) return undefined;
  const text = str(prop(n, 'text'));
  if (text !== undefined) return text;
  const parts = [...list(prop(n, 'given')).map(str), str(prop(n, 'family'))].filter((x): x is string => x !== undefined);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/**
 * Patient → context. Name, birth date and address leave only as pseudonymised keys.
 *
 * @example
 * readPatient({ resourceType: 'Patient', id: '1' }, readers)?.id
 */
export function readPatient(r: FhirObject, c: ContextReaders): PatientContext | undefined {
  const p = c.pseudonymiser;
  const all: PatientPseudonym[] = [];
  const logical = str(prop(r, 'id'));
  if (logical !== undefined) {
    const ps = p.patientFromReference(`Patient/${logical}`);
    if (ps !== undefined) all.push(ps);
  }
  for (const i of list(prop(r, 'identifier'))) {
    const ps = patientPseudonym(p, i, true);
    if (ps !== undefined && !all.includes(ps)) all.push(ps);
  }
  const [id, ...aliases] = all;
  if (id === undefined) return undefined;
  const sensitivity = sensitivityCodes(codings(at(r, 'meta', 'security')));
  const deceasedAt = fhirTimeIso(str(prop(r, 'deceasedDateTime')), c.toUtc);
  const out: PatientContext = {
    kind: 'patient',
    id,
    aliases,
    sensitivity,
    vip: sensitivity.some((s) => VIP_LABELS.has(s)) || codings(at(r, 'meta', 'tag')).some((t) => t.code !== undefined && VIP_LABELS.has(t.code.toUpperCase())),
    deceased: isTrue(prop(r, 'deceasedBoolean')) || deceasedAt !== undefined,
    keys: {},
  };
  if (deceasedAt !== undefined) out.deceasedAt = deceasedAt;
  const active = bool(prop(r, 'active'));
  if (active !== undefined) out.active = active;
  const names = list(prop(r, 'name')).map(obj).filter((n): n is FhirObject => n !== undefined);
  const name = names.find((x) => str(prop(x, 'use')) === 'official') ?? names[0];
  const family = str(prop(name, 'family'));
  const given = list(prop(name, 'given')).map(str).filter((x): x is string => x !== undefined);
  const nk = p.name(family, given);
  if (nk !== undefined) out.keys.name = nk;
  const dob = str(prop(r, 'birthDate'));
  const bk = dob === undefined ? undefined : p.birthDate(dob);
  if (bk !== undefined) out.keys.birth_date = bk;
  Object.assign(out.keys, householdKeys(r, family, p));
  const org = refText(prop(r, 'managingOrganization'));
  if (org !== undefined) out.managingOrganization = org;
  return out;
}

/**
 * Pseudonymised household keys of a person with an address: `address` (same street line and
 * postal code: one household), `street` (the street without the house number: neighbours) and
 * `family` (surname plus address — never the surname alone).
 */
function householdKeys(r: FhirObject, family: string | undefined, p: Pseudonymiser): { family?: string; address?: string; street?: string } {
  const addr = obj(prop(r, 'address'));
  const street = str(prop(addr, 'line'));
  const zip = str(prop(addr, 'postalCode'));
  if (street === undefined && zip === undefined) return {};
  const out: { family?: string; address?: string; street?: string } = {};
  const a = p.familyKey(['', street, zip]);
  if (a !== undefined) out.address = a;
  const name = street?.replace(/^\s*\d+[a-z]?[\s,]+/i, '');
  const s = name ? p.familyKey(['street', name, zip]) : undefined;
  if (s !== undefined) out.street = s;
  const f = family === undefined ? undefined : p.familyKey([family, street, zip]);
  if (f !== undefined) out.family = f;
  return out;
}

/**
 * Patient.generalPractitioner → `primary_care` treatment relationships.
 *
 * @example
 * readGeneralPractitioners(patientResource, patientContext)
 */
export function readGeneralPractitioners(r: FhirObject, patient: PatientContext): TreatmentContext[] {
  return list(prop(r, 'generalPractitioner'))
    .map(refText)
    .filter((x): x is string => x !== undefined && /^Practitioner(Role)?\//.test(x))
    .map((practitioner) => ({ kind: 'treatment', patient: patient.id, practitioner, role: 'primary_care', source: `Patient/${str(prop(r, 'id')) ?? ''}` }));
}

/**
 * Practitioner → staff context.
 *
 * @example
 * readPractitioner({ resourceType: 'Practitioner', id: 'p1' })?.id // 'Practitioner/p1'
 */
export function readPractitioner(r: FhirObject, c?: ContextReaders): StaffContext | undefined {
  const id = str(prop(r, 'id'));
  const ids = identifiers(prop(r, 'identifier'));
  if (id === undefined && ids.length === 0) return undefined;
  const out: StaffContext = { kind: 'staff', id: id !== undefined ? `Practitioner/${id}` : `Practitioner?identifier=${ids[0]}`, identifiers: ids };
  const name = humanName(prop(r, 'name'));
  if (name !== undefined) out.name = name;
  const active = bool(prop(r, 'active'));
  if (active !== undefined) out.active = active;
  const q = list(prop(r, 'qualification')).flatMap((x) => codings(prop(obj(x), 'code'))).map((x) => x.code ?? x.display).filter((x): x is string => x !== undefined);
  if (q.length > 0) out.qualifications = q;
  if (c !== undefined) {
    const names = list(prop(r, 'name')).map(obj).filter((n): n is FhirObject => n !== undefined);
    const n = names.find((x) => str(prop(x, 'use')) === 'official') ?? names[0];
    const keys = householdKeys(r, str(prop(n, 'family')), c.pseudonymiser);
    if (keys.family !== undefined || keys.address !== undefined || keys.street !== undefined) out.keys = keys;
  }
  return out;
}

/**
 * Person → links between a workforce member and their own patient record (`Person.link.target`
 * naming both a Practitioner and a Patient).
 *
 * @example
 * readPerson({ resourceType: 'Person', link: [{ target: { reference: 'Practitioner/p1' } }, { target: { reference: 'Patient/7' } }] }, readers)
 */
export function readPerson(r: FhirObject, c: ContextReaders): PersonLinkContext[] {
  const targets = list(prop(r, 'link')).map((l) => refText(prop(obj(l), 'target'))).filter((x): x is string => x !== undefined);
  const practitioners = targets.filter((t) => t.startsWith('Practitioner/'));
  const patients = targets.filter((t) => t.startsWith('Patient/'))
    .map((t) => c.pseudonymiser.patientFromReference(t)).filter((x): x is PatientPseudonym => x !== undefined);
  return practitioners.flatMap((practitioner) => patients.map((patient) => ({ kind: 'person_link' as const, practitioner, patient })));
}

/**
 * Names of CodeableConcepts: each coding's code (else display), and the concept's `text` when no
 * coding says anything — sites that export the role as free text (`code: [{ text: 'Billing clerk' }]`).
 */
function conceptNames(v: unknown): string[] {
  return list(v).flatMap((c) => {
    const fromCodes = codings(c).map((x) => x.code ?? x.display).filter((x): x is string => x !== undefined);
    const text = str(prop(obj(c), 'text'));
    return fromCodes.length > 0 || text === undefined ? fromCodes : [text];
  });
}

const DAYS = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

function shifts(r: FhirObject): Shift[] {
  // R4 `availableTime`; R5 `availability[].availableTime`.
  const times = [...list(prop(r, 'availableTime')), ...list(prop(r, 'availability')).flatMap((a) => list(prop(obj(a), 'availableTime')))];
  return times.map(obj).filter((t): t is FhirObject => t !== undefined).map((t) => {
    const s: Shift = { days: list(prop(t, 'daysOfWeek')).map(str).filter((d): d is string => d !== undefined && DAYS.has(d)), allDay: isTrue(prop(t, 'allDay')) };
    const start = str(prop(t, 'availableStartTime'));
    const end = str(prop(t, 'availableEndTime'));
    if (start !== undefined) s.start = start;
    if (end !== undefined) s.end = end;
    return s;
  });
}

/**
 * PractitionerRole → role context (department, roles, specialties, shifts, period).
 *
 * @example
 * readPractitionerRole(roleResource, readers)?.shifts
 */
export function readPractitionerRole(r: FhirObject, c: ContextReaders): StaffRoleContext | undefined {
  const id = str(prop(r, 'id'));
  if (id === undefined) return undefined;
  const out: StaffRoleContext = {
    kind: 'staff_role',
    id: `PractitionerRole/${id}`,
    roles: conceptNames(prop(r, 'code')),
    specialties: conceptNames(prop(r, 'specialty')),
    locations: list(prop(r, 'location')).map((l) => str(prop(obj(l), 'display')) ?? refText(l)).filter((x): x is string => x !== undefined),
    shifts: shifts(r),
  };
  const practitioner = refText(prop(r, 'practitioner'));
  if (practitioner !== undefined) out.practitioner = practitioner;
  const organization = refText(prop(r, 'organization'));
  if (organization !== undefined) out.organization = organization;
  const dept = str(at(r, 'organization', 'display')) ?? str(at(r, 'healthcareService', 'display')) ?? out.locations[0] ?? organization;
  if (dept !== undefined) out.department = dept;
  const p = period(prop(r, 'period'), c.toUtc);
  if (p !== undefined) out.period = p;
  const active = bool(prop(r, 'active'));
  if (active !== undefined) out.active = active;
  return out;
}

/**
 * Encounter → one treatment relationship per participant (or one department-only relationship
 * when no participant is a practitioner). The participant's own period wins over the encounter's.
 *
 * @example
 * readEncounter(encounterResource, readers).map((t) => t.practitioner)
 */
export function readEncounter(r: FhirObject, c: ContextReaders): TreatmentContext[] {
  const patient = patientPseudonym(c.pseudonymiser, prop(r, 'subject'));
  if (patient === undefined) return [];
  const id = str(prop(r, 'id'));
  const base: Omit<TreatmentContext, 'practitioner' | 'role'> = { kind: 'treatment', patient, source: id === undefined ? 'Encounter' : `Encounter/${id}` };
  const p = period(prop(r, 'period') ?? prop(r, 'actualPeriod'), c.toUtc);
  if (p !== undefined) base.period = p;
  const dept = str(at(r, 'serviceProvider', 'display')) ?? str(at(r, 'location', 'location', 'display')) ?? refText(prop(r, 'serviceProvider'));
  if (dept !== undefined) base.department = dept;
  const status = str(prop(r, 'status'));
  if (status !== undefined) base.status = status;
  const cls = codings(prop(r, 'class'))[0]?.code;
  if (cls !== undefined) base.class = cls;
  const out: TreatmentContext[] = [];
  for (const part of list(prop(r, 'participant')).map(obj)) {
    if (part === undefined) continue;
    const who = refText(prop(part, 'individual') ?? prop(part, 'actor'));
    if (who === undefined || !/^Practitioner(Role)?\//.test(who)) continue;
    const t: TreatmentContext = { ...base, practitioner: who };
    const role = list(prop(part, 'type')).flatMap(codings)[0];
    if (role?.code !== undefined) t.role = role.code;
    const pp = period(prop(part, 'period'), c.toUtc);
    if (pp !== undefined) t.period = pp;
    out.push(t);
  }
  if (out.length === 0 && base.department !== undefined) out.push({ ...base });
  return out;
}

/**
 * Organization → context.
 *
 * @example
 * readOrganization({ resourceType: 'Organization', id: 'o1', name: 'Cardiology' })?.name // 'Cardiology'
 */
export function readOrganization(r: FhirObject): OrganizationContext | undefined {
  const id = str(prop(r, 'id'));
  if (id === undefined) return undefined;
  const out: OrganizationContext = {
    kind: 'organization',
    id: `Organization/${id}`,
    type: list(prop(r, 'type')).flatMap(codings).map((x) => x.code ?? x.display).filter((x): x is string => x !== undefined),
    identifiers: identifiers(prop(r, 'identifier')),
  };
  const name = str(prop(r, 'name'));
  if (name !== undefined) out.name = name;
  const partOf = refText(prop(r, 'partOf'));
  if (partOf !== undefined) out.partOf = partOf;
  const active = bool(prop(r, 'active'));
  if (active !== undefined) out.active = active;
  return out;
}

const PRACTITIONER_REF = /^Practitioner(Role)?\//;
const ORG_REF = /^Organization\//;

/** Who a participant/member/performer is: a practitioner (or role), or a department (Organization by reference or display). */
function careActor(v: unknown): { practitioner?: string; department?: string } | undefined {
  const ref = refText(v);
  if (ref !== undefined && PRACTITIONER_REF.test(ref)) return { practitioner: ref };
  const display = str(prop(obj(v), 'display'));
  if (ref !== undefined && ORG_REF.test(ref)) return { department: display ?? ref };
  const type = str(prop(obj(v), 'type'));
  if (ref === undefined && display !== undefined && (type === 'Organization' || type === 'HealthcareService')) return { department: display };
  return undefined;
}

/**
 * Appointment → a treatment relationship for each practitioner (or department) taking part, with
 * the patient taken from the participant that is a Patient. Cancelled and no-show appointments
 * give none: no care was scheduled to happen.
 *
 * @example
 * readAppointment({ resourceType: 'Appointment', id: 'a1', status: 'booked', participant: [{ actor: { reference: 'Patient/1' } }, { actor: { reference: 'Practitioner/p1' } }] }, readers)[0]?.practitioner // 'Practitioner/p1'
 */
export function readAppointment(r: FhirObject, c: ContextReaders): TreatmentContext[] {
  const status = str(prop(r, 'status'));
  if (status === 'cancelled' || status === 'noshow' || status === 'entered-in-error') return [];
  const parts = list(prop(r, 'participant')).map(obj).filter((p): p is FhirObject => p !== undefined);
  // R5 also names the patient in `subject`.
  const patientRef = [prop(r, 'subject'), ...parts.map((p) => prop(p, 'actor'))].find((a) => /(^|\/)Patient\//.test(refText(a) ?? '') || str(prop(obj(a), 'type')) === 'Patient');
  const patient = patientRef === undefined ? undefined : patientPseudonym(c.pseudonymiser, patientRef);
  if (patient === undefined) return [];
  const id = str(prop(r, 'id'));
  const from = fhirTimeIso(str(prop(r, 'start')), c.toUtc);
  const to = fhirTimeIso(str(prop(r, 'end')), c.toUtc);
  const base: TreatmentContext = { kind: 'treatment', patient, source: id === undefined ? 'Appointment' : `Appointment/${id}`, role: 'appointment' };
  if (from !== undefined || to !== undefined) base.period = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  if (status !== undefined) base.status = status;
  const out: TreatmentContext[] = [];
  for (const p of parts) {
    if (str(prop(p, 'status')) === 'declined') continue;
    const who = careActor(prop(p, 'actor'));
    if (who === undefined) continue;
    const role = list(prop(p, 'type')).flatMap(codings)[0]?.code;
    out.push({ ...base, ...who, ...(role !== undefined ? { role } : {}) });
  }
  return out;
}

/**
 * CareTeam → a treatment relationship for each member (practitioner or organization) over the
 * member's period, else the team's. Inactive teams still explain access during their period.
 *
 * @example
 * readCareTeam(careTeamResource, readers).map((t) => t.practitioner)
 */
export function readCareTeam(r: FhirObject, c: ContextReaders): TreatmentContext[] {
  const patient = patientPseudonym(c.pseudonymiser, prop(r, 'subject'));
  if (patient === undefined) return [];
  const status = str(prop(r, 'status'));
  if (status === 'entered-in-error' || status === 'proposed') return [];
  const id = str(prop(r, 'id'));
  const base: TreatmentContext = { kind: 'treatment', patient, source: id === undefined ? 'CareTeam' : `CareTeam/${id}`, role: 'care_team' };
  const p = period(prop(r, 'period'), c.toUtc);
  if (p !== undefined) base.period = p;
  if (status !== undefined) base.status = status;
  const out: TreatmentContext[] = [];
  for (const m of list(prop(r, 'participant')).map(obj)) {
    if (m === undefined) continue;
    const who = careActor(prop(m, 'member')) ?? careActor(prop(m, 'onBehalfOf'));
    if (who === undefined) continue;
    const t: TreatmentContext = { ...base, ...who };
    const mp = period(prop(m, 'period') ?? prop(m, 'coveragePeriod'), c.toUtc);
    if (mp !== undefined) t.period = mp;
    out.push(t);
  }
  // The team's managing organization covers the patient as a department.
  for (const org of list(prop(r, 'managingOrganization'))) {
    const who = careActor(org);
    if (who?.department !== undefined) out.push({ ...base, department: who.department });
  }
  return out;
}

/**
 * ServiceRequest (an order) → relationships for the requester and each performer (practitioner or
 * performing section), from when it was authored to when it is due. Revoked and draft orders give none.
 *
 * @example
 * readServiceRequest(orderResource, readers).map((t) => t.department ?? t.practitioner)
 */
export function readServiceRequest(r: FhirObject, c: ContextReaders): TreatmentContext[] {
  const patient = patientPseudonym(c.pseudonymiser, prop(r, 'subject'));
  if (patient === undefined) return [];
  const status = str(prop(r, 'status'));
  if (status === 'revoked' || status === 'draft' || status === 'entered-in-error') return [];
  const id = str(prop(r, 'id'));
  const base: TreatmentContext = { kind: 'treatment', patient, source: id === undefined ? 'ServiceRequest' : `ServiceRequest/${id}` };
  const authored = fhirTimeIso(str(prop(r, 'authoredOn')), c.toUtc);
  const occ = period(prop(r, 'occurrencePeriod'), c.toUtc);
  const at1 = fhirTimeIso(str(prop(r, 'occurrenceDateTime')), c.toUtc);
  const from = authored ?? occ?.from ?? at1;
  const to = occ?.to ?? at1;
  if (from !== undefined || to !== undefined) base.period = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  if (status !== undefined) base.status = status;
  const out: TreatmentContext[] = [];
  const requester = careActor(prop(r, 'requester'));
  if (requester !== undefined) out.push({ ...base, ...requester, role: 'requester' });
  for (const p of list(prop(r, 'performer'))) {
    const who = careActor(p);
    if (who !== undefined) out.push({ ...base, ...who, role: 'performer' });
  }
  // An order for a kind of performer only ("a radiology technologist"): no one is named, nothing to link.
  return out;
}
