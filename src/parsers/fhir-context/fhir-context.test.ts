import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import { phiLeaks, Pseudonymiser } from '../../enrich/pseudonymise/index.js';
import { parseFhirContext, readFhirContext, type ContextRecord } from './index.js';

const pseudonymiser = new Pseudonymiser(Buffer.alloc(32, 9), { mapping: { authorities: { HOSP: 'http://hospital.example/mrn' } } });
const PHI = ['Quuxley', 'Zebedee', '1961-02-03', '12 Acacia Avenue', 'AB1 2CD', 'MRN-778899', '+44 1234'];

const patient = {
  resourceType: 'Patient',
  id: 'pat-1',
  meta: { security: [
    { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' },
    { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'CEL' },
    { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'PSY' },
  ] },
  identifier: [{ system: 'http://hospital.example/mrn', value: 'MRN-778899', type: { coding: [{ code: 'MR' }] } }],
  active: true,
  name: [{ use: 'official', family: 'Quuxley', given: ['Zebedee'] }],
  telecom: [{ system: 'phone', value: '+44 1234 567890' }],
  birthDate: '1961-02-03',
  deceasedDateTime: '2026-01-04T23:00:00Z',
  address: [{ line: ['12 Acacia Avenue'], city: 'Leeds', postalCode: 'AB1 2CD' }],
  generalPractitioner: [{ reference: 'Practitioner/gp-1' }],
  managingOrganization: { reference: 'Organization/hosp' },
};
const practitioner = { resourceType: 'Practitioner', id: 'p1', active: true, identifier: [{ system: 'urn:hospital:staff', value: 'njones' }], name: [{ family: 'Jones', given: ['Nia'] }], qualification: [{ code: { coding: [{ code: 'RN' }] } }] };
const role = {
  resourceType: 'PractitionerRole', id: 'r1', active: true, period: { start: '2025-01-01', end: '2026-12-31' },
  practitioner: { reference: 'Practitioner/p1' }, organization: { reference: 'Organization/ed', display: 'Emergency Department' },
  code: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/practitioner-role', code: 'nurse' }] }],
  specialty: [{ coding: [{ system: 'http://snomed.info/sct', code: '773568002', display: 'Emergency medicine' }] }],
  location: [{ reference: 'Location/ed-bay', display: 'ED Bay' }],
  availableTime: [{ daysOfWeek: ['mon', 'tue', 'wed'], availableStartTime: '07:00:00', availableEndTime: '19:00:00' }, { daysOfWeek: ['sat'], allDay: true }],
};
const encounter = {
  resourceType: 'Encounter', id: 'e1', status: 'in-progress',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER' },
  subject: { reference: 'Patient/pat-1' },
  participant: [
    { type: [{ coding: [{ code: 'ATND' }] }], individual: { reference: 'Practitioner/p1' } },
    { type: [{ coding: [{ code: 'CON' }] }], period: { start: '2026-01-05T03:00:00Z', end: '2026-01-05T04:00:00Z' }, individual: { reference: 'PractitionerRole/r9' } },
    { individual: { reference: 'RelatedPerson/x' } },
  ],
  period: { start: '2026-01-05T02:00:00+01:00' },
  serviceProvider: { reference: 'Organization/ed', display: 'Emergency Department' },
};
const org = { resourceType: 'Organization', id: 'ed', active: true, name: 'Emergency Department', type: [{ coding: [{ code: 'dept' }] }], partOf: { reference: 'Organization/hosp' } };
const bundle = { resourceType: 'Bundle', type: 'collection', entry: [patient, practitioner, role, encounter, org, { resourceType: 'Observation', id: 'o' }].map((resource) => ({ resource })) };

const byKind = (rs: ContextRecord[], k: ContextRecord['kind']) => rs.filter((r) => r.kind === k);

describe('fhir-context', () => {
  const { records, skipped } = readFhirContext(JSON.stringify(bundle), pseudonymiser);
  const ptId = pseudonymiser.patientFromReference('Patient/pat-1')!;

  it('reads a Patient with sensitivity labels, VIP, deceased and pseudonymised keys', () => {
    expect(byKind(records, 'patient')).toEqual([{
      kind: 'patient', id: ptId,
      aliases: [pseudonymiser.patientFromCx('MRN-778899', { namespace: 'HOSP' })],
      sensitivity: ['R', 'CEL', 'PSY'], vip: true, deceased: true, deceasedAt: '2026-01-04T23:00:00.000Z', active: true,
      keys: {
        name: pseudonymiser.name('Quuxley', ['Zebedee']), birth_date: pseudonymiser.birthDate('19610203'),
        address: pseudonymiser.familyKey(['', '12 Acacia Avenue', 'AB1 2CD']), family: pseudonymiser.familyKey(['Quuxley', '12 Acacia Avenue', 'AB1 2CD']),
        street: pseudonymiser.familyKey(['street', 'Acacia Avenue', 'AB1 2CD']),
      },
      managingOrganization: 'Organization/hosp',
    }]);
  });

  it('reads staff, roles with shifts and period, organizations', () => {
    expect(byKind(records, 'staff')).toEqual([{ kind: 'staff', id: 'Practitioner/p1', identifiers: ['urn:hospital:staff|njones'], name: 'Nia Jones', active: true, qualifications: ['RN'] }]);
    expect(byKind(records, 'staff_role')).toEqual([{
      kind: 'staff_role', id: 'PractitionerRole/r1', practitioner: 'Practitioner/p1', organization: 'Organization/ed', department: 'Emergency Department',
      roles: ['nurse'], specialties: ['773568002'], locations: ['ED Bay'],
      shifts: [{ days: ['mon', 'tue', 'wed'], allDay: false, start: '07:00:00', end: '19:00:00' }, { days: ['sat'], allDay: true }],
      period: { from: '2025-01-01T00:00:00.000Z', to: '2026-12-31T00:00:00.000Z' }, active: true,
    }]);
    expect(byKind(records, 'organization')).toEqual([{ kind: 'organization', id: 'Organization/ed', name: 'Emergency Department', type: ['dept'], identifiers: [], partOf: 'Organization/hosp', active: true }]);
    expect(skipped).toEqual({ Observation: 1 });
  });

  it('reads treatment relationships from Encounter participants and the general practitioner', () => {
    expect(byKind(records, 'treatment')).toEqual([
      { kind: 'treatment', patient: ptId, practitioner: 'Practitioner/gp-1', role: 'primary_care', source: 'Patient/pat-1' },
      { kind: 'treatment', patient: ptId, practitioner: 'Practitioner/p1', role: 'ATND', source: 'Encounter/e1', period: { from: '2026-01-05T01:00:00.000Z' }, department: 'Emergency Department', status: 'in-progress', class: 'EMER' },
      { kind: 'treatment', patient: ptId, practitioner: 'PractitionerRole/r9', role: 'CON', source: 'Encounter/e1', period: { from: '2026-01-05T03:00:00.000Z', to: '2026-01-05T04:00:00.000Z' }, department: 'Emergency Department', status: 'in-progress', class: 'EMER' },
    ]);
  });

  it('never returns PHI', () => {
    expect(phiLeaks(records, PHI)).toEqual([]);
  });

  it('reads NDJSON bulk export and XML the same way', () => {
    const nd = [patient, practitioner, role, encounter, org].map((r) => JSON.stringify(r)).join('\n');
    expect(parseFhirContext(nd, pseudonymiser)).toEqual(records);
    const xml = `<Patient xmlns="http://hl7.org/fhir"><id value="pat-1"/><meta><security><system value="http://terminology.hl7.org/CodeSystem/v3-Confidentiality"/><code value="V"/></security></meta>
      <identifier><system value="http://hospital.example/mrn"/><value value="MRN-778899"/></identifier><name><family value="Quuxley"/><given value="Zebedee"/></name>
      <birthDate value="1961-02-03"/><deceasedBoolean value="false"/></Patient>`;
    const [p] = parseFhirContext(xml, pseudonymiser);
    expect(p).toMatchObject({ kind: 'patient', id: ptId, sensitivity: ['V'], vip: false, deceased: false, keys: { name: pseudonymiser.name('Quuxley', ['Zebedee']) } });
    expect(phiLeaks(p, PHI)).toEqual([]);
  });

  it('fails with a ParseError naming the line, never the value', () => {
    expect(() => parseFhirContext('{"resourceType":"Patient"}\n{"name":"Quuxley', pseudonymiser)).toThrow(/NDJSON line 2: invalid JSON/);
    try {
      parseFhirContext('{"resourceType":"Patient"}\n{"name":"Quuxley', pseudonymiser);
    } catch (e) {
      expect(phiLeaks(e, PHI)).toEqual([]);
    }
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.nat(JSON.stringify(bundle).length).map((n) => JSON.stringify(bundle).slice(0, n))), (s) => {
        try {
          expect(Array.isArray(parseFhirContext(s, pseudonymiser))).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('fhir-context: staff households and staff who are patients', () => {
  it('derives a practitioner\'s household keys like a patient\'s, and links a Person\'s practitioner to their patient record', () => {
    const home = { line: ['12 Acacia Avenue'], postalCode: 'AB1 2CD' };
    const docs = [
      { resourceType: 'Practitioner', id: 'p9', identifier: [{ value: 'qzebedee' }], name: [{ family: 'Quuxley', given: ['Zebedee'] }], address: [home] },
      { resourceType: 'Patient', id: 'MRN-778899', name: [{ family: 'Quuxley', given: ['Ann'] }], address: [home] },
      { resourceType: 'Person', id: 'x', link: [{ target: { reference: 'Practitioner/p9' } }, { target: { reference: 'Patient/MRN-778899' } }] },
    ];
    const { records } = readFhirContext(docs, pseudonymiser);
    const staff = byKind(records, 'staff')[0] as Extract<ContextRecord, { kind: 'staff' }>;
    const pt = byKind(records, 'patient')[0] as Extract<ContextRecord, { kind: 'patient' }>;
    expect(staff.keys?.family).toBe(pt.keys.family);
    expect(staff.keys?.address).toBe(pt.keys.address);
    // A neighbour: another house on the same street shares the street key, not the household's.
    const [other] = byKind(readFhirContext({ resourceType: 'Patient', id: 'n1', name: [{ family: 'Other' }], address: [{ line: ['14 Acacia Avenue'], postalCode: 'AB1 2CD' }] }, pseudonymiser).records, 'patient') as Array<Extract<ContextRecord, { kind: 'patient' }>>;
    expect(other!.keys.street).toBe(staff.keys?.street);
    expect(other!.keys.address).not.toBe(staff.keys?.address);
    const link = byKind(records, 'person_link')[0] as Extract<ContextRecord, { kind: 'person_link' }>;
    expect(link).toEqual({ kind: 'person_link', practitioner: 'Practitioner/p9', patient: pt.id });
    // Staff names stay in clear (they are the workforce, not patients); addresses and the MRN never do.
    expect(phiLeaks(JSON.stringify(records), ['12 Acacia Avenue', 'AB1 2CD', 'MRN-778899'])).toEqual([]);
  });
});
