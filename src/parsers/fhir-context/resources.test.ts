import { describe, expect, it } from 'vitest';
import { Pseudonymiser } from '../../enrich/pseudonymise/index.js';
import { contextFromFhir } from '../../pipeline/context-load.js';
import { readFhirContext, type TreatmentContext } from './index.js';

const pseudonymiser = new Pseudonymiser(Buffer.alloc(32, 4));
const pt = pseudonymiser.patientFromReference('Patient/example');

// Shapes of the FHIR R4 specification's examples (appointment-example, careteam-example, servicerequest-example-di).
const appointment = {
  resourceType: 'Appointment', id: 'example', status: 'booked',
  serviceType: [{ coding: [{ code: '52', display: 'General Discussion' }] }],
  start: '2013-12-10T09:00:00Z', end: '2013-12-10T11:00:00Z',
  participant: [
    { actor: { reference: 'Patient/example', display: 'Peter James Chalmers' }, required: 'required', status: 'accepted' },
    { type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'ATND' }] }], actor: { reference: 'Practitioner/example', display: 'Dr Adam Careful' }, required: 'required', status: 'accepted' },
    { actor: { reference: 'Location/1', display: 'South Wing, second floor' }, required: 'required', status: 'accepted' },
    { actor: { reference: 'Practitioner/declined' }, status: 'declined' },
  ],
};
const careTeam = {
  resourceType: 'CareTeam', id: 'example', status: 'active',
  subject: { reference: 'Patient/example', display: 'Peter James Chalmers' },
  period: { end: '2013-01-01' },
  participant: [
    { role: [{ text: 'responsiblePerson' }], member: { reference: 'Patient/example' } },
    { role: [{ text: 'adviser' }], member: { reference: '#pr1', display: 'Dorothy Dietition' }, onBehalfOf: { reference: 'Organization/f001' }, period: { end: '2013-01-01' } },
    { member: { reference: 'PractitionerRole/r-nurse' } },
  ],
  managingOrganization: [{ reference: 'Organization/f001', display: 'Cardiology' }],
};
const order = {
  resourceType: 'ServiceRequest', id: 'di', status: 'active', intent: 'original-order',
  code: { coding: [{ system: 'http://loinc.org', code: '55423-8' }] },
  subject: { reference: 'Patient/example' },
  occurrenceDateTime: '2013-05-08T09:33:27+07:00', authoredOn: '2013-05-08T09:33:27+07:00',
  requester: { reference: 'Practitioner/example' },
  performer: [{ reference: 'Organization/rad', display: 'Radiology' }, { reference: 'Practitioner/tech' }],
};
const revoked = { ...order, id: 'gone', status: 'revoked' };

const treatments = (doc: object) => readFhirContext(doc, pseudonymiser).records.filter((r): r is TreatmentContext => r.kind === 'treatment');

describe('FHIR care links beyond Encounter', () => {
  it('reads an Appointment: one link per practitioner who takes part, the patient from the participants', () => {
    const t = treatments(appointment);
    expect(t.map((x) => [x.practitioner, x.role, x.source])).toEqual([['Practitioner/example', 'ATND', 'Appointment/example']]);
    expect(t[0]!.patient).toBe(pt);
    expect(t[0]!.period).toEqual({ from: '2013-12-10T09:00:00.000Z', to: '2013-12-10T11:00:00.000Z' });
    expect(treatments({ ...appointment, status: 'cancelled' })).toEqual([]);
  });

  it('reads a CareTeam: practitioner members, organizations on whose behalf they act, and the managing department', () => {
    const t = treatments(careTeam);
    expect(t.map((x) => x.practitioner ?? x.department)).toEqual(['Organization/f001', 'PractitionerRole/r-nurse', 'Cardiology']);
    expect(t.every((x) => x.source === 'CareTeam/example' && x.patient === pt)).toBe(true);
  });

  it('reads a ServiceRequest: the requester and each performer (person or section); a revoked order links nobody', () => {
    const t = treatments(order);
    expect(t.map((x) => [x.role, x.practitioner ?? x.department])).toEqual([['requester', 'Practitioner/example'], ['performer', 'Radiology'], ['performer', 'Practitioner/tech']]);
    expect(t[0]!.period).toEqual({ from: '2013-05-08T02:33:27.000Z', to: '2013-05-08T02:33:27.000Z' });
    expect(treatments(revoked)).toEqual([]);
  });

  it('gives each link its kind in the detectors\' context (appointment, care_team, order), a PractitionerRole resolved to its practitioner', () => {
    const role = { resourceType: 'PractitionerRole', id: 'r-nurse', practitioner: { reference: 'Practitioner/n1' }, code: [{ text: 'Staff Nurse' }], organization: { reference: 'Organization/f001' } };
    const org = { resourceType: 'Organization', id: 'f001', name: 'Cardiology' };
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [appointment, careTeam, order, role, org].map((resource) => ({ resource })) };
    const loaded = contextFromFhir(readFhirContext(bundle, pseudonymiser).records);
    expect([...new Set(loaded.relationships.map((r) => r.kind))].sort()).toEqual(['appointment', 'care_team', 'order']);
    expect(loaded.relationships.some((r) => r.kind === 'care_team' && r.staffId === 'Practitioner/n1')).toBe(true);
    // The role as free text and the department by reference both read back as names.
    const nurse = loaded.staff.find((s) => s.id === 'Practitioner/n1' && s.role)!;
    expect(nurse).toMatchObject({ role: 'Staff Nurse', department: 'Cardiology' });
    expect(loaded.relationships.filter((r) => r.department).map((r) => r.department)).toContain('Cardiology');
  });
});
