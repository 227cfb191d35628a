import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirAuditLine } from '../src/simulate/formats/ehr.js';
import { cli, DATA, tempDir } from './helpers.js';

// A FHIR R4 export folder as a bulk $export writes it: one NDJSON file per resource type, AuditEvents beside the context.
const nd = (rs: object[]) => rs.map((r) => `${JSON.stringify(r)}\n`).join('');
const T = Date.parse('2026-03-02T10:00:00Z');
const OFFICIAL = join(DATA, 'healthcare/fhir-auditevent-examples/auditevent/audit-event-example-vread.xml');

describe('wardwatch ingest of a FHIR export folder (context + AuditEvents in one step)', () => {
  const tmp = tempDir('ww-fhir-export-');
  const data = join(tmp.dir, 'data');
  const exp = join(tmp.dir, 'export');
  let run: ReturnType<typeof cli>;
  beforeAll(() => {
    mkdirSync(exp, { recursive: true });
    writeFileSync(join(exp, 'Organization.ndjson'), nd([
      { resourceType: 'Organization', id: 'cardio', name: 'Cardiology', type: [{ coding: [{ code: 'dept' }] }] },
      { resourceType: 'Organization', id: 'reg', name: 'Patient Access' },
    ]));
    writeFileSync(join(exp, 'Practitioner.ndjson'), nd([
      { resourceType: 'Practitioner', id: 'p1', identifier: [{ system: 'urn:ad:hosp.example', value: 'jdoe' }], name: [{ family: 'Doe', given: ['Jan'] }] },
    ]));
    writeFileSync(join(exp, 'PractitionerRole.ndjson'), nd([
      { resourceType: 'PractitionerRole', id: 'p1-role', practitioner: { reference: 'Practitioner/p1' }, organization: { reference: 'Organization/cardio' }, code: [{ text: 'Registered Nurse' }], period: { start: '2024-01-01' } },
    ]));
    writeFileSync(join(exp, 'Patient.ndjson'), nd([
      { resourceType: 'Patient', id: 'pt-a', name: [{ family: 'Alpha', given: ['Ann'] }], birthDate: '1970-01-01' },
      { resourceType: 'Patient', id: 'pt-star', meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'CEL' }] }, name: [{ family: 'Star', given: ['Sam'] }] },
    ]));
    writeFileSync(join(exp, 'Encounter.ndjson'), nd([
      { resourceType: 'Encounter', id: 'enc-1', status: 'in-progress', class: { code: 'IMP' }, subject: { reference: 'Patient/pt-a' }, period: { start: '2026-03-01T08:00:00Z' },
        participant: [{ type: [{ coding: [{ code: 'ATND' }] }], individual: { reference: 'Practitioner/p1' } }], serviceProvider: { reference: 'Organization/cardio' } },
    ]));
    writeFileSync(join(exp, 'Appointment.ndjson'), nd([
      { resourceType: 'Appointment', id: 'ap-1', status: 'booked', start: '2026-03-03T09:00:00Z', end: '2026-03-03T09:30:00Z', participant: [{ actor: { reference: 'Patient/pt-a' } }, { actor: { reference: 'Practitioner/p1' } }] },
    ]));
    writeFileSync(join(exp, 'AuditEvent.ndjson'), [
      fhirAuditLine({ t: T, id: 'ae-1', agent: 'jdoe', agentType: 'staff', app: 'EHR', sourceIp: '10.1.2.3', patient: 'pt-a', action: 'R', resource: 'Observation', purpose: 'TREAT' }),
      fhirAuditLine({ t: T + 60_000, id: 'ae-2', agent: 'jdoe', agentType: 'staff', app: 'EHR', sourceIp: '10.1.2.3', patient: 'pt-star', action: 'R', resource: 'Observation', purpose: 'TREAT' }),
    ].join('\n') + '\n');
    if (existsSync(OFFICIAL)) copyFileSync(OFFICIAL, join(exp, 'official-vread.xml'));
    // A broken context file: reported and kept as a dead letter, the rest still loaded.
    writeFileSync(join(exp, 'Patient-part2.ndjson'), '{"resourceType":"Patient","id":"pt-b"}\n{"resourceType":"Patient", broken\n');
    run = cli(['ingest', '-d', data, '--json', exp]);
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('loads the context files before the events and reports both', () => {
    const out = JSON.parse(run.stdout) as { context: { files: number; patients: number; staff: number; relationships: number; failed: Array<{ path: string; reason: string }> }; events: number; failed: number; deadLetters: number; perFile: Array<{ path: string; format?: string }> };
    expect(out.context.files).toBe(6);
    expect(out.context.patients).toBe(2);
    expect(out.context.staff).toBe(1);
    expect(out.context.relationships).toBe(2); // the encounter's attending and the appointment
    // Only the AuditEvent files went through the event path.
    expect(out.perFile.map((f) => f.path.split('/').pop()).sort()).toEqual(existsSync(OFFICIAL) ? ['AuditEvent.ndjson', 'official-vread.xml'] : ['AuditEvent.ndjson']);
    expect(out.events).toBe(existsSync(OFFICIAL) ? 3 : 2);
    // The broken file is named with the line, kept as a dead letter, and makes the exit status 1.
    expect(out.context.failed.map((f) => f.path.split('/').pop())).toEqual(['Patient-part2.ndjson']);
    expect(out.context.failed[0]!.reason).toMatch(/line 2/);
    expect(out.failed).toBe(1);
    expect(out.deadLetters).toBeGreaterThanOrEqual(1);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toMatch(/Alpha|Star/);
  });

  it('explains the treated patient from the loaded context and alerts on the VIP record', { timeout: 180_000 }, () => {
    const stats = JSON.parse(cli(['context', 'stats', '-d', data, '--json']).stdout) as { patients: number; staff: number; relationships: number };
    expect(stats).toMatchObject({ patients: 2, staff: 1, relationships: 2 });
    // One JSON object per line.
    const alerts = cli(['alerts', '-d', data, '--json']).stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { title: string });
    const ehr = alerts.filter((a) => /jdoe/.test(a.title));
    expect(ehr.map((a) => a.title)).toEqual([expect.stringMatching(/^VIP record: jdoe opened patient pt_/)]);
  });

  it('still lets --format force every file through one parser', { timeout: 180_000 }, () => {
    const r = cli(['ingest', '-d', join(tmp.dir, 'data2'), '--json', '--format', 'fhir-audit', join(exp, 'Patient.ndjson')]);
    const out = JSON.parse(r.stdout) as { context?: unknown; failed: number };
    expect(out.context).toBeUndefined();
    expect(out.failed).toBe(1);
  });
});
