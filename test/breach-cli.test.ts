import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { correlateAlerts } from '../src/incidents/index.js';
import { loadConfigObject } from '../src/pipeline/config-loader.js';
import { loadContextFiles } from '../src/pipeline/context-load.js';
import { openRuntime } from '../src/pipeline/runtime.js';
import { cli, tempDir } from './helpers.js';

/** A stored VIP-chart incident, then `wardwatch breach` and `wardwatch purge` against that data folder. */
const tmp = tempDir('ww-breach-cli-');
let incident = '';
const ctx = {
  resourceType: 'Bundle', type: 'collection',
  entry: [{ resource: { resourceType: 'Patient', id: 'star', meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'CEL' }] }, identifier: [{ system: 'urn:hosp:mrn', value: 'MRN-0001' }] } }],
};
const audit = (id: string, time: string) => JSON.stringify({
  resourceType: 'AuditEvent', id, recorded: time, action: 'R', outcome: '0',
  type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110' },
  agent: [{ requestor: true, who: { identifier: { value: 'jortiz' } } }], source: { observer: { display: 'EHR' } },
  entity: [{ what: { reference: 'Patient/star' }, type: { code: '1' } }],
});

beforeAll(async () => {
  const rt = await openRuntime(loadConfigObject({ sources: [], pipeline: { workers: 0 } }), { dataDir: tmp.dir });
  const f = join(tmp.dir, 'ctx.json');
  writeFileSync(f, JSON.stringify(ctx));
  await loadContextFiles(rt.context, tmp.dir, [f]);
  const now = Date.now();
  await rt.ingestor.ingest([audit('a1', new Date(now - 3_600_000).toISOString()), audit('a2', new Date(now - 3_000_000).toISOString())].map((data) => ({ data, source: 'test', receivedAt: now })), rt.ingestor.parser('fhir-audit'));
  await rt.detection.drain();
  incident = correlateAlerts(rt.store.alertsInOrder({})).incidents[0]!.id;
  await rt.close();
}, 240_000);
afterAll(() => tmp.cleanup());

describe('wardwatch breach and purge', () => {
  it('has --help for each sub-command', () => {
    for (const sub of [['breach', 'list'], ['breach', 'show'], ['breach', 'open'], ['breach', 'pack'], ['purge']]) {
      const r = cli([...sub, '--help']);
      expect(r.code, sub.join(' ')).toBe(0);
      expect(r.stdout).toContain('--json');
    }
  }, 300_000);

  it('opens a case, lists and shows it, writes the pack (0600) — pseudonyms only', () => {
    const o = cli(['breach', 'open', incident, '--json', '--data-dir', tmp.dir]);
    expect(o.code, o.stderr).toBe(0);
    const c = JSON.parse(o.stdout);
    expect(c).toMatchObject({ incidentId: incident, created: true, clock: { threshold: 'annual_hhs_log' } });
    expect(c.count.patients).toHaveLength(1);
    expect(c.assessment.natureAndExtent.finding).toMatch(/1 VIP/);
    const list = cli(['breach', 'list', '--json', '--data-dir', tmp.dir]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(list).toEqual([expect.objectContaining({ id: c.id, affected: 1, daysLeft: expect.any(Number) })]);
    const show = cli(['breach', 'show', c.id, '--data-dir', tmp.dir]);
    expect(show.stdout).toMatch(/1\. Nature and extent: 1 patient record/);
    expect(show.stdout).toMatch(/affected individuals/);
    const out = join(tmp.dir, 'pack.csv');
    expect(cli(['breach', 'pack', c.id, '--csv', '--out', out, '--data-dir', tmp.dir]).code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const csv = readFileSync(out, 'utf8');
    expect(csv.split('\n')[1]).toMatch(/^pt_[a-z2-7]+,2,view,/);
    expect(csv).not.toMatch(/MRN-0001|star/);
    expect(cli(['breach', 'show', 'br_0000000000000000', '--data-dir', tmp.dir]).stderr).toMatch(/no breach case br_0000000000000000/);
  }, 300_000);

  it('purges by data class, dry run first, and audits it', () => {
    const dry = JSON.parse(cli(['purge', '--dry-run', '--json', '--data-dir', tmp.dir]).stdout);
    expect(dry.dryRun).toBe(true);
    expect(dry.classes.map((c: { class: string }) => c.class)).toEqual(['events', 'rawRecords', 'alerts', 'audit', 'deadLetters']);
    expect(dry.classes.every((c: { count: number }) => c.count === 0)).toBe(true);
    const real = cli(['purge', '--data-dir', tmp.dir]);
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/Purged \(retention in days\):\n {2}events/);
  }, 300_000);
});
