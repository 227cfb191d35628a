import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BreachRepo, openBreachCase, type BreachCase } from '../src/compliance/breach/index.js';
import type { Alert } from '../src/core/alert.js';
import { loadDataset, type Dataset } from '../src/eval/dataset.js';
import { replayDataset } from '../src/eval/replay.js';
import { correlateAlerts, type Incident } from '../src/incidents/index.js';
import { parsers } from '../src/pipeline/builtins.js';
import { DEFAULT_DETECTORS, loadConfigObject } from '../src/pipeline/config-loader.js';
import { loadContextFiles } from '../src/pipeline/context-load.js';
import { openRuntime, type Runtime } from '../src/pipeline/runtime.js';
import { simulate, type IncidentLabel } from '../src/simulate/index.js';
import { tempDir } from './helpers.js';

/**
 * Measure the breach count against the simulator's ground truth: the patients on the EHR lines
 * labels.jsonl marks malicious for each insider-download and EHR-snooping incident, pseudonymised
 * by the same parsers, against the patients the breach case counts from the stored events.
 */
const sim = tempDir('ww-breach-sim-');
const data = tempDir('ww-breach-data-');
let ds: Dataset;
let rt: Runtime;
let incidents: Incident[];
const results: Array<{ label: IncidentLabel; truth: Set<string>; c?: BreachCase }> = [];

/** Distinct patient pseudonyms on a label's malicious EHR lines (CSV and FHIR AuditEvent). */
function truthOf(label: IncidentLabel): Set<string> {
  const out = new Set<string>();
  for (const r of label.malicious.lines) {
    const f = ds.manifest.files.find((x) => x.path === r.file);
    if (!f || (f.parser !== 'ehr-csv' && f.parser !== 'fhir-audit')) continue;
    const def = parsers.get(f.parser);
    const parser = def.build(rt.loaded.parserConfig[f.parser] ?? def.config.parse({}), { dataDir: data.dir });
    const lines = readFileSync(join(ds.dir, f.path), 'utf8').split('\n');
    if (f.parser === 'ehr-csv') parser.parse({ data: lines[0]!, source: `file:${f.path}`, offset: 1, receivedAt: 0 }); // the header
    for (let n = r.from; n <= r.to; n++) {
      for (const e of parser.parse({ data: lines[n - 1]!, source: `file:${f.path}`, offset: n, receivedAt: 0 })) {
        const p = e.ehr?.patient?.id;
        if (p) out.add(p);
      }
    }
  }
  return out;
}

beforeAll(async () => {
  await simulate({ profile: 'clinic', days: 7, seed: '21', scenarios: ['insider-download', 'ehr-snooping'], intensity: 0.3, out: sim.dir, corpora: false, skip: ['telemetry', 'mail'] });
  ds = loadDataset(sim.dir);
  const roster = ds.manifest.context?.length ? [{ type: 'identity.rare_login_time' }, { type: 'identity.new_source' }] : [];
  const site = ds.manifest.site ?? {};
  rt = await openRuntime(loadConfigObject({
    sources: [], store: { synchronous: 'normal', retentionDays: 36_500 }, pipeline: { workers: 0 },
    parsers: ds.manifest.parsers ?? {},
    detectors: [...DEFAULT_DETECTORS, ...roster].map((e) => ({ ...e, ...(site[e.type] ?? {}) })),
  }), { dataDir: data.dir });
  await loadContextFiles(rt.context, data.dir, (ds.manifest.context ?? []).map((f) => join(ds.dir, f)));
  await replayDataset(rt, ds);
  await rt.detection.drain();
  const alerts: Alert[] = [...rt.store.alertsInOrder({ from: '2000-01-01T00:00:00Z' })];
  incidents = correlateAlerts(alerts).incidents;
  const repo = new BreachRepo(rt.store.db);
  for (const label of ds.labels.filter((l) => l.scenario === 'insider-download' || l.scenario === 'ehr-snooping')) {
    const user = label.entities.find((e) => e.type === 'user')!.id.toLowerCase();
    const s = Date.parse(label.start);
    const e = Date.parse(label.end);
    // The incident about this label: its actor is the label's user and its alerts fall in the label's time (with an hour's slack for hourly detectors).
    const inc = incidents.find((i) => i.entities.some((x) => x.type === 'user' && x.role === 'actor' && x.id.toLowerCase() === user)
      && Date.parse(i.start) <= e + 3_600_000 && Date.parse(i.end) >= s - 3_600_000);
    const c = inc ? openBreachCase(rt.store, repo, inc, 'test:privacy-officer').case : undefined;
    results.push({ label, truth: truthOf(label), ...(c ? { c } : {}) });
  }
}, 600_000);

afterAll(async () => {
  await rt?.close();
  sim.cleanup();
  data.cleanup();
});

describe('breach cases on simulated data: patient counts against the simulator\'s labels', () => {
  it('reports the measurement', () => {
    const rows = results.map((r) => {
      const got = new Set(r.c?.count.patients ?? []);
      const hit = [...r.truth].filter((p) => got.has(p)).length;
      return `${r.label.scenario}${r.label.variant ? `/${r.label.variant}` : ''}: truth ${r.truth.size}, counted ${got.size}, both ${hit}${r.c ? '' : ' (no incident)'}`;
    });
    console.log(`breach counts (clinic, 7 days, seed 21, intensity 0.3):\n  ${rows.join('\n  ')}`);
    expect(results.some((r) => r.label.scenario === 'insider-download')).toBe(true);
    expect(results.some((r) => r.label.scenario === 'ehr-snooping')).toBe(true);
  });

  it('the insider download case counts exactly the charts the insider opened', () => {
    for (const r of results.filter((x) => x.label.scenario === 'insider-download')) {
      expect(r.c, `incident for ${r.label.id}`).toBeDefined();
      expect(r.truth.size).toBeGreaterThan(100);
      expect(new Set(r.c!.count.patients)).toEqual(r.truth);
      expect(r.c!.assessment.acquiredOrViewed.finding).toMatch(/acquired|leaving/);
    }
  });

  it('snooping cases never count a patient who was not snooped on, and miss at most what the detector missed', () => {
    const found = results.filter((x) => x.label.scenario === 'ehr-snooping' && x.c);
    expect(found.length).toBeGreaterThanOrEqual(Math.ceil(0.75 * results.filter((x) => x.label.scenario === 'ehr-snooping').length));
    let truth = 0;
    let hit = 0;
    for (const r of found) {
      const got = r.c!.count.patients;
      // Precision is exact: every counted patient is on a malicious line of this incident.
      expect(got.filter((p) => !r.truth.has(p)), `${r.label.id} ${r.label.variant}`).toEqual([]);
      truth += r.truth.size;
      hit += got.length;
    }
    // Recall: a per-access finding names only the patients the detector flagged (a second
    // neighbour it did not flag is not counted) — the privacy officer widens the count by hand.
    expect(hit / truth).toBeGreaterThanOrEqual(0.95);
    // The bulk export (no patient named by the alert) is counted from the session: exactly.
    for (const r of found.filter((x) => x.label.variant === 'bulk-export')) expect(new Set(r.c!.count.patients)).toEqual(r.truth);
  });

  it('stores, audits, and never keeps a raw patient identifier in a case', () => {
    const rows = rt.store.db.prepare('SELECT doc FROM breach_cases').pluck().all() as string[];
    expect(rows.length).toBe(results.filter((r) => r.c).length);
    for (const d of rows) for (const p of (JSON.parse(d) as BreachCase).count.patients) expect(p).toMatch(/^pt_/);
    const audits = rt.store.listAudit(1000).filter((a) => a.action === 'breach_open');
    expect(audits.length).toBe(rows.length);
  });
});
