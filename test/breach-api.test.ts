import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContextFiles } from '../src/pipeline/context-load.js';
import { TOKEN } from './helpers.js';
import { startHarness, type Harness } from './security/harness.js';

/** A celebrity patient, a treated patient, a nurse with an encounter for the treated one. */
const CONTEXT = {
  resourceType: 'Bundle', type: 'collection',
  entry: [
    { resource: { resourceType: 'Patient', id: 'star', meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'CEL' }] },
      identifier: [{ system: 'urn:hosp:mrn', value: 'MRN-0001' }], name: [{ family: 'Famous', given: ['Ava'] }], birthDate: '1980-02-02' } },
    { resource: { resourceType: 'Patient', id: 'treated', identifier: [{ system: 'urn:hosp:mrn', value: 'MRN-0002' }], name: [{ family: 'Plain', given: ['Bo'] }] } },
    { resource: { resourceType: 'Practitioner', id: 'ortiz', identifier: [{ system: 'urn:hosp:login', value: 'jortiz' }], name: [{ family: 'Ortiz', given: ['J.'] }] } },
    { resource: { resourceType: 'PractitionerRole', id: 'ortiz-role', practitioner: { reference: 'Practitioner/ortiz' }, organization: { display: 'Cardiology' }, code: [{ coding: [{ code: 'nurse' }] }] } },
    { resource: { resourceType: 'Encounter', id: 'e1', status: 'in-progress', class: { code: 'IMP' }, subject: { reference: 'Patient/treated' },
      participant: [{ individual: { reference: 'Practitioner/ortiz' } }], period: { start: '2026-03-01T00:00:00Z' } } },
  ],
};
const audit = (id: string, patient: string, time: string, action = 'R') => JSON.stringify({
  resourceType: 'AuditEvent', id, recorded: time, action, outcome: '0',
  type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110', display: 'Patient Record' },
  agent: [{ requestor: true, who: { identifier: { value: 'jortiz' } }, network: { address: '10.20.0.5', type: '2' } }],
  source: { observer: { display: 'EHR' } },
  entity: [{ what: { reference: `Patient/${patient}` }, type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1' } }],
});

describe('breach API: open, read, update, pack, re-identify — with roles, audit and FHIR AuditEvents', () => {
  let h: Harness;
  let fhirFile: string;
  const as: Record<string, Record<string, string>> = {};
  let incidentId = '';
  let caseId = '';
  const json = (r: { body: string }) => JSON.parse(r.body) as any;

  beforeAll(async () => {
    h = await startHarness((rt) => {
      fhirFile = join(rt.dataDir, 'phi-views.ndjson');
      rt.loaded.config.privacy.fhirAudit.file = fhirFile;
      return {};
    });
    for (const u of ['ana', 'priv', 'aud']) {
      const s = await h.signIn(u);
      as[u] = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    }
    as.token = { authorization: `Bearer ${TOKEN}` };
    const ctx = join(h.rt.dataDir, 'context.json');
    writeFileSync(ctx, JSON.stringify(CONTEXT));
    await loadContextFiles(h.rt.context, h.rt.dataDir, [ctx]);
    const body = [audit('a1', 'treated', '2026-03-02T10:00:00Z'), audit('a2', 'star', '2026-03-02T10:05:00Z'), audit('a3', 'star', '2026-03-02T10:09:00Z')].join('\n');
    const r = await h.send('POST', '/api/ingest?format=fhir-audit', { ...as.token, 'content-type': 'application/x-ndjson' }, body);
    expect(r.status).toBe(202);
    await h.rt.detection.drain();
    const list = json(await h.send('GET', '/api/incidents?from=2026-03-01T00:00:00Z', as.token));
    incidentId = list.items.find((i: any) => i.entities.some((e: any) => e.id === 'jortiz')).id;
  }, 60_000);
  afterAll(async () => { await h?.close(); });

  it('only a breach manager opens a case; it counts the VIP patient and starts the clock at discovery', async () => {
    expect((await h.send('POST', `/api/incidents/${incidentId}/breach`, as.ana, '{}')).status).toBe(403);
    const r = await h.send('POST', `/api/incidents/${incidentId}/breach`, as.priv, JSON.stringify({ discovered: '2026-03-02T12:00:00Z', from: '2026-03-01T00:00:00Z' }));
    expect(r.status).toBe(201);
    const c = json(r);
    caseId = c.id;
    expect(c.count.patients).toHaveLength(1);
    expect(c.count.patients[0]).toMatch(/^pt_/);
    expect(c.count.accesses).toBe(2);
    expect(c.clock).toMatchObject({ discovered: '2026-03-02T12:00:00Z', threshold: 'annual_hhs_log', individualsDue: '2026-05-01T12:00:00.000Z' });
    expect(c.assessment.natureAndExtent.finding).toMatch(/^1 patient record opened in the EHR \(2 accesses\), 1 VIP/);
    expect(c.assessment.conclusion).toBe('presumed_breach');
    // Opening again gives the live case.
    const again = await h.send('POST', `/api/incidents/${incidentId}/breach`, as.priv, JSON.stringify({ from: '2026-03-01T00:00:00Z' }));
    expect(again.status).toBe(200);
    expect(json(again).id).toBe(caseId);
  });

  it('auditors read it; analysts do not; the privacy officer updates it with a history line', async () => {
    expect((await h.send('GET', `/api/breaches/${caseId}`, as.aud)).status).toBe(200);
    expect((await h.send('GET', `/api/breaches/${caseId}`, as.ana)).status).toBe(403);
    expect((await h.send('GET', `/api/incidents/${incidentId}/breach`, as.aud)).status).toBe(200);
    expect((await h.send('PATCH', `/api/breaches/${caseId}`, as.aud, JSON.stringify({ note: 'x' }))).status).toBe(403);
    const bad = await h.send('PATCH', `/api/breaches/${caseId}`, as.priv, JSON.stringify({ residents: { Texas: 1 } }));
    expect(bad.status).toBe(400);
    const r = await h.send('PATCH', `/api/breaches/${caseId}`, as.priv, JSON.stringify({ residents: { TX: 1 }, state: 'assessing', assessment: { mitigation: 'Account suspended; staff member interviewed.' } }));
    expect(r.status).toBe(200);
    const c = json(r);
    expect(c.state).toBe('assessing');
    expect(c.assessment.mitigation.assessment).toBe('Account suspended; staff member interviewed.');
    expect(c.clock.deadlines.map((d: any) => d.who)).toContain('Texas residents');
    expect(c.history.at(-1).what).toMatch(/state open → assessing; residents TX 1; assessment mitigation/);
    const list = json(await h.send('GET', '/api/breaches', as.aud));
    expect(list.items[0]).toMatchObject({ id: caseId, affected: 1, state: 'assessing' });
  });

  it('the pack has pseudonyms only; identities need phi:reidentify and a reason, and each is an audited reveal', async () => {
    const csv = await h.send('GET', `/api/breaches/${caseId}/pack?format=csv`, as.aud);
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('pseudonym,accesses,actions,first,last');
    expect(lines).toHaveLength(2);
    expect(csv.body).not.toMatch(/MRN-0001|star/);
    const pack = json(await h.send('GET', `/api/breaches/${caseId}/pack`, as.aud));
    expect(pack).toMatchObject({ affected: 1, reidentified: false });
    expect(JSON.stringify(pack)).not.toMatch(/MRN-0001|Famous|"star"/);

    // Not even an admin token, nor the auditor, may re-identify.
    expect((await h.send('POST', `/api/breaches/${caseId}/pack/reidentify`, as.token, JSON.stringify({ reason: 'notification letters' }))).status).toBe(403);
    expect((await h.send('POST', `/api/breaches/${caseId}/pack/reidentify`, as.aud, JSON.stringify({ reason: 'notification letters' }))).status).toBe(403);
    expect((await h.send('POST', `/api/breaches/${caseId}/pack/reidentify`, as.priv, JSON.stringify({ reason: 'x' }))).status).toBe(400);
    const r = await h.send('POST', `/api/breaches/${caseId}/pack/reidentify`, as.priv, JSON.stringify({ reason: 'notification letters to affected patients' }));
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const full = json(r);
    expect(full.reidentified).toBe(true);
    // The identity the vault keeps for this pseudonym: the EHR's reference to the patient (the AuditEvents named Patient/star).
    expect(JSON.parse(full.patients[0].identity)).toEqual({ system: 'urn:wardwatch:fhir-id', value: 'star' });
    const log = h.rt.store.listAudit(200);
    const actions = log.map((a) => a.action);
    for (const a of ['breach_open', 'breach_update', 'breach_view', 'breach_pack', 'breach_reidentify', 'reidentify']) expect(actions, a).toContain(a);
    expect(log.find((a) => a.action === 'reidentify')!.detail).toMatchObject({ reason: expect.stringContaining(`breach notification ${caseId}`), found: true });
  });

  it('sends its own views of PHI as FHIR AuditEvents to a 0600 NDJSON file', async () => {
    const pt = json(await h.send('GET', `/api/breaches/${caseId}`, as.aud)).count.patients[0];
    expect((await h.send('GET', `/api/entities/patient/${pt}`, as.ana)).status).toBe(200);
    expect(existsSync(fhirFile)).toBe(true);
    expect(statSync(fhirFile).mode & 0o777).toBe(0o600);
    const events = readFileSync(fhirFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const patientRead = events.find((e) => e.agent[0].who.identifier.value === 'ana' && e.action === 'R');
    expect(patientRead.entity[0].what.identifier.value).toBe(pt);
    const reidentified = events.find((e) => e.agent[0].who.identifier.value === 'priv' && e.entity.some((x: any) => x.description === `breach:${caseId}`));
    expect(reidentified).toBeDefined();
    expect(readFileSync(fhirFile, 'utf8')).not.toMatch(/MRN-0001|Famous|Patient\/star/);
  });

  it('states what is stored, where, for how long and who can see it, from the live configuration', async () => {
    const p = json(await h.send('GET', '/api/privacy', as.ana));
    expect(p.dataDir).toBe(h.rt.dataDir);
    const events = p.stored.find((s: any) => s.what.startsWith('events'));
    expect(events).toMatchObject({ where: `${join(h.rt.dataDir, 'wardwatch.db')} (events, event_entities)`, retention: `${h.rt.loaded.config.store.retentionDays} days` });
    expect(p.stored.find((s: any) => s.what.startsWith('audit log')).retention).toBe('2190 days');
    expect(p.stored.some((s: any) => s.where === fhirFile)).toBe(true);
    expect(p.access.find((a: any) => a.role === 'privacy_officer').permissions).toContain('phi:reidentify');
    expect(p.access.find((a: any) => a.role === 'admin').permissions).not.toContain('phi:reidentify');
    expect(p.phiColumns.find((c: any) => c.table === 'reidentification').protection).toBe('aes-256-gcm-row');
    expect(p.fhirAuditStats.written).toBeGreaterThan(0);
  });
});
