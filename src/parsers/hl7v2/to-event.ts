import type { EhrFields, PatientPseudonym } from '../../core/event.js';
import type { Pseudonymiser } from '../../enrich/pseudonymise/index.js';
import type { DraftEvent } from '../common/draft-event.js';
import type { ZoneResolver } from '../common/zone.js';
import { component, field, Hl7Error, repetitions, segment, subcomponents, type Delimiters, type Hl7Message } from './message.js';
import { patientIds, patientKeys, staff, type PatientIdRef, type StaffRef } from './people.js';
import { hl7TimeIso } from './time.js';
import { triggerOf } from './triggers.js';

/**
 * The treatment relationship a message states: this patient, these practitioners, this
 * department, this period. Detectors use it to tell a clinician with a reason to open a record
 * from one without. See docs/formats/hl7v2.md.
 *
 * @example
 * const r: TreatmentRelationship = { patient: 'pt_…' as PatientPseudonym, practitioners: [{ id: '1234', role: 'attending' }] };
 */
export interface TreatmentRelationship {
  patient: PatientPseudonym;
  practitioners: StaffRef[];
  /** PV1-3 point of care (the ward or clinic), else PV1-10 hospital service, else AIL location. */
  department?: string;
  location?: { point_of_care?: string; room?: string; bed?: string; facility?: string; building?: string; floor?: string };
  /** PV1-2 patient class (`I` inpatient, `O` outpatient, `E` emergency, …). */
  patient_class?: string;
  hospital_service?: string;
  /**
   * The section performing an order (OBR-24 diagnostic service section, HL7 table 0074, e.g.
   * `LAB` → `Laboratory`): its staff have a reason to open the patient's record while the order runs.
   */
  performing_department?: string;
  /** PV1-44 admit and PV1-45 discharge date/time (SIU: the appointment's start and end). */
  period?: { start?: string; end?: string };
}

/**
 * HL7-specific facts of the message, under `hl7.*`. Patient data appear only as pseudonyms.
 *
 * @example
 * const h: Hl7Fields = { message_type: 'ADT', trigger_event: 'A01', control_id: 'MSG00001', version: '2.8' };
 */
export interface Hl7Fields {
  message_type: string;
  trigger_event: string;
  message_structure?: string;
  control_id?: string;
  version?: string;
  processing_id?: string;
  sending_application?: string;
  sending_facility?: string;
  receiving_application?: string;
  receiving_facility?: string;
  event_type_code?: string;
  order_control?: string;
  /** Every patient identifier of PID (pseudonymised) with its CX-5 type. */
  patient?: { identifiers: PatientIdRef[] };
  /** MRG-1: the identifier merged away (A34–A41 merges), pseudonymised. */
  merge?: { prior_patient_ids: PatientPseudonym[] };
  segments: string[];
}

/**
 * What {@link messageToEvent} needs besides the message.
 *
 * @example
 * const c: Hl7Context = { pseudonymiser, toUtc: (l) => l };
 */
export interface Hl7Context {
  pseudonymiser: Pseudonymiser;
  toUtc: ZoneResolver;
}

const hd = (f: string, d: Delimiters): string => subcomponents(f, 1, d)[0] || subcomponents(f, 1, d)[1] || '';

function location(f: string, d: Delimiters): TreatmentRelationship['location'] | undefined {
  if (f === '') return undefined;
  const loc: NonNullable<TreatmentRelationship['location']> = {};
  const set = (k: keyof typeof loc, n: number) => {
    const v = (subcomponents(f, n, d)[0] ?? '').trim();
    if (v !== '') loc[k] = v;
  };
  set('point_of_care', 1);
  set('room', 2);
  set('bed', 3);
  set('facility', 4);
  set('building', 7);
  set('floor', 8);
  return Object.keys(loc).length > 0 ? loc : undefined;
}

/**
 * Map one parsed HL7 v2 message to a Wardwatch event (docs/formats/hl7v2.md). Throws
 * {@link Hl7Error} naming the field when MSH-9 or every timestamp is missing or unreadable.
 *
 * @example
 * messageToEvent(parseHl7(text), { pseudonymiser, toUtc: (l) => l }).event.action // 'admit'
 */
export function messageToEvent(m: Hl7Message, ctx: Hl7Context): DraftEvent {
  const d = m.delimiters;
  const msh9 = field(m, 'MSH', 9);
  const type = component(msh9, 1, d).trim().toUpperCase();
  if (type === '') throw new Hl7Error('MSH-9 message type is missing', 'MSH-9', '101');
  const trigger = (component(msh9, 2, d).trim() || component(field(m, 'EVN', 1), 1, d).trim()).toUpperCase();
  const orc = segment(m, 'ORC');
  const orderControl = component(orc?.fields[1] ?? '', 1, d).trim().toUpperCase();
  const sem = triggerOf(type, trigger, orderControl);

  const msh7 = component(field(m, 'MSH', 7), 1, d);
  const evn2 = component(field(m, 'EVN', 2), 1, d);
  let ts = evn2 === '' ? undefined : hl7TimeIso(evn2, ctx.toUtc);
  const mshTime = msh7 === '' ? undefined : hl7TimeIso(msh7, ctx.toUtc);
  ts ??= mshTime;
  if (ts === undefined) {
    throw new Hl7Error(msh7 === '' ? 'MSH-7 date/time of message is missing' : 'MSH-7 date/time of message is not an HL7 DTM', 'MSH-7', msh7 === '' ? '101' : '102');
  }

  const hl7: Hl7Fields = { message_type: type, trigger_event: trigger, segments: m.segments.map((s) => s.id) };
  const put = (k: keyof Hl7Fields, v: string) => {
    if (v.trim() !== '') (hl7 as unknown as Record<string, string>)[k] = v.trim();
  };
  put('message_structure', component(msh9, 3, d));
  put('control_id', component(field(m, 'MSH', 10), 1, d));
  put('processing_id', component(field(m, 'MSH', 11), 1, d));
  put('version', component(field(m, 'MSH', 12), 1, d));
  put('sending_application', hd(field(m, 'MSH', 3), d));
  put('sending_facility', hd(field(m, 'MSH', 4), d));
  put('receiving_application', hd(field(m, 'MSH', 5), d));
  put('receiving_facility', hd(field(m, 'MSH', 6), d));
  put('event_type_code', component(field(m, 'EVN', 1), 1, d));
  put('order_control', orderControl);

  const ev: DraftEvent = {
    '@timestamp': ts,
    event: {
      kind: 'event',
      module: 'hl7v2',
      dataset: `hl7v2.${type.toLowerCase()}`,
      action: sem.action,
      code: trigger === '' ? type : `${type}^${trigger}`,
      category: ['database'],
      type: [sem.type],
      outcome: 'success',
    },
  };
  const ehr: EhrFields = { resource_type: sem.resource };
  if (sem.ehr !== undefined) ehr.action = sem.ehr;
  if (hl7.sending_application !== undefined) {
    ehr.application = hl7.sending_application;
    ev.observer = { name: hl7.sending_application, type: 'hl7', ...(hl7.sending_facility ? { hostname: hl7.sending_facility } : {}) };
  }

  // Patient.
  const pid = segment(m, 'PID');
  let patient: PatientPseudonym | undefined;
  if (pid !== undefined) {
    const ids = patientIds(ctx.pseudonymiser, pid.fields, d);
    patient = ids.primary;
    hl7.patient = { identifiers: ids.all };
    const keys = patientKeys(ctx.pseudonymiser, pid.fields, d);
    if (Object.keys(keys).length > 0) ehr.patient_keys = keys;
  }
  const mrg = segment(m, 'MRG');
  if (mrg !== undefined) {
    const prior = patientIds(ctx.pseudonymiser, ['MRG', '', '', mrg.fields[1] ?? ''], d).all.map((x) => x.pseudonym);
    if (prior.length > 0) hl7.merge = { prior_patient_ids: prior };
  }

  // Visit and treatment relationship.
  const pv1 = segment(m, 'PV1');
  const rel: Omit<TreatmentRelationship, 'patient'> = { practitioners: [] };
  if (pv1 !== undefined) {
    const f = pv1.fields;
    rel.practitioners.push(...staff(f[7] ?? '', 'attending', d), ...staff(f[8] ?? '', 'referring', d), ...staff(f[9] ?? '', 'consulting', d), ...staff(f[17] ?? '', 'admitting', d));
    const loc = location(f[3] ?? '', d);
    if (loc !== undefined) rel.location = loc;
    const cls = component(f[2] ?? '', 1, d).trim();
    if (cls !== '') rel.patient_class = cls;
    const svc = component(f[10] ?? '', 1, d).trim();
    if (svc !== '') rel.hospital_service = svc;
    const dept = loc?.point_of_care ?? rel.hospital_service;
    if (dept !== undefined) rel.department = dept;
    const start = hl7TimeIso(component(f[44] ?? '', 1, d), ctx.toUtc);
    const end = hl7TimeIso(component(repetitions(f[45] ?? '', d)[0] ?? '', 1, d), ctx.toUtc);
    if (start !== undefined || end !== undefined) rel.period = { ...(start ? { start } : {}), ...(end ? { end } : {}) };
    if (component(f[16] ?? '', 1, d).trim() !== '') ehr.patient = { vip: true };
  }
  const pd1 = segment(m, 'PD1');
  if (pd1 !== undefined) rel.practitioners.push(...staff(pd1.fields[4] ?? '', 'primary_care', d));
  if (orc !== undefined) rel.practitioners.push(...staff(orc.fields[12] ?? '', 'ordering', d));
  const obr = segment(m, 'OBR');
  if (obr !== undefined) {
    rel.practitioners.push(...staff(obr.fields[16] ?? '', 'ordering', d));
    const section = component(obr.fields[24] ?? '', 1, d).trim();
    if (section !== '') rel.performing_department = SERVICE_SECTIONS[section.toUpperCase()] ?? section;
  }
  const txa = segment(m, 'TXA');
  if (txa !== undefined) {
    rel.practitioners.push(...staff(txa.fields[5] ?? '', 'primary_activity', d), ...staff(txa.fields[9] ?? '', 'originator', d));
  }
  for (const aip of m.segments.filter((s) => s.id === 'AIP')) rel.practitioners.push(...staff(aip.fields[3] ?? '', 'scheduled', d));
  if (type === 'SIU') {
    const ail = segment(m, 'AIL');
    const loc = ail === undefined ? undefined : location(ail.fields[3] ?? '', d);
    if (loc !== undefined && rel.location === undefined) rel.location = loc;
    if (rel.department === undefined && loc?.point_of_care !== undefined) rel.department = loc.point_of_care;
    const ais = segment(m, 'AIS');
    const start = ais === undefined ? undefined : hl7TimeIso(component(ais.fields[4] ?? '', 1, d), ctx.toUtc);
    if (start !== undefined && rel.period === undefined) rel.period = { start };
  }
  // The clerk who registers or admits a visit (EVN-5 of A01/A04/A05) works on that patient's record.
  if (type === 'ADT' && REGISTRATIONS.has(trigger)) rel.practitioners.push(...staff(field(m, 'EVN', 5), 'registration', d));
  dedupeStaff(rel.practitioners);
  if (rel.department !== undefined) ehr.department = rel.department;

  // Resource ids: order numbers and document ids identify records, not patients.
  const placer = component(orc?.fields[2] ?? obr?.fields[2] ?? '', 1, d).trim();
  const docId = component(txa?.fields[12] ?? '', 1, d).trim();
  const sch = segment(m, 'SCH');
  const apptId = component(sch?.fields[1] ?? '', 1, d).trim();
  const resourceId = docId || placer || apptId;
  if (resourceId !== '') ehr.resource_id = resourceId;

  if (patient !== undefined) {
    ehr.patient = { ...ehr.patient, id: patient };
    if (rel.practitioners.length > 0 || rel.department !== undefined || rel.performing_department !== undefined) ehr.relationship = { patient, ...rel };
  }

  // The acting user: EVN-5 operator, else ORC-10 entered by, else TXA-9 originator.
  const operator = staff(field(m, 'EVN', 5), 'operator', d)[0] ?? staff(orc?.fields[10] ?? '', 'entered_by', d)[0] ?? staff(txa?.fields[9] ?? '', 'originator', d)[0];
  if (operator !== undefined) {
    ev.user = {};
    if (operator.id !== undefined) ev.user.id = operator.id;
    ev.user.name = operator.id ?? operator.name;
    if (operator.name !== undefined) ev.user.full_name = operator.name;
  }
  ev.ehr = ehr;
  ev.hl7 = hl7;
  ev.raw = { msh: { type, trigger, control_id: hl7.control_id, version: hl7.version }, segments: hl7.segments };
  ev.message = `HL7 ${type}^${trigger} ${sem.action}${hl7.sending_application ? ` from ${hl7.sending_application}` : ''}`;
  return ev;
}

const REGISTRATIONS = new Set(['A01', 'A04', 'A05']);

/** Common diagnostic service sections (HL7 table 0074) by the department names rosters use. */
const SERVICE_SECTIONS: Record<string, string> = {
  LAB: 'Laboratory', CH: 'Laboratory', HM: 'Laboratory', MB: 'Laboratory', SR: 'Laboratory', BLB: 'Laboratory', CP: 'Laboratory',
  RAD: 'Radiology', RX: 'Radiology', CT: 'Radiology', MR: 'Radiology', NMR: 'Radiology', US: 'Radiology', NMS: 'Radiology', CTH: 'Cardiology',
  PHR: 'Pharmacy', PAT: 'Pathology', SP: 'Pathology', PT: 'Physical Therapy', OT: 'Occupational Therapy',
};

function dedupeStaff(list: StaffRef[]): void {
  const seen = new Set<string>();
  for (let i = list.length - 1; i >= 0; i--) {
    const s = list[i]!;
    const k = `${s.role}|${s.id ?? ''}|${s.name ?? ''}`;
    if (seen.has(k)) list.splice(i, 1);
    else seen.add(k);
  }
}
