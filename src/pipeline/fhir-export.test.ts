import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { fhirResourceTypes, splitFhirExport } from './fhir-export.js';

const dir = mkdtempSync(join(tmpdir(), 'ww-fhir-split-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const OFFICIAL = '../shared/data/healthcare/fhir-auditevent-examples/auditevent/auditevent-example-breakglass-start.xml';

describe('FHIR export split', () => {
  it('names the resource types of JSON, NDJSON and XML documents, Bundles by their entries', () => {
    expect([...fhirResourceTypes('{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient"}},{"resource":{ "resourceType" : "CareTeam"}}]}')].sort()).toEqual(['CareTeam', 'Patient']);
    expect([...fhirResourceTypes('<Bundle xmlns="http://hl7.org/fhir"><entry><resource><Appointment xmlns="http://hl7.org/fhir"><id value="a"/></Appointment></resource></entry></Bundle>')]).toEqual(['Appointment']);
    expect(fhirResourceTypes('Mar  2 10:00:00 host sshd[1]: Accepted password for root').size).toBe(0);
  });

  it('sends context files to the context, AuditEvents and other logs to the event path, mixed Bundles to both', async () => {
    writeFileSync(join(dir, 'Patient.ndjson'), '{"resourceType":"Patient","id":"1"}\n{"resourceType":"Patient","id":"2"}\n');
    writeFileSync(join(dir, 'ServiceRequest.ndjson.gz'), gzipSync('{"resourceType":"ServiceRequest","id":"s1","status":"active","subject":{"reference":"Patient/1"}}\n'));
    writeFileSync(join(dir, 'audit.ndjson'), '{"resourceType":"AuditEvent","id":"a1"}\n');
    writeFileSync(join(dir, 'mixed.json'), JSON.stringify({ resourceType: 'Bundle', entry: [{ resource: { resourceType: 'AuditEvent' } }, { resource: { resourceType: 'Encounter' } }] }));
    writeFileSync(join(dir, 'auth.log'), 'Mar  2 10:00:00 host sshd[1]: Accepted password for root from 10.0.0.1 port 22 ssh2\n');
    const official = existsSync(OFFICIAL);
    if (official) copyFileSync(OFFICIAL, join(dir, 'breakglass.xml'));
    const s = await splitFhirExport([dir]);
    const names = (l: string[]) => l.map((p) => p.split('/').pop()).sort();
    expect(names(s.context)).toEqual(['Patient.ndjson', 'ServiceRequest.ndjson.gz']);
    expect(names(s.events)).toEqual(official ? ['audit.ndjson', 'auth.log', 'breakglass.xml'] : ['audit.ndjson', 'auth.log']);
    expect(names(s.both)).toEqual(['mixed.json']);
  });
});
