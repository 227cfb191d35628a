/**
 * Windows coverage of the DEFAULT configuration: every public attack recording under
 * ../shared/data/windows (evtx-to-mitre-attack, OTRF atomic Windows) is ingested through the
 * same path as `wardwatch ingest` (openRuntime + ingestFiles, format auto, default detectors),
 * and a recording counts as alerted when it raises at least one medium-or-higher alert.
 * False alerts per day: OTRF recordings carry the lab's background; an alert whose ATT&CK
 * techniques share no technique with the recording's labels (or that names none) is counted as
 * a false alert on that background, over the recording's time span.
 * Also compares ingest throughput with the shipped SigmaHQ set on and off.
 *
 * Run: npx tsc -p tsconfig.build.json && node dist/bench/windows-coverage.js [--data ../shared/data]
 *      [--out bench/results] [--limit N] [--variants default,no-sigmahq]
 * Writes bench/results/windows-coverage.json.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Alert } from '../src/core/alert.js';
import { DEFAULT_DETECTORS, loadConfigObject } from '../src/pipeline/config-loader.js';
import { ingestFiles } from '../src/pipeline/file-ingest.js';
import { openRuntime } from '../src/pipeline/runtime.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { windowsRecordings, type Recording } from './windows-data.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = existsSync(join(here, '..', 'package.json')) ? resolve(here, '..') : resolve(here, '..', '..');
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const DATA = resolve(arg('--data') ?? join(repoRoot, '..', 'shared', 'data'));
const OUT = resolve(arg('--out') ?? join(repoRoot, 'bench', 'results'));
const LIMIT = Number(arg('--limit') ?? Infinity);
const VARIANTS = (arg('--variants') ?? 'default,no-sigmahq').split(',');

const RANK: Record<string, number> = { info: 0, informational: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** Per-recording outcome. */
export interface RecordingResult {
  name: string;
  set: string;
  tactic: string;
  techniques: string[];
  events: number;
  alerts: number;
  mediumPlus: number;
  offLabelMediumPlus: number;
  spanHours: number;
  top: string[];
}

function parentTechniques(ts: string[] | undefined): Set<string> {
  return new Set((ts ?? []).map((t) => t.toUpperCase().split('.')[0]!));
}

/**
 * Ingest each recording through one runtime built from `config` and report per-recording alerts.
 *
 * @example
 * await coverage(recordings, { sources: [] })
 */
export async function coverage(recordings: Recording[], config: Record<string, unknown>): Promise<{ results: RecordingResult[]; openMs: number; seconds: number; events: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ww-wincov-'));
  try {
    const t0 = performance.now();
    const rt = await openRuntime(loadConfigObject(config), { dataDir, log: () => {} });
    const openMs = performance.now() - t0;
    const results: RecordingResult[] = [];
    let seconds = 0;
    let events = 0;
    // The store keeps one alert per rule and real event (EventRecordID); the GLOBAL recordings
    // repeat records of the single-technique ones. Each recording is judged as if ingested
    // alone: stored alerts are cleared between recordings (a second connection; WAL mode).
    const db = new Database(join(dataDir, 'wardwatch.db'));
    try {
      for (const rec of recordings) {
        db.prepare('DELETE FROM alerts').run();
        const got: Alert[] = [];
        const off = rt.onAlerts((a) => got.push(...a));
        let s;
        try {
          s = await ingestFiles(rt, [rec.file], { format: 'auto' });
        } finally {
          off();
        }
        seconds += s.seconds;
        events += s.events;
        const labels = parentTechniques(rec.techniques);
        const medium = got.filter((a) => (RANK[a.severity] ?? 2) >= 2);
        const offLabel = medium.filter((a) => ![...parentTechniques(a.techniques)].some((t) => labels.has(t)));
        const span = await spanOf(rec);
        const titles = new Map<string, number>();
        for (const a of medium) titles.set(a.title, (titles.get(a.title) ?? 0) + 1);
        results.push({
          name: rec.name, set: rec.set, tactic: rec.tactic, techniques: rec.techniques,
          events: s.events, alerts: got.length, mediumPlus: medium.length, offLabelMediumPlus: offLabel.length,
          spanHours: span,
          top: [...titles].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([t, n]) => `${t} ×${n}`),
        });
        if (results.length % 25 === 0) process.stderr.write(`  ${results.length}/${recordings.length}\n`);
      }
    } finally {
      db.close();
      await rt.close();
    }
    return { results, openMs, seconds, events };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Time span of a recording's events (hours), read back with the Windows reader. */
async function spanOf(rec: Recording): Promise<number> {
  const { readEventFile } = await import('../src/cli/sigma.js');
  const ts = readEventFile(rec.file).events.map((e) => Date.parse(e['@timestamp'])).filter(Number.isFinite);
  if (ts.length < 2) return 0;
  return (Math.max(...ts) - Math.min(...ts)) / 3_600_000;
}

function summarise(results: RecordingResult[]): Record<string, unknown> {
  const bySet: Record<string, { recordings: number; alerted: number; share: number }> = {};
  const byTactic: Record<string, { recordings: number; alerted: number }> = {};
  for (const r of results) {
    const s = (bySet[r.set] ??= { recordings: 0, alerted: 0, share: 0 });
    s.recordings++;
    if (r.mediumPlus > 0) s.alerted++;
    const t = (byTactic[r.tactic || '(none)'] ??= { recordings: 0, alerted: 0 });
    t.recordings++;
    if (r.mediumPlus > 0) t.alerted++;
  }
  for (const s of Object.values(bySet)) s.share = Number((s.alerted / s.recordings).toFixed(4));
  const alerted = results.filter((r) => r.mediumPlus > 0).length;
  const otrf = results.filter((r) => r.set === 'otrf-security-datasets');
  const hours = otrf.reduce((s, r) => s + r.spanHours, 0);
  const off = otrf.reduce((s, r) => s + r.offLabelMediumPlus, 0);
  return {
    recordings: results.length,
    alerted,
    share: Number((alerted / Math.max(1, results.length)).toFixed(4)),
    bySet,
    byTactic,
    benignBackground: {
      definition: 'OTRF recordings: medium+ alerts whose ATT&CK techniques do not overlap the recording\'s labelled techniques (or name none), over the summed time span of the recordings',
      recordings: otrf.length,
      hours: Number(hours.toFixed(2)),
      offLabelAlerts: off,
      falseAlertsPerDay: hours > 0 ? Number(((off / hours) * 24).toFixed(1)) : null,
    },
    missed: results.filter((r) => r.mediumPlus === 0).map((r) => r.name.replace(/^windows\//, '')),
  };
}

async function main(): Promise<void> {
  const recordings = windowsRecordings(DATA).slice(0, LIMIT);
  if (!recordings.length) {
    process.stderr.write(`no Windows recordings under ${DATA}/windows: nothing to measure\n`);
    return;
  }
  const out: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, data: DATA, recordings: recordings.length };
  for (const v of VARIANTS) {
    // default: what a fresh install runs. no-sigmahq: the same without the shipped SigmaHQ set
    // (the configuration before it shipped), for the throughput and coverage comparison.
    const detectors = v === 'no-sigmahq'
      ? DEFAULT_DETECTORS.map((d) => (d.type === 'sigma' ? { ...d, rules: [join(PACKAGE_ROOT, 'rules/healthcare')] } : d))
      : undefined;
    process.stderr.write(`variant ${v}: ${recordings.length} recordings\n`);
    const cpu0 = process.cpuUsage();
    const r = await coverage(recordings, detectors ? { sources: [], detectors } : { sources: [] });
    const cpu = process.cpuUsage(cpu0);
    out[v] = {
      ...summarise(r.results),
      runtimeOpenMs: Math.round(r.openMs),
      ingest: { events: r.events, seconds: Number(r.seconds.toFixed(2)), eventsPerSecond: Math.round(r.events / Math.max(r.seconds, 1e-9)), mainThreadCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)) },
      perRecording: r.results,
    };
  }
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, 'windows-coverage.json');
  writeFileSync(file, `${JSON.stringify(out, null, 1)}\n`);
  const d = out.default as { share?: number; alerted?: number; recordings?: number } | undefined;
  process.stdout.write(`${file}: ${d?.alerted}/${d?.recordings} recordings alerted (${d?.share})\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
