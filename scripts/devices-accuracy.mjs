#!/usr/bin/env node
// Device classification accuracy against the simulator's ground truth (src/simulate/world/assets.ts):
// simulate normal life (no attacks) for each seed, ingest it into a fresh store, read
// `wardwatch devices --json`, and compare each device's type with what the simulator built at that
// address. Two runs per seed: every stream the inventory reads (Zeek + device telemetry), and Zeek only
// (no self-reported identity: what a passive network sensor alone would say). Needs `npm run build`.
//   node scripts/devices-accuracy.mjs --seeds 101,202,303 --profile hospital --days 1 [--json]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: a } = parseArgs({ options: { seeds: { type: 'string', default: '101,202,303' }, profile: { type: 'string', default: 'hospital' }, days: { type: 'string', default: '1' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
if (a.help) { process.stdout.write('Usage: node scripts/devices-accuracy.mjs [--seeds 101,202,303] [--profile hospital] [--days 1] [--json]\n'); process.exit(0); }
const CLI = resolve('dist/src/cli/main.js');
const { buildWorld } = await import(resolve('dist/src/simulate/world/world.js'));

const TRUE_TYPE = { infusion_pump: 'infusion_pump', patient_monitor: 'patient_monitor', ventilator: 'ventilator', lab_analyzer: 'lab_analyser', ct_scanner: 'imaging_modality', mri: 'imaging_modality', xray: 'imaging_modality' };
const STREAMS_OFF = { full: 'auth,windows,vpn,hl7,fhir,ehr,mail', zeekOnly: 'auth,windows,vpn,hl7,fhir,ehr,mail,telemetry' };

function run(args, what) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${what} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

function truth(seed) {
  const w = buildWorld({ profile: a.profile, seed, start: Date.UTC(2026, 0, 5), days: Number(a.days) });
  const m = new Map();
  for (const d of w.devices) m.set(d.ip, TRUE_TYPE[d.type] ?? 'unknown');
  for (const s of w.servers) m.set(s.ip, s.role === 'pacs' ? 'pacs' : 'server');
  for (const ws of w.workstations) m.set(ws.ip, 'workstation');
  return m;
}

const report = { profile: a.profile, days: Number(a.days), seeds: a.seeds.split(','), modes: {} };
for (const [mode, skip] of Object.entries(STREAMS_OFF)) {
  const per = {}; // true type → { n, found, correct, predicted: {type: count} }
  let predictedAs = {}; // predicted type → { n, correct }
  for (const seed of report.seeds) {
    const tmp = mkdtempSync(join(tmpdir(), 'ww-devacc-'));
    try {
      process.stderr.write(`[${mode}] seed ${seed}: simulate…\n`);
      run(['simulate', '--profile', a.profile, '--days', a.days, '--seed', seed, '--scenarios', 'none', '--skip', skip, '--out', join(tmp, 'sim'), '--no-progress'], 'simulate');
      process.stderr.write(`[${mode}] seed ${seed}: ingest…\n`);
      // The inventory is built on the ingest path; detectors are not needed to measure it.
      writeFileSync(join(tmp, 'config.yaml'), 'detectors: []\n');
      run(['ingest', join(tmp, 'sim', 'days'), '--config', join(tmp, 'config.yaml'), '--data-dir', join(tmp, 'data'), '--no-progress', '--respond', 'off', '--workers', '1'], 'ingest');
      const devices = run(['devices', '--json', '--data-dir', join(tmp, 'data')], 'devices').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
      const byIp = new Map();
      for (const d of devices) for (const ip of d.ips) byIp.set(ip, d);
      for (const [ip, t] of truth(seed)) {
        const p = (per[t] ??= { n: 0, found: 0, correct: 0, predicted: {} });
        p.n++;
        const d = byIp.get(ip);
        if (!d) continue;
        p.found++;
        p.predicted[d.type] = (p.predicted[d.type] ?? 0) + 1;
        if (d.type === t) p.correct++;
        const q = (predictedAs[d.type] ??= { n: 0, correct: 0 });
        q.n++;
        if (d.type === t) q.correct++;
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const n = Object.values(per).reduce((s, p) => s + p.found, 0);
  const correct = Object.values(per).reduce((s, p) => s + p.correct, 0);
  report.modes[mode] = {
    accuracy: n ? +(correct / n).toFixed(4) : 0, devicesFound: n, devicesInWorld: Object.values(per).reduce((s, p) => s + p.n, 0),
    perType: Object.fromEntries(Object.entries(per).map(([t, p]) => [t, { n: p.n, found: p.found, recall: p.found ? +(p.correct / p.found).toFixed(3) : null, predicted: p.predicted, precision: predictedAs[t] ? +(predictedAs[t].correct / predictedAs[t].n).toFixed(3) : null }])),
  };
}
if (a.json) process.stdout.write(`${JSON.stringify(report)}\n`);
else {
  for (const [mode, r] of Object.entries(report.modes)) {
    process.stdout.write(`\n${mode}: accuracy ${(r.accuracy * 100).toFixed(1)}% over ${r.devicesFound}/${r.devicesInWorld} devices seen (seeds ${report.seeds.join(', ')}, ${report.profile}, ${report.days} day(s))\n`);
    for (const [t, p] of Object.entries(r.perType)) process.stdout.write(`  ${t.padEnd(18)} n=${String(p.found).padStart(4)}/${String(p.n).padEnd(4)} recall ${p.recall ?? '-'}  precision ${p.precision ?? '-'}  → ${JSON.stringify(p.predicted)}\n`);
  }
}
