import { hl7Time } from './time.js';

export interface AdtMessage {
  t: number;
  control: string;
  /** A01 admit, A02 transfer, A03 discharge, A04 register, A08 update. */
  trigger: 'A01' | 'A02' | 'A03' | 'A04' | 'A08';
  facility: string;
  operator: string;
  patient: { id: string; family: string; given: string; birthDate: string; sex: string; address: string };
  patientClass: 'I' | 'O' | 'E';
  unit: string;
  /** PV1-10 hospital service (the attending's department). */
  service?: string;
  room: string;
  attending: { id: string; family: string; given: string };
  visit: string;
  vip?: boolean;
  /** Admission time (PV1-44); defaults to the message time. */
  admit?: number;
  /** Discharge time (PV1-45), for A03. */
  discharge?: number;
}

/** HL7 escape sequences for the delimiters (`L&D` → `L\\T\\D`). */
const ESCAPES: Record<string, string> = { '\\': '\\E\\', '|': '\\F\\', '^': '\\S\\', '&': '\\T\\', '~': '\\R\\' };
const esc = (s: string) => s.replace(/[|^~\\&]/g, (c) => ESCAPES[c]!);

/**
 * An HL7 v2.5.1 ADT message; segments end with `\r` (one message per record).
 *
 * @example
 * adtMessage({ t: 0, control: 'M1', trigger: 'A01', facility: 'SBG', operator: 'reg1', patient: { id: 'MRN1', family: 'Doe', given: 'Jo', birthDate: '1970-01-01', sex: 'F', address: '1 Main St, Salem' }, patientClass: 'I', unit: 'ICU', room: '101', attending: { id: 'E1', family: 'Lee', given: 'Al' }, visit: 'V1' }).startsWith('MSH|^~\\&|') // true
 */
export function adtMessage(m: AdtMessage): string {
  const ts = hl7Time(m.t);
  const [street, town] = m.patient.address.split(', ');
  const pv1 = ['PV1', '1', m.patientClass, `${esc(m.unit)}^${m.room}^1^${m.facility}`];
  pv1[7] = `${m.attending.id}^${esc(m.attending.family)}^${esc(m.attending.given)}`;
  if (m.service) pv1[10] = esc(m.service);
  pv1[16] = m.vip ? 'VIP' : '';
  pv1[18] = m.patientClass;
  pv1[19] = m.visit;
  pv1[44] = hl7Time(m.admit ?? m.t);
  pv1[45] = m.discharge === undefined ? '' : hl7Time(m.discharge);
  const segs = [
    `MSH|^~\\&|EHR|${m.facility}|HL7ENG|${m.facility}|${ts}||ADT^${m.trigger}^ADT_A01|${m.control}|P|2.5.1`,
    `EVN|${m.trigger}|${ts}|||${m.operator}`,
    `PID|1||${m.patient.id}^^^${m.facility}^MR||${esc(m.patient.family)}^${esc(m.patient.given)}||${m.patient.birthDate.replace(/-/g, '')}|${m.patient.sex}|||${esc(street ?? '')}^^${esc(town ?? '')}`,
    fields(pv1),
  ];
  return `${segs.join('\r')}\r`;
}

const fields = (f: string[]) => Array.from({ length: f.length }, (_, i) => f[i] ?? '').join('|');

/** A new order placed for a patient, to be performed by a diagnostic service section (HL7 table 0074). */
export interface OrderMessage {
  t: number;
  control: string;
  facility: string;
  patientId: string;
  patientClass: 'I' | 'O' | 'E';
  unit: string;
  visit: string;
  orderNumber: string;
  /** `LAB`, `RAD`, `PHR`, `PT`… */
  section: string;
  /** Universal service id text, e.g. `CBC^Complete blood count`. */
  service: string;
  orderingProvider: string;
}

/**
 * An HL7 v2.5.1 ORM^O01 new order (ORC-1 `NW`) with the performing section in OBR-24.
 *
 * @example
 * ormMessage({ t: 0, control: 'M2', facility: 'SBG', patientId: 'MRN1', patientClass: 'I', unit: 'ICU', visit: 'V1', orderNumber: 'O1', section: 'LAB', service: 'CBC^Complete blood count', orderingProvider: 'jlee' }).includes('|LAB') // true
 */
export function ormMessage(m: OrderMessage): string {
  const ts = hl7Time(m.t);
  const obr: string[] = ['OBR', '1', m.orderNumber, '', m.service];
  obr[7] = ts;
  obr[16] = m.orderingProvider;
  obr[24] = m.section;
  return [
    `MSH|^~\\&|EHR|${m.facility}|HL7ENG|${m.facility}|${ts}||ORM^O01^ORM_O01|${m.control}|P|2.5.1`,
    `PID|1||${m.patientId}^^^${m.facility}^MR`,
    fields(Object.assign(['PV1', '1', m.patientClass, `${esc(m.unit)}^^^${m.facility}`], { 19: m.visit })),
    `ORC|NW|${m.orderNumber}|||||||${ts}|||${m.orderingProvider}`,
    fields(obr),
  ].join('\r') + '\r';
}
