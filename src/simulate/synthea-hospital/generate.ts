import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WardError } from '../../core/errors.js';
import { DAY, HOUR, MIN } from '../context.js';
import { Incident, type IncidentLabel } from '../labels.js';
import type { Manifest } from '../manifest.js';
import { FileOutput, type DayBatch, type Item } from '../output.js';
import { Rng } from '../rng.js';
import { FAMILY, GIVEN } from '../world/names.js';
import { siteStyle } from '../world/site-style.js';
import { SYNTHEA_DIR } from '../world/synthea.js';
import type { Role } from '../world/types.js';
import { loadSyntheaRecords, type SEncounter, type SPatient } from './records.js';

/** Generator id written to this generator's manifests. */
export const SYNTHEA_GENERATOR = 'wardwatch-synthea-hospital/1';

export interface SyntheaHospitalOptions {
  seed: string;
  days: number;
  out: string;
  /** First day (UTC midnight), default 2026-03-02. */
  start?: string;
  syntheaDir?: string;
  /** 0..1: how many records each violation touches. */
  intensity?: number;
  onDay?(p: { day: number; days: number; records: number }): void;
}

/** A member of staff: a Synthea provider, or someone the hospital employs whom Synthea does not list. */
interface Person {
  id: string; login: string; given: string; family: string; role: Role; org: string;
  /** Home address, for family and neighbour checks. */
  line: string; city: string; zip: string;
  /** Working hours (UTC): start hour and length; undefined = office hours on weekdays. */
  shift: [number, number] | undefined;
  /** Day index the employment ends. */
  leaves?: number;
  /** The staff member's own patient record. */
  patientId?: string;
}

/** A Synthea encounter placed in the simulated window. */
interface Visit { e: SEncounter; start: number; end: number; dept: string; nurse?: string; registrar?: string; meds: number; lab: boolean }

const SUPPORT: ReadonlyArray<readonly [Role, number]> = [['billing', 4], ['pharmacist', 3], ['lab_tech', 3], ['him_coder', 2], ['transport', 2], ['case_manager', 2]];
const SHIFTS: ReadonlyArray<[number, number]> = [[7, 12], [19, 12], [15, 8]];
const PURPOSE: Partial<Record<Role, string>> = { billing: 'HPAYMT', him_coder: 'HOPERAT', registrar: 'HOPERAT', case_manager: 'HOPERAT', transport: 'HOPERAT' };

const iso = (t: number) => new Date(t).toISOString();
const street = (line: string) => line.replace(/^\s*\d+[a-z]?\s+/i, '').toLowerCase();

/**
 * A second hospital, built differently from the main simulator: real Synthea encounters (who saw
 * whom, where, for what kind of visit) are re-timed into the run window and drive every clinical
 * access; Synthea's providers are the physicians, Synthea's organizations the departments; the
 * staff Synthea does not list (nurses, registration, billing, pharmacy, laboratory, coding,
 * transport, case management) are added. It writes FHIR R4 context (Organization, Practitioner
 * with a login identifier, PractitionerRole, Patient with `meta.security`, Encounter with
 * participants, Person links) and FHIR AuditEvents per day, with labelled privacy violations:
 * co-worker, neighbour, family, VIP, bulk snooping, ex-employee.
 *
 * @example
 * const { manifest } = await simulateSyntheaHospital({ seed: '1', days: 5, out: '/tmp/synth' });
 */
export async function simulateSyntheaHospital(o: SyntheaHospitalOptions): Promise<{ manifest: Manifest; labels: IncidentLabel[] }> {
  const started = process.hrtime.bigint();
  if (!Number.isInteger(o.days) || o.days < 1 || o.days > 120) throw new WardError('request.invalid', 'expected a whole number of days from 1 to 120', '--days');
  const intensity = o.intensity ?? 0.7;
  if (!(intensity >= 0 && intensity <= 1)) throw new WardError('request.invalid', 'expected a number from 0 to 1', '--intensity');
  const start = Date.parse(`${(o.start ?? '2026-03-02').slice(0, 10)}T00:00:00Z`);
  if (!Number.isFinite(start)) throw new WardError('request.invalid', 'expected a date like 2026-03-02', '--start');
  const src = loadSyntheaRecords(o.syntheaDir ?? SYNTHEA_DIR);
  const rng = new Rng(`synthea-hospital:${o.seed}`);
  const style = siteStyle(rng.fork('style'));

  // The health system: the organizations with the most Synthea encounters, each a department.
  const byOrg = new Map<string, number>();
  for (const e of src.encounters) byOrg.set(e.org, (byOrg.get(e.org) ?? 0) + 1);
  const orgs = [...byOrg.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 8).map(([id]) => src.organizations.find((x) => x.id === id)).filter((x) => x !== undefined);
  if (orgs.length === 0) throw new WardError('request.invalid', 'the Synthea folder has no encounters with a known organization', o.syntheaDir ?? SYNTHEA_DIR);
  const deptOf = new Map(orgs.map((x) => [x.id, x.name]));
  const patients = new Map(src.patients.map((p) => [p.id, p]));

  // Staff: the providers who saw patients there, then everyone Synthea does not list.
  const staff: Person[] = [];
  const logins = new Set<string>();
  const login = (g: string, f: string) => {
    const base = `${g.charAt(0)}${f}`.toLowerCase().replace(/[^a-z]/g, '') || 'user';
    let l = base;
    for (let n = 2; logins.has(l); n++) l = `${base}${n}`;
    logins.add(l);
    return l;
  };
  const home = (r: Rng) => {
    const p = r.pick(src.patients);
    return { line: `${r.int(1, 400)} ${p.line.replace(/^\s*\d+[a-z]?\s+/i, '')}`, city: p.city, zip: p.zip };
  };
  const sr = rng.fork('staff');
  const seenProviders = new Set(src.encounters.filter((e) => deptOf.has(e.org)).map((e) => e.provider));
  for (const p of src.providers.filter((x) => seenProviders.has(x.id))) {
    staff.push({ id: `prov-${p.id.slice(0, 8)}`, login: login(p.given, p.family), given: p.given, family: p.family, role: 'physician', org: deptOf.get(p.org) ?? sr.pick(orgs).name, ...home(sr), shift: undefined });
  }
  const providerStaff = new Map(src.providers.filter((x) => seenProviders.has(x.id)).map((p, i) => [p.id, staff[i]!]));
  let n = 0;
  const add = (role: Role, org: string, shift: [number, number] | undefined) => {
    const given = sr.pick(GIVEN);
    const family = sr.pick(FAMILY);
    const s: Person = { id: `emp-${String(++n).padStart(4, '0')}`, login: login(given, family), given, family, role, org, ...home(sr), shift };
    staff.push(s);
    return s;
  };
  for (const d of orgs) {
    for (let i = 0, k = sr.int(8, 14); i < k; i++) add('nurse', d.name, sr.pick(SHIFTS));
    for (let i = 0, k = sr.int(1, 2); i < k; i++) add('registrar', d.name, undefined);
  }
  const central = sr.pick(orgs).name;
  for (const [role, k] of SUPPORT) for (let i = 0; i < k; i++) add(role, central, role === 'transport' ? sr.pick(SHIFTS) : undefined);
  // Staff who are patients here (co-workers' records), and relatives living with a patient.
  const added = staff.filter((s) => s.id.startsWith('emp-'));
  const pr = rng.fork('people');
  const patientPool = pr.sample(src.patients.filter((p) => !p.deceased), Math.min(12, src.patients.length));
  for (const [i, p] of patientPool.slice(0, 5).entries()) {
    const s = added[(i * 7) % added.length]!;
    Object.assign(s, { given: p.given, family: p.family, line: p.line, city: p.city, zip: p.zip, patientId: p.id });
  }
  const relatives: Array<[Person, SPatient]> = [];
  for (const [i, p] of patientPool.slice(5, 8).entries()) {
    const s = added[(i * 11 + 3) % added.length]!;
    if (s.patientId) continue;
    Object.assign(s, { family: p.family, line: p.line, city: p.city, zip: p.zip });
    relatives.push([s, p]);
  }
  // Two people leave during the run.
  const leavers = pr.sample(added.filter((s) => !s.patientId && s.role !== 'registrar'), 2);
  for (const s of leavers) s.leaves = pr.int(1, Math.max(1, o.days - 2));
  // VIP and sensitive labels.
  const vip = new Set(pr.sample(src.patients.filter((p) => !patientPool.includes(p)), 3).map((p) => p.id));
  const psy = new Set(src.patients.filter(() => pr.chance(0.05)).map((p) => p.id));

  // Encounters: real ones from the chosen organizations, re-timed into the window (time of day and length kept).
  const vr = rng.fork('visits');
  const meds = new Map<string, number>();
  for (const m of src.medications) meds.set(m.encounter, (meds.get(m.encounter) ?? 0) + 1);
  const pool = src.encounters.filter((e) => deptOf.has(e.org) && patients.has(e.patient) && providerStaff.has(e.provider));
  // Every usable encounter once, spread over the days (a short run takes a random share of them).
  const chosen = vr.sample(pool, Math.min(pool.length, Math.max(20, Math.round((pool.length * Math.min(o.days, 14)) / 14))));
  const visits: Visit[] = chosen.map((e, i) => {
    const day = i % o.days;
    const tod = e.start % DAY;
    const len = Math.min(Math.max(e.stop - e.start, 15 * MIN), e.cls === 'inpatient' ? 5 * DAY : 12 * HOUR);
    const begin = start + day * DAY + tod;
    const dept = deptOf.get(e.org)!;
    const nurses = staff.filter((s) => s.role === 'nurse' && s.org === dept);
    const regs = staff.filter((s) => s.role === 'registrar' && s.org === dept);
    return {
      e, start: begin, end: begin + len, dept,
      ...(nurses.length ? { nurse: vr.pick(nurses).id } : {}), ...(regs.length ? { registrar: vr.pick(regs).id } : {}),
      meds: meds.get(e.id) ?? 0, lab: vr.chance(e.cls === 'wellness' || e.cls === 'ambulatory' ? 0.4 : 0.7),
    };
  }).sort((a, b) => a.start - b.start);

  // Context (FHIR R4 NDJSON, one file per resource type as a bulk export writes it).
  const byId = new Map(staff.map((s) => [s.id, s]));
  const ctxDir = join(o.out, 'context');
  mkdirSync(ctxDir, { recursive: true });
  const orgRef = (name: string) => `Organization/org-${orgs.find((x) => x.name === name)!.id.slice(0, 8)}`;
  const files: Record<string, object[]> = { Organization: [], Practitioner: [], PractitionerRole: [], Patient: [], Encounter: [], Person: [] };
  for (const d of orgs) files.Organization!.push({ resourceType: 'Organization', id: `org-${d.id.slice(0, 8)}`, active: true, name: d.name, type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'dept' }] }] });
  for (const s of staff) {
    files.Practitioner!.push({
      resourceType: 'Practitioner', id: s.id, active: s.leaves === undefined,
      identifier: [{ system: 'urn:synthea-hospital:login', value: s.login }],
      name: [{ use: 'official', family: s.family, given: [s.given] }],
      address: [{ use: 'home', line: [s.line], city: s.city, postalCode: s.zip }],
    });
    const label = style.roleLabel[s.role];
    const end = s.leaves === undefined ? undefined : iso(start + s.leaves * DAY);
    files.PractitionerRole!.push({
      resourceType: 'PractitionerRole', id: `${s.id}-role`, active: true, practitioner: { reference: `Practitioner/${s.id}` },
      code: [style.fhir.roleAs === 'coding' ? { coding: [{ system: 'urn:synthea-hospital:role', code: label }] } : style.fhir.roleAs === 'text' ? { text: label } : { coding: [{ code: label }], text: label }],
      ...(style.fhir.departmentAs === 'location' ? { location: [{ display: s.org }] } : { organization: style.fhir.departmentAs === 'reference' ? { reference: orgRef(s.org) } : { display: s.org } }),
      ...(style.fhir.period === 'always' ? { period: { start: '2020-01-01', ...(end ? { end } : {}) } } : end ? { period: { end } } : {}),
      ...(s.shift && style.fhir.shiftShare > 0 ? { availableTime: [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], availableStartTime: `${String(s.shift[0]).padStart(2, '0')}:00:00`, availableEndTime: `${String((s.shift[0] + s.shift[1]) % 24).padStart(2, '0')}:00:00` }] } : {}),
      ...(!s.shift && style.fhir.shiftShare > 0 ? { availableTime: [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri'], availableStartTime: '08:00:00', availableEndTime: '17:00:00' }] } : {}),
    });
    if (s.patientId) files.Person!.push({ resourceType: 'Person', id: `${s.id}-person`, link: [{ target: { reference: `Practitioner/${s.id}` } }, { target: { reference: `Patient/${s.patientId}` } }] });
  }
  for (const p of src.patients) {
    const security = [...(vip.has(p.id) ? ['CEL'] : []), ...(psy.has(p.id) ? ['PSY'] : []), ...(staff.some((s) => s.patientId === p.id) ? ['EMP'] : [])]
      .map((code) => ({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code }));
    files.Patient!.push({
      resourceType: 'Patient', id: p.id, ...(security.length ? { meta: { security } } : {}),
      name: [{ use: 'official', family: p.family, given: [p.given] }], gender: p.sex === 'F' ? 'female' : 'male', birthDate: p.birthDate,
      address: [{ use: 'home', line: [p.line], city: p.city, postalCode: p.zip }],
      ...(p.deceased ? { deceasedDateTime: p.deceased } : {}),
    });
  }
  // Some sites list the nurse on the encounter; others leave the ward (the department) to explain them.
  const nurseLinked = rng.fork('nurses').chance(0.5);
  for (const v of visits) {
    const doc = providerStaff.get(v.e.provider)!;
    const participants = [{ type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'ATND' }] }], individual: { reference: `Practitioner/${doc.id}` } }];
    if (v.nurse && nurseLinked) participants.push({ type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'PART' }] }], individual: { reference: `Practitioner/${v.nurse}` } });
    if (v.registrar && !style.unlinked.includes('registrar')) participants.push({ type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'ADM' }] }], individual: { reference: `Practitioner/${v.registrar}` } });
    files.Encounter!.push({
      resourceType: 'Encounter', id: v.e.id, status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: v.e.cls === 'inpatient' ? 'IMP' : v.e.cls === 'emergency' ? 'EMER' : 'AMB' },
      type: [{ text: v.e.description }], subject: { reference: `Patient/${v.e.patient}` }, participant: participants,
      period: { start: iso(v.start), end: iso(v.end) },
      // Where the department is written differs by site: the serviceProvider, or the location.
      ...(style.fhir.departmentAs === 'location' ? { location: [{ location: { display: v.dept } }] } : { serviceProvider: style.fhir.departmentAs === 'reference' ? { reference: orgRef(v.dept) } : { display: v.dept } }),
    });
  }
  const contextFiles: string[] = [];
  for (const [type, list] of Object.entries(files)) {
    if (list.length === 0) continue;
    writeFileSync(join(ctxDir, `${type}.ndjson`), list.map((r) => `${JSON.stringify(r)}\n`).join(''));
    contextFiles.push(`context/${type}.ndjson`);
  }

  // Access, day by day.
  const ar = rng.fork('access');
  let seq = 0;
  const audit = (t: number, s: Person, patient: string, action: 'R' | 'U' | 'E' = 'R'): string => JSON.stringify({
    resourceType: 'AuditEvent', id: `sae-${++seq}`,
    type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110', display: 'Patient Record' },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: action === 'R' ? 'read' : action === 'U' ? 'update' : 'search-type' }],
    action, recorded: iso(t), outcome: '0',
    purposeOfEvent: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: PURPOSE[s.role] ?? 'TREAT' }] }],
    agent: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' }] }, who: { identifier: { system: 'urn:synthea-hospital:login', value: s.login }, display: `${s.given} ${s.family}` }, requestor: true, network: { address: `10.40.${(seq >> 8) & 255}.${seq & 255}`, type: '2' } }],
    source: { observer: { display: 'Synthea General EHR' } },
    entity: [{ what: { reference: `Patient/${patient}` }, type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1' }, role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1' } }],
  });
  const on = (s: Person, t: number): boolean => {
    if (s.leaves !== undefined && t >= start + s.leaves * DAY) return false;
    const d0 = Math.floor(t / DAY) * DAY;
    const h = (t - d0) / HOUR;
    if (!s.shift) return new Date(t).getUTCDay() % 6 !== 0 && h >= 8 && h < 17;
    const [a, len] = s.shift;
    return a + len <= 24 ? h >= a && h < a + len : h >= a || h < (a + len) % 24;
  };
  /** A time in [a, b) when the person is at work, or undefined. */
  const when = (s: Person, a: number, b: number): number | undefined => {
    for (let k = 0; k < 12; k++) {
      const t = a + Math.floor(ar.next() * Math.max(1, b - a));
      if (on(s, t)) return t;
    }
    return undefined;
  };
  const of = (role: Role) => staff.filter((s) => s.role === role);
  const days: DayBatch[] = Array.from({ length: o.days }, () => new Map());
  const put = (t: number, line: string, inc?: Incident) => {
    const d = Math.floor((t - start) / DAY);
    if (d < 0 || d >= o.days) return;
    const b = days[d]!;
    const list = b.get('fhir') ?? [];
    const item: Item = { t, line };
    if (inc) item.inc = inc;
    list.push(item);
    b.set('fhir', list);
  };
  const touch = (s: Person | undefined, patient: string, a: number, b: number, times: number) => {
    if (!s) return;
    for (let k = 0; k < times; k++) {
      const t = when(s, a, b);
      if (t !== undefined) put(t, audit(t, s, patient, ar.chance(0.2) ? 'U' : 'R'));
    }
  };
  for (const v of visits) {
    const doc = providerStaff.get(v.e.provider)!;
    const inpatient = v.e.cls === 'inpatient' || v.e.cls === 'emergency';
    // The physician reads the chart through the visit (any time: providers chart from anywhere), the nurse on shift.
    for (let k = 0, m = ar.int(2, inpatient ? 8 : 4); k < m; k++) { const t = v.start + Math.floor(ar.next() * (v.end - v.start)); put(t, audit(t, doc, v.e.patient)); }
    touch(byId.get(v.nurse ?? ''), v.e.patient, v.start, v.end, ar.int(1, inpatient ? 6 : 2));
    touch(byId.get(v.registrar ?? ''), v.e.patient, v.start - 45 * MIN, v.start + 10 * MIN, ar.int(1, 2));
    if (v.meds > 0) touch(ar.pick(of('pharmacist')), v.e.patient, v.start, v.start + 6 * HOUR, Math.min(3, v.meds));
    if (v.lab) touch(ar.pick(of('lab_tech')), v.e.patient, v.start, v.start + 8 * HOUR, 1);
    if (inpatient && ar.chance(0.6)) touch(ar.pick(of('transport')), v.e.patient, v.start, v.end, 1);
    if (inpatient && ar.chance(0.5)) touch(ar.pick(of('case_manager')), v.e.patient, v.start, v.end + DAY, ar.int(1, 2));
    // After the visit: billing and coding, days later on weekdays.
    if (ar.chance(0.7)) touch(ar.pick(of('billing')), v.e.patient, v.end + DAY, v.end + 6 * DAY, 1);
    if (ar.chance(0.4)) touch(ar.pick(of('him_coder')), v.e.patient, v.end, v.end + 4 * DAY, ar.int(1, 2));
  }

  // Privacy violations, labelled like the main simulator's (ehr-snooping, T1213).
  const ir = rng.fork('incidents');
  const incidents: Incident[] = [];
  const incident = (variant: string, who: Person, description: string) => {
    const inc = new Incident(`inc-${String(incidents.length + 1).padStart(4, '0')}`, 'ehr-snooping', ['T1213'], description, intensity, variant);
    incidents.push(inc);
    inc.entity('user', who.login);
    return inc;
  };
  const snoop = (variant: string, who: Person, targets: string[], day: number, views: number) => {
    const inc = incident(variant, who, `EHR snooping (${variant}) by ${who.login}`);
    for (const p of targets) inc.entity('patient', p);
    let t = start + day * DAY + (who.shift ? who.shift[0] : 8) * HOUR + ir.int(30, 240) * MIN;
    for (const p of targets) for (let k = 0; k < views; k++) { t += ir.int(1, 20) * MIN; put(t, audit(t, who, p), inc); }
  };
  const dayOf = (k: number) => Math.min(o.days - 1, 1 + Math.floor(((k + 0.5) * (o.days - 1)) / 6));
  const views = Math.max(1, Math.round(1 + 5 * intensity));
  const clinicalStaff = staff.filter((s) => s.leaves === undefined && !s.patientId);
  const treated = (s: Person) => new Set(visits.filter((v) => providerStaff.get(v.e.provider) === s || v.nurse === s.id || v.registrar === s.id).map((v) => v.e.patient));
  const strangerOf = (s: Person, list: SPatient[]) => list.filter((p) => !treated(s).has(p.id));
  const coworker = staff.find((s) => s.patientId);
  if (coworker) {
    const snooper = ir.pick(clinicalStaff.filter((s) => s.org === coworker.org && s !== coworker).concat(clinicalStaff).slice(0, 20));
    if (!treated(snooper).has(coworker.patientId!)) snoop('coworker', snooper, [coworker.patientId!], dayOf(0), views);
  }
  for (const s of ir.sample(clinicalStaff, clinicalStaff.length)) {
    const near = strangerOf(s, src.patients.filter((p) => street(p.line) === street(s.line) && p.family !== s.family && !staff.some((x) => x.patientId === p.id)));
    if (near.length) { snoop('neighbour', s, [near[0]!.id], dayOf(1), views); break; }
  }
  const rel = relatives.find(([s, p]) => !treated(s).has(p.id));
  if (rel) snoop('family', rel[0], [rel[1].id], dayOf(2), views);
  const star = [...vip][0];
  if (star) {
    const s = ir.pick(clinicalStaff.filter((x) => !treated(x).has(star)));
    snoop('vip', s, [star], dayOf(3), views);
  }
  const bulkBy = ir.pick(clinicalStaff.filter((s) => s.role !== 'physician'));
  const bulk = ir.sample(strangerOf(bulkBy, src.patients), Math.min(src.patients.length, Math.round(20 + 80 * intensity)));
  snoop('no-relationship', bulkBy, bulk.map((p) => p.id), dayOf(4), 1);
  const gone = leavers.find((s) => s.leaves! < o.days - 1);
  if (gone) snoop('after-termination', gone, ir.sample(src.patients, 3).map((p) => p.id), Math.min(o.days - 1, gone.leaves! + 1), views);

  // Write the days (each day's AuditEvents sorted by time) and the labels.
  const output = new FileOutput(o.out);
  let total = 0;
  try {
    for (let d = 0; d < o.days; d++) {
      const records = days[d]!.get('fhir')?.length ?? 0;
      total += records;
      await output.writeDay(d, start + d * DAY, days[d]!);
      o.onDay?.({ day: d, days: o.days, records });
    }
  } finally {
    await output.close();
  }
  const labels = incidents.filter((i) => i.events > 0).map((i) => i.toLabel());
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const policy = style.policyExplained.filter((r) => r === 'billing' || r === 'him_coder').map((r) => style.roleLabel[r]);
  const manifest: Manifest = {
    generator: SYNTHEA_GENERATOR, profile: 'hospital', seed: o.seed, days: o.days,
    start: iso(start), end: iso(start + o.days * DAY), scenarios: ['ehr-snooping'], intensity,
    world: { staff: staff.length, patients: src.patients.length, syntheaPatients: src.patients.length, workstations: 0, servers: 0, devices: 0 },
    counts: { fhir: total }, totalRecords: total, incidents: labels.length, files: output.files, context: contextFiles,
    site: { 'ehr.access': { rolesExplained: policy }, 'ehr.behaviour': { rolesExplained: policy } },
    style,
    parsers: {},
    generationSeconds: Number(seconds.toFixed(3)), recordsPerSecond: Math.round(total / Math.max(seconds, 1e-9)),
  };
  writeFileSync(join(o.out, 'labels.jsonl'), labels.map((l) => `${JSON.stringify(l)}\n`).join(''));
  writeFileSync(join(o.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, labels };
}
