import type { PatientPseudonym } from '../../core/event.js';
import type { PhiPseudonym, Pseudonymiser } from '../../enrich/pseudonymise/index.js';
import { component, repetitions, subcomponents, type Delimiters } from './message.js';

/**
 * A workforce member named in an XCN field (staff stay in clear: they are the monitored workforce).
 *
 * @example
 * const s: StaffRef = { id: '1122334', name: 'Mohammed Alaz', role: 'attending' };
 */
export interface StaffRef {
  id?: string;
  /** Given and family name as written. */
  name?: string;
  /** Assigning authority namespace of the id (XCN-9). */
  authority?: string;
  role: string;
}

/**
 * Read every repetition of an XCN field (`id^family^given^middle^suffix^prefix^degree^^authority`).
 *
 * @example
 * staff('1234^HIPPOCRATES^KOS', 'attending', d) // [{ id: '1234', name: 'KOS HIPPOCRATES', role: 'attending' }]
 */
export function staff(f: string, role: string, d: Delimiters): StaffRef[] {
  const out: StaffRef[] = [];
  for (const rep of repetitions(f, d)) {
    const id = component(rep, 1, d).trim();
    const family = subcomponents(rep, 2, d)[0]?.trim() ?? '';
    const given = component(rep, 3, d).trim();
    const name = [given, family].filter((x) => x !== '').join(' ');
    const authority = subcomponents(rep, 9, d)[0]?.trim() ?? '';
    if (id === '' && name === '') continue;
    const s: StaffRef = { role };
    if (id !== '') s.id = id;
    if (name !== '') s.name = name;
    if (authority !== '') s.authority = authority;
    out.push(s);
  }
  return out;
}

/**
 * A pseudonymised patient identifier with its HL7 identifier type code (CX-5: `MR`, `PI`, `SS`, …).
 *
 * @example
 * const i: PatientIdRef = { type: 'MR', pseudonym: 'pt_…' as PatientPseudonym };
 */
export interface PatientIdRef {
  type: string;
  pseudonym: PatientPseudonym;
}

/** FHIR system of US social security numbers, for PID-19. */
const SSN_SYSTEM = 'http://hl7.org/fhir/sid/us-ssn';

/**
 * Every patient identifier of a PID segment, pseudonymised: PID-3 (and the older PID-2, PID-4),
 * each CX with its assigning authority; PID-19 (SSN). The first `MR` identifier of PID-3 is the
 * patient's id, else PID-3's first identifier, else PID-2's.
 *
 * @example
 * patientIds(p, pid, d).primary
 */
export function patientIds(p: Pseudonymiser, pid: string[], d: Delimiters): { primary?: PatientPseudonym; all: PatientIdRef[] } {
  const all: PatientIdRef[] = [];
  let primary: PatientPseudonym | undefined;
  let firstOf3: PatientPseudonym | undefined;
  let firstOf2: PatientPseudonym | undefined;
  for (const n of [3, 2, 4]) {
    for (const rep of repetitions(pid[n] ?? '', d)) {
      const value = component(rep, 1, d).trim();
      if (value === '') continue;
      const hd = subcomponents(rep, 4, d);
      const type = component(rep, 5, d).trim().toUpperCase() || (n === 3 ? 'PI' : n === 2 ? 'PT' : 'AN');
      const ps = p.patientFromCx(value, { namespace: hd[0] ?? '', universalId: hd[1] ?? '', universalIdType: hd[2] ?? '' });
      all.push({ type, pseudonym: ps });
      if (n === 3) {
        firstOf3 ??= ps;
        if (primary === undefined && (type === 'MR' || type === 'MRN')) primary = ps;
      }
      if (n === 2) firstOf2 ??= ps;
    }
  }
  const ssn = component(pid[19] ?? '', 1, d).trim();
  if (ssn !== '') all.push({ type: 'SS', pseudonym: p.patient({ system: SSN_SYSTEM, value: ssn.replace(/-/g, '') }) });
  const chosen = primary ?? firstOf3 ?? firstOf2;
  return chosen === undefined ? { all } : { primary: chosen, all };
}

/**
 * Pseudonymised keys of the patient's name, birth date and household, for detectors that look
 * for access to relatives' and neighbours' records.
 *
 * @example
 * const k: PatientKeys = { name: 'pn_…', birth_date: 'pb_…', family: 'pf_…', address: 'pf_…' };
 */
export interface PatientKeys {
  name?: PhiPseudonym;
  birth_date?: PhiPseudonym;
  /** Surname + street + postal code. */
  family?: PhiPseudonym;
  /** Street + postal code only (neighbours, household). */
  address?: PhiPseudonym;
}

/**
 * Keys of PID-5 (first name), PID-7 (birth date) and PID-11 (first address).
 *
 * @example
 * patientKeys(p, pid, d).name
 */
export function patientKeys(p: Pseudonymiser, pid: string[], d: Delimiters): PatientKeys {
  const keys: PatientKeys = {};
  const name = repetitions(pid[5] ?? '', d)[0] ?? '';
  const family = subcomponents(name, 1, d)[0] ?? '';
  const given = component(name, 2, d);
  const n = p.name(family, [given]);
  if (n !== undefined) keys.name = n;
  const dob = component(pid[7] ?? '', 1, d);
  const b = dob === '' ? undefined : p.birthDate(dob);
  if (b !== undefined) keys.birth_date = b;
  const addr = repetitions(pid[11] ?? '', d)[0] ?? '';
  const street = subcomponents(addr, 1, d)[0] ?? '';
  const zip = component(addr, 5, d);
  if (street.trim() !== '' || zip.trim() !== '') {
    const a = p.familyKey(['', street, zip]);
    if (a !== undefined) keys.address = a;
    const f = family.trim() === '' ? undefined : p.familyKey([family, street, zip]);
    if (f !== undefined) keys.family = f;
  }
  return keys;
}
