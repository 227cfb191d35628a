import { DAY } from '../context.js';
import type { Patient, Staff, World } from '../world/types.js';

/** A stable 5-digit postal code for a town (the simulated addresses name a town, not a code). */
function postalCode(town: string): string {
  let h = 0;
  for (const c of town) h = (h * 33 + c.charCodeAt(0)) % 90_000;
  return String(10_000 + h);
}

function address(text: string): Record<string, unknown> {
  const [line, town] = text.split(', ');
  return { use: 'home', line: [line ?? text], city: town ?? '', postalCode: postalCode(town ?? ''), country: 'US' };
}

const SHIFT_TIMES = { day: ['07:00:00', '19:00:00'], night: ['19:00:00', '07:00:00'], evening: ['15:00:00', '23:00:00'], office: ['08:00:00', '17:00:00'] } as const;
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * The roster's weekly availability: twelve-hour and evening staff rotate through the whole week
 * (any day may be a working day), office staff work weekdays, residents six days.
 */
function availableTime(s: Staff): Record<string, unknown>[] {
  const [start, end] = SHIFT_TIMES[s.shift];
  const days = s.shift === 'office' ? (s.kind === 'resident' ? WEEK.slice(0, 6) : WEEK.slice(0, 5)) : WEEK;
  return [{ daysOfWeek: days, availableStartTime: start, availableEndTime: end }];
}

/** The department a roster lists: the ward for nurses on one ward, the float pool for those who move. */
export function rosterDepartment(s: Staff): string {
  if (s.role === 'nurse') return s.kind === 'float' || s.kind === 'agency' ? 'Float Pool' : s.unit ?? s.department;
  return s.department;
}

function patientResource(p: Patient): Record<string, unknown> {
  const security = p.sensitivity.map((code) => ({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code }));
  return {
    resourceType: 'Patient', id: p.id,
    ...(security.length ? { meta: { security } } : {}),
    identifier: [{ system: 'urn:sim:mrn', value: p.id }],
    name: [{ use: 'official', family: p.family, given: [p.given] }],
    gender: p.sex === 'F' ? 'female' : 'male', birthDate: p.birthDate,
    address: [address(p.address)],
  };
}

/**
 * The clinical context an organisation feeds Wardwatch, as FHIR R4 NDJSON: every patient (with
 * HL7 v3 security labels such as `CEL`, `EMP`, `PSY`, `HIV`), every member of staff as a
 * Practitioner (identifier = AD login, name and home address) with a PractitionerRole (role,
 * department or ward, weekly hours, employment period ending on termination), and a Person
 * linking staff who are also patients to their own record. Encounters are not here: they arrive
 * day by day as HL7 ADT and orders.
 *
 * @example
 * contextResources(world, start).length > world.staff.length
 */
export function contextResources(world: World, start: number): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const p of world.patients) out.push(patientResource(p));
  for (const s of world.staff) {
    out.push({
      resourceType: 'Practitioner', id: s.id, active: true,
      identifier: [{ system: `urn:ad:${world.domain}`, value: s.username }, ...(s.adminAccount ? [{ system: 'urn:linux', value: s.adminAccount }] : [])],
      name: [{ use: 'official', family: s.family, given: [s.given] }],
      telecom: [{ system: 'email', value: s.email }],
      address: [address(s.address)],
    });
    const from = new Date(start + (s.startDay ?? -365) * DAY).toISOString().slice(0, 10);
    const to = s.terminatedDay === undefined ? undefined : new Date(start + s.terminatedDay * DAY).toISOString();
    out.push({
      resourceType: 'PractitionerRole', id: `${s.id}-role`, active: true,
      practitioner: { reference: `Practitioner/${s.id}` },
      organization: { display: rosterDepartment(s) },
      code: [{ coding: [{ system: 'urn:sim:role', code: s.role }] }],
      period: { start: from, ...(to ? { end: to } : {}) },
      availableTime: availableTime(s),
    });
    if (s.patientId) {
      out.push({ resourceType: 'Person', id: `${s.id}-person`, link: [{ target: { reference: `Practitioner/${s.id}` } }, { target: { reference: `Patient/${s.patientId}` } }] });
    }
  }
  return out;
}
