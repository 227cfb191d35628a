import type { PatientPseudonym } from '../../core/event.js';
import type { Pseudonymiser } from '../../enrich/pseudonymise/index.js';
import { at, obj, prop, str, type FhirObject } from './fhir-node.js';

/**
 * Parse an HL7 v2 CX written into a FHIR identifier value (IHE PIX style:
 * `id^^^&2.16.840.1.113883.4.2&ISO`) into value and assigning authority.
 *
 * @example
 * splitCxText('e3c^^^&1.2.3&ISO') // { value: 'e3c', authority: { namespace: '', universalId: '1.2.3', universalIdType: 'ISO' } }
 */
export function splitCxText(text: string): { value: string; authority: { namespace?: string; universalId?: string; universalIdType?: string } } {
  const parts = text.split('^');
  const hd = (parts[3] ?? '').split('&');
  return { value: parts[0] ?? '', authority: { namespace: hd[0] ?? '', universalId: hd[1] ?? '', universalIdType: hd[2] ?? '' } };
}

/**
 * The pseudonym of the patient a FHIR `Reference` (or `Identifier`) designates: the reference's
 * identifier (system + value; an HL7 CX text without a system is read as CX) when present,
 * else a `Patient/<id>` reference's logical id. `undefined` when it names no patient.
 *
 * @example
 * patientPseudonym(p, { reference: 'Patient/example' })
 */
export function patientPseudonym(p: Pseudonymiser, ref: unknown, allowNonPatientType = false): PatientPseudonym | undefined {
  const o = obj(ref);
  if (o === undefined) return undefined;
  const reference = str(prop(o, 'reference'));
  const ident = obj(prop(o, 'identifier')) ?? (Object.hasOwn(o, 'value') && !Object.hasOwn(o, 'reference') ? o : undefined);
  const type = str(prop(o, 'type'));
  const isPatient = allowNonPatientType || (reference !== undefined && /(^|\/)Patient\//.test(reference)) || type === 'Patient';
  if (ident !== undefined && isPatient) {
    const value = str(prop(ident, 'value'));
    if (value !== undefined) {
      const system = str(prop(ident, 'system'));
      if (system === undefined && value.includes('^')) {
        const cx = splitCxText(value);
        if (cx.value.trim() !== '') return p.patientFromCx(cx.value, cx.authority);
      }
      return p.patient(system === undefined ? { value } : { system, value });
    }
  }
  return reference !== undefined ? p.patientFromReference(reference) : undefined;
}

/**
 * Whether a reference designates a Patient (by its reference or type).
 *
 * @example
 * isPatientRef({ reference: 'Patient/1' }) // true
 */
export function isPatientRef(ref: unknown): boolean {
  const r = str(at(ref, 'reference'));
  return (r !== undefined && /(^|\/)Patient\//.test(r)) || str(at(ref, 'type')) === 'Patient';
}

export type { FhirObject };
