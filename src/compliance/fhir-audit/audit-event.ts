import { randomUUID } from 'node:crypto';

/** A view of PHI by a person or machine using Wardwatch: what the FHIR AuditEvent records. */
export interface PhiView {
  /** When (ISO 8601). */
  time: string;
  /** Who: the audit actor (`user:<name>` or a token name). */
  actor: string;
  role?: string;
  /** `read` for one patient's record or one alert; `search` for a list or query. */
  interaction: 'read' | 'search';
  /** Patients seen, as pseudonyms (the only patient identity Wardwatch holds in clear). */
  patients: string[];
  /** What was looked at, e.g. `GET /api/entities/patient/pt_…` or `incident-list`. */
  what?: string;
  /** Client address, when known. */
  address?: string;
  /** Whether the view succeeded (a refused re-identification is still an event). */
  outcome?: 'success' | 'failure';
}

/** A FHIR R4 AuditEvent, as plain JSON. */
export type FhirAuditEvent = Record<string, unknown> & { resourceType: 'AuditEvent' };

const BALP = 'https://profiles.ihe.net/ITI/BALP/StructureDefinition';
const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
/** Identifier system of Wardwatch's patient pseudonyms in the AuditEvents it sends. */
export const PSEUDONYM_SYSTEM = 'urn:wardwatch:patient-pseudonym';

/**
 * One FHIR R4 AuditEvent for a view of PHI, shaped as IHE Basic Audit Log Patterns' Patient
 * Read / Patient Query: `type` rest, `subtype` the RESTful interaction (read or search) plus DICOM
 * 110110 Patient Record, action R (read) or E (query), the requesting user as the requestor agent,
 * Wardwatch as the source, and each patient as an entity referenced by its pseudonym (a logical
 * reference: `{ type: 'Patient', identifier: { system: PSEUDONYM_SYSTEM, value: 'pt_…' } }`) — no
 * clear identifier ever leaves.
 *
 * @example
 * toAuditEvent({ time: '2026-01-05T10:00:00Z', actor: 'user:dpo', interaction: 'read', patients: ['pt_abc'] }, 'wardwatch').subtype
 */
export function toAuditEvent(v: PhiView, observer: string, id: string = randomUUID()): FhirAuditEvent {
  const read = v.interaction === 'read';
  const user = v.actor.startsWith('user:') ? v.actor.slice(5) : v.actor;
  const entity: Array<Record<string, unknown>> = v.patients.map((p) => ({
    // A logical reference by identifier: `pt_…` is not a valid FHIR id (no `_`), and the pseudonym is an identifier anyway.
    what: { type: 'Patient', identifier: { system: PSEUDONYM_SYSTEM, value: p } },
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
    role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
  }));
  if (v.what) {
    entity.push({
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: read ? '4' : '24', display: read ? 'Domain Resource' : 'Query' },
      description: v.what,
    });
  }
  return {
    resourceType: 'AuditEvent',
    id,
    meta: { profile: [`${BALP}/${read ? 'IHE.BasicAudit.PatientRead' : 'IHE.BasicAudit.PatientQuery'}`] },
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'Restful Operation' },
    subtype: [
      { system: 'http://hl7.org/fhir/restful-interaction', code: v.interaction, display: v.interaction },
      { system: DCM, code: '110110', display: 'Patient Record' },
    ],
    action: read ? 'R' : 'E',
    recorded: new Date(v.time).toISOString(),
    outcome: v.outcome === 'failure' ? '4' : '0',
    agent: [
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] },
        who: { identifier: { system: 'urn:wardwatch:user', value: user } },
        requestor: true,
        ...(v.role ? { role: [{ coding: [{ system: 'urn:wardwatch:role', code: v.role }] }] } : {}),
        ...(v.address ? { network: { address: v.address, type: v.address.includes(':') || /^\d+\.\d+\.\d+\.\d+$/.test(v.address) ? '2' : '1' } } : {}),
      },
      {
        type: { coding: [{ system: DCM, code: '110153', display: 'Source Role ID' }] },
        who: { display: observer },
        requestor: false,
      },
    ],
    source: {
      observer: { display: observer },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }],
    },
    entity,
  };
}

/**
 * Check the R4 AuditEvent rules a receiver relies on (cardinalities and types of the required
 * elements); returns the problems, empty when none.
 *
 * @example
 * checkAuditEvent(toAuditEvent(view, 'wardwatch')) // []
 */
export function checkAuditEvent(r: Record<string, unknown>): string[] {
  const out: string[] = [];
  const coding = (c: unknown, where: string) => {
    if (!c || typeof c !== 'object' || typeof (c as { code?: unknown }).code !== 'string') out.push(`${where}: expected a Coding with a code`);
  };
  if (r.resourceType !== 'AuditEvent') out.push('resourceType: expected AuditEvent');
  coding(r.type, 'type');
  if (r.subtype !== undefined) (Array.isArray(r.subtype) ? r.subtype : [null]).forEach((s, i) => coding(s, `subtype[${i}]`));
  if (r.action !== undefined && !['C', 'R', 'U', 'D', 'E'].includes(String(r.action))) out.push('action: expected C|R|U|D|E');
  if (typeof r.recorded !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(r.recorded)) out.push('recorded: expected a FHIR instant');
  if (r.outcome !== undefined && !['0', '4', '8', '12'].includes(String(r.outcome))) out.push('outcome: expected 0|4|8|12');
  if (!Array.isArray(r.agent) || r.agent.length === 0) out.push('agent: at least one');
  else (r.agent as Array<Record<string, unknown>>).forEach((a, i) => {
    if (typeof a.requestor !== 'boolean') out.push(`agent[${i}].requestor: required boolean`);
    if (a.who !== undefined && (typeof a.who !== 'object' || a.who === null)) out.push(`agent[${i}].who: expected a Reference`);
  });
  const src = r.source as Record<string, unknown> | undefined;
  if (!src || typeof src.observer !== 'object' || src.observer === null) out.push('source.observer: required Reference');
  if (r.entity !== undefined && !Array.isArray(r.entity)) out.push('entity: expected an array');
  return out;
}
