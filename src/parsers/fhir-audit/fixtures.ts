/**
 * Synthetic FHIR R4 AuditEvents (JSON) for tests: the shapes the spec examples (R5-era XML) do
 * not show — `network.address`, `purposeOfEvent`, `agent.role`, entity identifiers with a system.
 * Every identifying value is made up and listed in {@link FIXTURE_PHI}.
 */

/** Values in the fixtures that must never reach an event, `raw` or an error. */
export const FIXTURE_PHI = ['MRN-778899', 'Zebedee', 'Quuxley', '1961-02-03', 'WmViZWRlZQ'];

/**
 * An R4 break-glass read of a patient's Observation by a nurse, from a workstation IP.
 *
 * @example
 * JSON.parse(R4_BREAK_GLASS_JSON).resourceType // 'AuditEvent'
 */
export const R4_BREAK_GLASS = {
  resourceType: 'AuditEvent',
  id: 'bg-1',
  meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'BTG' }] },
  type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
  subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' }],
  action: 'R',
  recorded: '2026-01-05T02:14:09.120+01:00',
  outcome: '0',
  purposeOfEvent: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'ETREAT' }], text: 'patient unconscious in ED' }],
  agent: [
    {
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type', code: 'humanuser' }] },
      role: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'NURS', display: 'nurse' }] }],
      who: { identifier: { system: 'urn:hospital:staff', value: 'n.jones' }, display: 'Nia Jones' },
      altId: 'njones',
      name: 'Nia Jones',
      requestor: true,
      network: { address: '10.20.30.40', type: '2' },
    },
  ],
  source: { site: 'EHR-PROD', observer: { display: 'Ward EHR' } },
  entity: [
    {
      what: { identifier: { system: 'http://hospital.example/mrn', value: 'MRN-778899' } },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1' },
      name: 'Zebedee Quuxley',
      securityLabel: [
        { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' },
        { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'CEL' },
      ],
    },
    {
      what: { reference: 'Observation/obs-9' },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '4' },
      description: 'Zebedee Quuxley born 1961-02-03',
      query: 'WmViZWRlZQ==',
      detail: [{ type: 'dob', valueString: '1961-02-03' }],
    },
  ],
};

/**
 * A searchset Bundle with the break-glass event, a login, and a non-AuditEvent entry.
 *
 * @example
 * R4_BUNDLE.entry.length // 3
 */
export const R4_BUNDLE = {
  resourceType: 'Bundle',
  type: 'searchset',
  entry: [
    { fullUrl: 'urn:uuid:1', resource: R4_BREAK_GLASS },
    {
      resource: {
        resourceType: 'AuditEvent',
        type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110114' },
        subtype: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110122' }],
        action: 'E',
        recorded: '2026-01-05T01:00:00Z',
        outcome: '4',
        outcomeDesc: 'bad password',
        agent: [{ who: { reference: 'Practitioner/p-7' }, requestor: true }],
        source: { observer: { display: 'SSO' } },
      },
    },
    { resource: { resourceType: 'OperationOutcome' } },
  ],
};
