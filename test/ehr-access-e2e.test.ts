import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.js';
import { ensureAdminToken } from '../src/api/tokens.js';
import { loadConfigObject } from '../src/pipeline/config-loader.js';
import { vaultFor } from '../src/enrich/pseudonymise/index.js';
import { loadContextFiles } from '../src/pipeline/context-load.js';
import { openRuntime, type Runtime } from '../src/pipeline/runtime.js';
import { TOKEN, auth, tempDir } from './helpers.js';

/** FHIR context: a celebrity patient, a treated patient, a cardiology nurse and her encounter. */
const CONTEXT = {
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    { resource: { resourceType: 'Patient', id: 'star', meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'CEL' }] },
      identifier: [{ system: 'urn:hosp:mrn', value: 'MRN-0001' }], name: [{ family: 'Famous', given: ['Ava'] }], birthDate: '1980-02-02' } },
    { resource: { resourceType: 'Patient', id: 'treated', identifier: [{ system: 'urn:hosp:mrn', value: 'MRN-0002' }], name: [{ family: 'Plain', given: ['Bo'] }] } },
    { resource: { resourceType: 'Practitioner', id: 'ortiz', identifier: [{ system: 'urn:hosp:login', value: 'jortiz' }], name: [{ family: 'Ortiz', given: ['J.'] }] } },
    { resource: { resourceType: 'PractitionerRole', id: 'ortiz-role', practitioner: { reference: 'Practitioner/ortiz' },
      organization: { display: 'Cardiology' }, code: [{ coding: [{ code: 'nurse' }] }] } },
    { resource: { resourceType: 'Encounter', id: 'e1', status: 'in-progress', class: { code: 'IMP' }, subject: { reference: 'Patient/treated' },
      participant: [{ individual: { reference: 'Practitioner/ortiz' } }], period: { start: '2026-03-01T00:00:00Z' } } },
  ],
};

function audit(id: string, patient: string, user: string, time: string): string {
  return JSON.stringify({
    resourceType: 'AuditEvent', id, recorded: time, action: 'R', outcome: '0',
    type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110', display: 'Patient Record' },
    agent: [{ requestor: true, who: { identifier: { value: user } }, network: { address: '10.20.0.5', type: '2' } }],
    source: { observer: { display: 'EHR' } },
    entity: [{ what: { reference: `Patient/${patient}` }, type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1' } }],
  });
}

describe('EHR access end to end: FHIR context + FHIR AuditEvents → explained alerts, no PHI at rest', () => {
  const tmp = tempDir('ww-ehr-');
  let rt: Runtime;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    rt = await openRuntime(loadConfigObject({ sources: [], pipeline: { workers: 1 } }), { dataDir: tmp.dir });
    ensureAdminToken(tmp.dir, TOKEN);
    const app = await buildApi(rt, { bodyLimitBytes: 1_000_000 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    close = async () => { await app.close(); await rt.close(); };
  });
  afterAll(async () => { await close(); tmp.cleanup(); });

  it('loads the context, explains the treated patient and flags the celebrity chart', async () => {
    const file = join(tmp.dir, 'context.json');
    writeFileSync(file, JSON.stringify(CONTEXT));
    const loaded = await loadContextFiles(rt.context, tmp.dir, [file]);
    expect(loaded).toMatchObject({ patients: 2, staff: 1, relationships: 1 });

    const body = [audit('a1', 'treated', 'jortiz', '2026-03-02T10:00:00Z'), audit('a2', 'star', 'jortiz', '2026-03-02T10:05:00Z')].join('\n');
    const res = await fetch(`${url}/api/ingest?format=fhir-audit`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ events: 2, deadLetters: 0 });
    await rt.detection.drain();

    const alerts = rt.store.listAlerts({ detector: 'ehr.access' }).items;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toMatch(/^VIP record: jortiz opened patient pt_/);
    expect(alerts[0]!.explanation.summary).toContain('with no treatment relationship');
    expect(alerts[0]!.explanation.text).toContain('no encounter, care team or order links them or their department to the patient');

    // No raw patient identifier at rest: not in the events, not in the raw column, not in alerts.
    const dump = rt.store.db.prepare("SELECT doc || ' ' || COALESCE(raw, '') AS t FROM events").pluck().all().join('\n')
      + JSON.stringify(alerts);
    for (const phi of ['Patient/star', 'Patient/treated', 'MRN-0001', 'Famous']) expect(dump).not.toContain(phi);
    const raws = rt.store.db.prepare('SELECT raw FROM events').pluck().all() as string[];
    expect(raws.every((r) => r.startsWith('v1.'))).toBe(true);
  });

  it('reveals an identity only to a privacy officer with a reason, and audits it first', () => {
    const alert = rt.store.listAlerts({ detector: 'ehr.access' }).items[0]!;
    const pseudonym = alert.entities.find((e) => e.type === 'patient')!.id;
    const vault = vaultFor(tmp.dir);
    expect(() => vault.reveal(pseudonym, { id: 'ana', roles: ['analyst'] }, 'curious')).toThrow();
    const r = vault.reveal(pseudonym, { id: 'dpo', roles: ['privacy_officer'] }, 'complaint 4711');
    expect(r?.plaintext).toContain('star');
    expect(rt.store.listAudit(20)).toEqual(expect.arrayContaining([
      expect.objectContaining({ actor: 'dpo', action: 'reidentify', target: pseudonym, detail: expect.objectContaining({ reason: 'complaint 4711', found: true }) }),
    ]));
  });

  it('seals the bytes of an unreadable HL7 message in the dead letters', async () => {
    const bad = 'MSH|^~\\&|LAB|HOSP|EHR|HOSP|20260302||ORU^R01|1|P|2.5\rPID|||MRN-9999^^^HOSP^MR||Secret^Sue\rOBX|garbage';
    const res = await fetch(`${url}/api/ingest?format=hl7v2`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: bad.replace(/\\r/g, '\r') });
    expect(res.status).toBe(202);
    const dead = rt.store.listDeadLetters(10).filter((d) => d.parser === 'hl7v2');
    for (const d of dead) {
      expect(d.data.startsWith('v1.')).toBe(true);
      expect(d.data).not.toContain('MRN-9999');
      expect(d.reason).not.toContain('Secret');
    }
    const stored = rt.store.db.prepare("SELECT doc || COALESCE(raw, '') FROM events").pluck().all().join('');
    expect(stored).not.toContain('MRN-9999');
    expect(stored).not.toContain('Secret');
  });
});
