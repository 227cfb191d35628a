import type { Pseudonymiser } from '../../enrich/pseudonymise/index.js';
import { zoneResolver } from '../common/zone.js';
import { bundleResources, readFhirDocument } from '../fhir-audit/document.js';
import { obj, str, type FhirObject } from '../fhir-audit/fhir-node.js';
import { readAppointment, readCareTeam, readEncounter, readGeneralPractitioners, readServiceRequest, readOrganization, readPatient, readPerson, readPractitioner, readPractitionerRole, type ContextReaders } from './resources.js';
import type { ContextRecord } from './types.js';

/**
 * Context records of a document, with what was skipped (resource types Wardwatch does not read,
 * or resources without an id/subject) counted by type.
 *
 * @example
 * const r: FhirContextResult = { records: [], skipped: { Observation: 3 } };
 */
export interface FhirContextResult {
  records: ContextRecord[];
  skipped: Record<string, number>;
}

/**
 * Read FHIR R4 context — Patient, Practitioner, PractitionerRole, Encounter, Organization, Person, Appointment,
 * CareTeam, ServiceRequest — from a
 * document (JSON or XML; single resource, Bundle, or NDJSON bulk export) or already-parsed data.
 * Throws `ParseError` (naming the line or offset) when the document cannot be read.
 *
 * @example
 * readFhirContext(ndjsonText, pseudonymiser).records.length
 */
export function readFhirContext(doc: string | object, pseudonymiser: Pseudonymiser, opts: { timezone?: string; where?: string } = {}): FhirContextResult {
  const c: ContextReaders = { pseudonymiser, toUtc: zoneResolver(opts.timezone ?? 'UTC') };
  const top: FhirObject[] = typeof doc === 'string' ? readFhirDocument(doc, opts.where) : (Array.isArray(doc) ? doc : [doc]).map((d) => obj(d)).filter((d): d is FhirObject => d !== undefined);
  const records: ContextRecord[] = [];
  const skipped: Record<string, number> = {};
  const skip = (t: string) => void (skipped[t] = (skipped[t] ?? 0) + 1);
  for (const r of top.flatMap((x) => bundleResources(x))) {
    const type = str(r.resourceType) ?? 'unknown';
    const before = records.length;
    switch (type) {
      case 'Patient': {
        const p = readPatient(r, c);
        if (p !== undefined) records.push(p, ...readGeneralPractitioners(r, p));
        break;
      }
      case 'Practitioner': {
        const s = readPractitioner(r, c);
        if (s !== undefined) records.push(s);
        break;
      }
      case 'PractitionerRole': {
        const s = readPractitionerRole(r, c);
        if (s !== undefined) records.push(s);
        break;
      }
      case 'Encounter':
        records.push(...readEncounter(r, c));
        break;
      case 'Appointment':
        records.push(...readAppointment(r, c));
        break;
      case 'CareTeam':
        records.push(...readCareTeam(r, c));
        break;
      case 'ServiceRequest':
        records.push(...readServiceRequest(r, c));
        break;
      case 'Person':
        records.push(...readPerson(r, c));
        break;
      case 'Organization': {
        const o = readOrganization(r);
        if (o !== undefined) records.push(o);
        break;
      }
      default:
        break;
    }
    if (records.length === before) skip(type.slice(0, 40));
  }
  return { records, skipped };
}

/**
 * {@link readFhirContext}, records only.
 *
 * @example
 * parseFhirContext('{"resourceType":"Practitioner","id":"p1"}', pseudonymiser) // [{ kind: 'staff', id: 'Practitioner/p1', identifiers: [] }]
 */
export function parseFhirContext(doc: string | object, pseudonymiser: Pseudonymiser): ContextRecord[] {
  return readFhirContext(doc, pseudonymiser).records;
}
