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

/** A stable 0..1 draw per staff member (which rosters carry shifts, on a site that exports only some). */
function share(id: string): number {
  let h = 7;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return (h % 1000) / 1000;
}

/**
 * One PractitionerRole, shaped the way this site's export shapes it: the role as a code, free
 * text or both; the department as a display name, an Organization reference or a location; shifts
 * present or not; the employment period on every role or only where it ended.
 */
function practitionerRole(world: World, s: Staff, start: number, orgIds: Map<string, string>): Record<string, unknown> {
  const f = world.site.fhir;
  const label = world.site.roleLabel[s.role];
  const dept = rosterDepartment(s);
  const from = new Date(start + (s.startDay ?? -365) * DAY).toISOString().slice(0, 10);
  const to = s.terminatedDay === undefined ? undefined : new Date(start + s.terminatedDay * DAY).toISOString();
  const coding = [{ system: `urn:${world.domain}:role`, code: label }];
  const code = f.roleAs === 'coding' ? { coding } : f.roleAs === 'text' ? { text: label } : { coding, text: label };
  const period = f.period === 'always' ? { start: from, ...(to ? { end: to } : {}) } : to ? { end: to } : undefined;
  const orgId = orgIds.get(dept);
  return {
    resourceType: 'PractitionerRole', id: `${s.id}-role`, active: true,
    practitioner: { reference: `Practitioner/${s.id}` },
    ...(f.departmentAs === 'display' ? { organization: { display: dept } } : {}),
    ...(f.departmentAs === 'reference' && orgId ? { organization: { reference: `Organization/${orgId}` } } : {}),
    ...(f.departmentAs === 'location' ? { location: [{ display: dept }] } : {}),
    code: [code],
    ...(period ? { period } : {}),
    ...(share(s.id) < f.shiftShare ? { availableTime: availableTime(s) } : {}),
  };
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
  // Departments as Organization resources, referenced from the roster on sites that export them that way.
  const orgIds = new Map<string, string>();
  if (world.site.fhir.departmentAs === 'reference') {
    const names = new Set(world.staff.map(rosterDepartment));
    for (const name of [...names].sort()) {
      const id = `dept-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
      orgIds.set(name, id);
      out.push({ resourceType: 'Organization', id, active: true, type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'dept' }] }], name });
    }
  }
  for (const p of world.patients) out.push(patientResource(p));
  for (const s of world.staff) {
    out.push({
      resourceType: 'Practitioner', id: s.id, active: true,
      identifier: [{ system: `urn:ad:${world.domain}`, value: s.username }, ...(s.adminAccount ? [{ system: 'urn:linux', value: s.adminAccount }] : [])],
      name: [{ use: 'official', family: s.family, given: [s.given] }],
      telecom: [{ system: 'email', value: s.email }],
      address: [address(s.address)],
    });
    out.push(practitionerRole(world, s, start, orgIds));
    if (s.patientId) {
      out.push({ resourceType: 'Person', id: `${s.id}-person`, link: [{ target: { reference: `Practitioner/${s.id}` } }, { target: { reference: `Patient/${s.patientId}` } }] });
    }
  }
  return out;
}
