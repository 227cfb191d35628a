import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pseudonymiserFor } from '../../enrich/pseudonymise/index.js';
import { readFhirContext } from '../../parsers/fhir-context/index.js';
import { contextFromFhir } from '../../pipeline/context-load.js';
import { SYNTHEA_DIR } from '../world/synthea.js';
import { simulateSyntheaHospital } from './generate.js';

const present = existsSync(join(SYNTHEA_DIR, 'encounters.csv.gz')) || existsSync(join(SYNTHEA_DIR, 'encounters.csv'));
if (!present) console.warn(`skipping the Synthea hospital tests: ${SYNTHEA_DIR} is absent`);
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'ww-synthea-'));
  dirs.push(d);
  return d;
};
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe.skipIf(!present)('Synthea-based hospital generator', () => {
  it('is deterministic per seed, writes FHIR context and AuditEvents, and labels exactly the violating lines', async () => {
    const a = tmp();
    const r = await simulateSyntheaHospital({ seed: '5', days: 6, out: a });
    const b = tmp();
    await simulateSyntheaHospital({ seed: '5', days: 6, out: b });
    for (const f of [...r.manifest.files.map((x) => x.path), 'labels.jsonl', ...r.manifest.context!]) {
      expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    }
    // The context reads back through the same loader `context load` and `ingest` use.
    const records = r.manifest.context!.flatMap((f) => readFhirContext(readFileSync(join(a, f), 'utf8'), pseudonymiserFor(tmp())).records);
    const loaded = contextFromFhir(records, new Map(records.flatMap((x) => (x.kind === 'organization' && x.name ? [[x.id, x.name] as [string, string]] : []))));
    expect(loaded.patients.length).toBe(r.manifest.world.patients);
    expect(new Set(loaded.staff.map((s) => s.id)).size).toBe(r.manifest.world.staff);
    expect(loaded.patients.filter((p) => p.vip).length).toBeGreaterThan(0);
    expect(loaded.relationships.length).toBeGreaterThan(100);
    expect(loaded.staff.some((s) => s.patientId)).toBe(true);
    // Synthea's providers are staff, and the departments are Synthea's organizations.
    const orgs = readFileSync(join(a, 'context/Organization.ndjson'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { name: string }).name);
    const synthOrgs = readFileSync(join(SYNTHEA_DIR, 'organizations.csv'), 'utf8');
    for (const name of orgs) expect(synthOrgs).toContain(name);
    // Each label points at AuditEvents by its user only.
    expect(r.labels.map((l) => l.variant).sort()).toEqual(expect.arrayContaining(['coworker', 'vip', 'no-relationship']));
    for (const l of r.labels) {
      const user = l.entities.find((e) => e.type === 'user')!.id;
      for (const range of l.malicious.lines) {
        const lines = readFileSync(join(a, range.file), 'utf8').split('\n');
        for (let i = range.from; i <= range.to; i++) {
          const ev = JSON.parse(lines[i - 1]!) as { resourceType: string; agent: Array<{ who: { identifier: { value: string } } }> };
          expect(ev.resourceType).toBe('AuditEvent');
          expect(ev.agent[0]!.who.identifier.value).toBe(user);
        }
      }
    }
    const c = await simulateSyntheaHospital({ seed: '6', days: 6, out: tmp() });
    expect(c.manifest.totalRecords).not.toBe(r.manifest.totalRecords);
  }, 120_000);

  it('names the Synthea folder when a file is missing', async () => {
    await expect(simulateSyntheaHospital({ seed: '1', days: 2, out: tmp(), syntheaDir: tmp() })).rejects.toThrow(/patients\.csv/);
  });
});
