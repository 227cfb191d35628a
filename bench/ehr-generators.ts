/**
 * EHR privacy monitoring on hospitals it has never seen: the detector's current numbers per generator.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/ehr-generators.js   # writes bench/results/ehr-generators.json
 *
 * Runs, each scored with the existing `wardwatch eval` path (evaluate()) and `ehr.access` + `ehr.behaviour`:
 * - the main simulator, clinic profile, three seeds never used in development (roles, unlinked work and FHIR
 *   shape drawn per seed), EHR scenarios only;
 * - the main simulator, hospital profile, one unseen seed (a short run: 1,500 staff);
 * - the Synthea-based hospital (`--generator synthea`), one seed.
 * Environment: EHR_GEN_DAYS (clinic/synthea days, default 7), EHR_GEN_HOSPITAL_DAYS (2; 0 skips it),
 * EHR_GEN_SEEDS (clinic seeds, default 2101,2102,2103).
 * Per run: privacy violations detected (T1213 incidents found by either detector), false alerts per 100
 * staff per day (both detectors), share of legitimate accesses explained, and the site style drawn.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate, type EvalReport } from '../src/eval/index.js';
import { simulate, simulateSyntheaHospital, type ProfileName } from '../src/simulate/index.js';

const days = Number(process.env.EHR_GEN_DAYS ?? 7);
const hospitalDays = Number(process.env.EHR_GEN_HOSPITAL_DAYS ?? 2);
const seeds = (process.env.EHR_GEN_SEEDS ?? '2101,2102,2103').split(',').map((s) => s.trim()).filter(Boolean);
const DETECTORS = ['ehr.access', 'ehr.behaviour'];
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
// Streams no EHR detector reads: left out of generation to keep the runs short.
const SKIP = ['auth', 'windows', 'vpn', 'zeek-conn', 'zeek-dns', 'zeek-http', 'telemetry', 'mail'] as const;

interface Row {
  generator: string; profile: string; seed: string; days: number; staff: number;
  violations: { labelled: number; detected: number; missed: string[] };
  falseAlerts: number; falseAlertsPer100StaffPerDay: number;
  explainedShare: number | null; unexplainedByRole: Record<string, number>;
  alertsByDetector: Record<string, { alerts: number; falseAlerts: number }>;
  style?: unknown; seconds: number;
}

function row(generator: string, r: EvalReport, style: unknown, seconds: number): Row {
  const ehr = r.scenarios.filter((s) => s.name === 'ehr-snooping' || s.name === 'insider-download' || s.name === 'drug-diversion');
  const falseAlerts = DETECTORS.reduce((n, d) => n + (r.detectors[d]?.falseAlerts ?? 0), 0);
  return {
    generator, profile: r.dataset.profile, seed: r.dataset.seed, days: r.dataset.days, staff: r.dataset.users,
    violations: { labelled: ehr.length, detected: ehr.filter((s) => s.detected).length, missed: ehr.filter((s) => !s.detected).map((s) => `${s.id} ${s.name}${s.variant ? `/${s.variant}` : ''}`) },
    falseAlerts,
    falseAlertsPer100StaffPerDay: Number(((falseAlerts / r.dataset.days / r.dataset.users) * 100).toFixed(3)),
    explainedShare: r.ehrCoverage?.rate ?? null,
    unexplainedByRole: r.ehrCoverage?.unexplainedByRole ?? {},
    alertsByDetector: Object.fromEntries(DETECTORS.map((d) => [d, { alerts: r.detectors[d]?.alerts ?? 0, falseAlerts: r.detectors[d]?.falseAlerts ?? 0 }])),
    ...(style ? { style } : {}),
    seconds: Number(seconds.toFixed(1)),
  };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const runSim = async (profile: ProfileName, seed: string, n: number) => {
    const out = mkdtempSync(join(tmpdir(), `ww-ehrgen-${profile}-`));
    const t0 = Date.now();
    try {
      log(`simulate ${profile} seed ${seed}, ${n} days`);
      const sim = await simulate({ profile, days: n, seed, scenarios: ['ehr-snooping', 'insider-download'], out, corpora: false, skip: [...SKIP] });
      log(`eval ${profile} seed ${seed}`);
      const r = await evaluate({ dataset: out, detectors: DETECTORS });
      rows.push(row('sim', r, sim.manifest.style, (Date.now() - t0) / 1000));
      log(JSON.stringify(rows.at(-1)!.violations) + ` false/100 staff/day ${rows.at(-1)!.falseAlertsPer100StaffPerDay}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  };
  for (const seed of seeds) await runSim('clinic', seed, days);
  if (hospitalDays > 0) await runSim('hospital', seeds[0] ?? '2101', hospitalDays);
  const out = mkdtempSync(join(tmpdir(), 'ww-ehrgen-synthea-'));
  try {
    const t0 = Date.now();
    log(`simulate synthea seed ${seeds[0] ?? '2101'}, ${days} days`);
    const sim = await simulateSyntheaHospital({ seed: seeds[0] ?? '2101', days, out });
    const r = await evaluate({ dataset: out, detectors: DETECTORS });
    rows.push(row('synthea', r, sim.manifest.style, (Date.now() - t0) / 1000));
    log(JSON.stringify(rows.at(-1)!.violations) + ` false/100 staff/day ${rows.at(-1)!.falseAlertsPer100StaffPerDay}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const per = (g: string) => {
    const rs = rows.filter((r) => r.generator === g);
    const labelled = rs.reduce((n, r) => n + r.violations.labelled, 0);
    const detected = rs.reduce((n, r) => n + r.violations.detected, 0);
    const staffDays = rs.reduce((n, r) => n + r.staff * r.days, 0);
    const fa = rs.reduce((n, r) => n + r.falseAlerts, 0);
    return { runs: rs.length, violationsDetected: `${detected}/${labelled}`, detectedShare: labelled ? Number((detected / labelled).toFixed(3)) : null, falseAlertsPer100StaffPerDay: Number(((fa / staffDays) * 100).toFixed(3)) };
  };
  const results = {
    when: new Date().toISOString(),
    machine: { cpus: cpus().length, loadAverage1m: loadavg()[0], node: process.versions.node },
    detectors: DETECTORS,
    targets: { detectedShare: 0.95, falseAlertsPer100StaffPerDay: 1, explainedShare: 0.94 },
    note: 'Detector as on this branch (no mined explanations yet): the baseline the mined-template work is measured against.',
    summary: { sim: per('sim'), synthea: per('synthea') },
    runs: rows,
  };
  writeFileSync(join('bench', 'results', 'ehr-generators.json'), `${JSON.stringify(results, null, 2)}\n`);
  log('wrote bench/results/ehr-generators.json');
}

await main();
