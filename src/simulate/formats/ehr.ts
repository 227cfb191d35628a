import { iso } from './time.js';

/** The EHR access-log CSV header. */
export const EHR_CSV_HEADER = 'time,user,role,department,workstation,patient_id,action,reason,break_glass';

export interface EhrAccess {
  t: number;
  user: string;
  role: string;
  department: string;
  workstation: string;
  patient: string;
  /** `view`, `update`, `print`, `export`, `query`, `create`. */
  action: string;
  reason?: string;
  breakGlass?: boolean;
}

const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * One row of the EHR access-log export.
 *
 * @example
 * ehrCsvLine({ t: 0, user: 'jsmith', role: 'nurse', department: 'ICU', workstation: 'WS-ICU-0001', patient: 'MRN1000001', action: 'view' })
 * // '1970-01-01T00:00:00.000Z,jsmith,nurse,ICU,WS-ICU-0001,MRN1000001,view,,false'
 */
export function ehrCsvLine(a: EhrAccess): string {
  return [iso(a.t), a.user, a.role, a.department, a.workstation, a.patient, a.action, a.reason ?? '', a.breakGlass ? 'true' : 'false'].map(cell).join(',');
}

export interface FhirAudit {
  t: number;
  id: string;
  /** Who: a staff user name, an app, or the patient. */
  agent: string;
  agentType: 'staff' | 'app' | 'patient';
  app: string;
  sourceIp: string;
  patient: string;
  /** FHIR AuditEvent action: C R U D E. */
  action: 'C' | 'R' | 'U' | 'D' | 'E';
  resource: string;
  purpose?: string;
  outcome?: '0' | '4' | '8';
}

/**
 * One FHIR R4 AuditEvent resource as one NDJSON line (a RESTful read/search/export by an app).
 *
 * @example
 * JSON.parse(fhirAuditLine({ t: 0, id: 'a1', agent: 'jsmith', agentType: 'staff', app: 'rounds', sourceIp: '10.20.0.5', patient: 'MRN1', action: 'R', resource: 'Observation' })).resourceType // 'AuditEvent'
 */
export function fhirAuditLine(a: FhirAudit): string {
  const subtype = a.action === 'E' ? { system: 'http://hl7.org/fhir/restful-interaction', code: 'search-type' }
    : { system: 'http://hl7.org/fhir/restful-interaction', code: a.action === 'R' ? 'read' : a.action === 'C' ? 'create' : a.action === 'U' ? 'update' : 'delete' };
  const doc = {
    resourceType: 'AuditEvent',
    id: a.id,
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' },
    subtype: [subtype],
    action: a.action,
    recorded: iso(a.t),
    outcome: a.outcome ?? '0',
    ...(a.purpose ? { purposeOfEvent: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: a.purpose }] }] } : {}),
    agent: [{
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type', code: a.agentType === 'app' ? 'datacollector' : 'humanuser' }] },
      who: a.agentType === 'patient' ? { reference: `Patient/${a.patient}` } : { identifier: { system: 'urn:wardwatch:sim:user', value: a.agent } },
      altId: a.agent,
      requestor: true,
      network: { address: a.sourceIp, type: '2' },
    }],
    source: { observer: { display: a.app }, type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4' }] },
    entity: [
      { what: { reference: `Patient/${a.patient}` }, type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1' }, role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1' } },
      { what: { reference: `${a.resource}/${a.id.slice(-8)}` }, type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2' } },
    ],
  };
  return JSON.stringify(doc);
}
