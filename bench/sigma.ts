/**
 * Sigma engine benchmark: load time of the Windows rule set and evaluation throughput over the
 * Windows corpora in ../shared/data/windows. Writes bench/results/sigma.json.
 *
 * Run: npm run build && node dist/bench/sigma.js [--limit N] [--data ../shared/data] [--out bench/results]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { WardEvent } from '../src/core/event.js';
import { SigmaEngine } from '../src/detect/sigma/engine.js';
import { eventLogSource } from '../src/detect/sigma/logsource.js';
import { loadRuleDirs } from '../src/detect/sigma/ruleset.js';
import { windowsEvent, windowsShape } from '../src/parsers/windows/index.js';

const here = dirname(fileURLToPath(import.meta.url));
// Works from bench/ (sources) and dist/bench/ (built).
const repoRoot = existsSync(join(here, '..', 'package.json')) ? resolve(here, '..') : resolve(here, '..', '..');
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const DATA = resolve(arg('--data') ?? join(repoRoot, '..', 'shared', 'data'));
const OUT = resolve(arg('--out') ?? join(repoRoot, 'bench', 'results'));

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.json.gz') || p.endsWith('.jsonl.gz')) out.push(p);
  }
  return out;
}

/** OTRF file → labelled ATT&CK techniques (whole-file labels from index.csv). */
function otrfLabels(dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const p = join(dir, 'index.csv');
  if (!existsSync(p)) return out;
  const [head, ...rows] = readFileSync(p, 'utf8').split('\n');
  const cols = (head ?? '').split(',');
  const ti = cols.indexOf('techniques');
  const si = cols.indexOf('staged_file');
  for (const r of rows) {
    const c = r.split(',');
    if (c[si]) out.set(join(dir, c[si]!), (c[ti] ?? '').split(' ').filter(Boolean));
  }
  return out;
}

function readEvents(files: string[], labels?: Map<string, string[]>): { events: WardEvent[]; skipped: number } {
  const events: WardEvent[] = [];
  let skipped = 0;
  for (const f of files) {
    const fileLabels = labels?.get(f);
    const text = gunzipSync(readFileSync(f)).toString('utf8');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const o: unknown = JSON.parse(line);
        if (!windowsShape(o)) {
          skipped++;
          continue;
        }
        const e = windowsEvent(o) as WardEvent;
        e.event.id = `b${events.length}`;
        if (fileLabels) e.labels = { ...e.labels, 'bench.techniques': fileLabels.join(' ') };
        events.push(e);
      } catch {
        skipped++;
      }
    }
  }
  return { events, skipped };
}

/**
 * Start-up cost of the shipped set (rules/sigmahq, curation honoured) as a fresh data directory
 * pays it: a new process loads it with the build's pre-parsed bundle and, for comparison, by
 * parsing every YAML file. CPU time of the load inside the child (the machine is shared).
 */
function startup(): Record<string, unknown> | undefined {
  const ruleset = join(here, '..', 'src', 'detect', 'sigma', 'ruleset.js');
  const shipped = join(repoRoot, 'rules', 'sigmahq');
  if (!existsSync(ruleset) || !existsSync(shipped)) return undefined;
  const run = (bundle: boolean): { cpuMs: number; rules: number; files: number } => {
    const code = `const { loadRuleDirs } = await import(${JSON.stringify(ruleset)});
const c0 = process.cpuUsage();
const set = loadRuleDirs([${JSON.stringify(shipped)}]${bundle ? '' : ', { bundle: false }'});
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ cpuMs: Math.round((c.user + c.system) / 1000), rules: set.rules.length, files: set.stats.files }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').pop()!) as { cpuMs: number; rules: number; files: number };
  };
  const yaml = run(false);
  const bundled = run(true);
  return { set: 'rules/sigmahq', files: yaml.files, rules: yaml.rules, yamlCpuMs: yaml.cpuMs, bundleCpuMs: bundled.cpuMs, bundleRules: bundled.rules, bundlePresent: existsSync(join(repoRoot, 'dist', 'sigma-rules.bundle.json')) };
}

/** The machine's ceiling: line split + JSON.parse of the same events' text, per CPU-second. */
function jsonParseCeiling(lines: string[]): number {
  for (const l of lines.slice(0, 2000)) JSON.parse(l);
  const c0 = process.cpuUsage();
  let n = 0;
  for (let r = 0; r < 3; r++) for (const l of lines) if (JSON.parse(l) !== null) n++;
  const c = process.cpuUsage(c0);
  return Math.round(n / ((c.user + c.system) / 1e6));
}

async function main(): Promise<void> {
  if (!existsSync(join(DATA, 'sigma', 'rules'))) {
    console.error(`shared data not found at ${DATA}; nothing to benchmark`);
    process.exit(0);
  }
  const limit = arg('--limit') ? Number(arg('--limit')) : Infinity;
  const rulesRoot = join(DATA, 'sigma', 'rules');
  const t0 = performance.now();
  const set = loadRuleDirs(['rules', 'rules-emerging-threats', 'rules-threat-hunting'].map((d) => join(rulesRoot, d)));
  const windowsRules = set.rules.filter((r) => r.doc.logsource.product === 'windows');
  const engine = new SigmaEngine(windowsRules, set.table);
  const loadMs = performance.now() - t0;
  const loadCpu = process.cpuUsage();

  const corpora: Record<string, string> = {
    'evtx-to-mitre-attack': join(DATA, 'windows', 'evtx-to-mitre-attack', 'data'),
    'otrf-security-datasets': join(DATA, 'windows', 'otrf-security-datasets', 'data', 'atomic', 'windows'),
  };
  const results: Record<string, unknown> = {};
  let allEvents: WardEvent[] = [];
  for (const [name, dir] of Object.entries(corpora)) {
    const labels = name.startsWith('otrf') ? otrfLabels(join(DATA, 'windows', 'otrf-security-datasets')) : undefined;
    const { events, skipped } = readEvents(walk(dir), labels);
    allEvents = allEvents.concat(events.slice(0, limit));
    results[name] = { events: events.length, skipped };
  }
  // Warm-up: builds the log-source buckets and lets the JIT settle.
  for (const e of allEvents.slice(0, 2000)) engine.match(e, false);

  const perEvent = new Float64Array(allEvents.length);
  let matches = 0;
  const byRule = new Map<string, number>();
  // OTRF recordings are labelled per file only: a match whose rule names the file's technique
  // (or its parent) counts as on-label; the others are background detections (candidate FPs).
  let otrfEvents = 0;
  let onLabel = 0;
  let offLabel = 0;
  const offByRule = new Map<string, number>();
  const offByLevel = new Map<string, number>();
  const tStart = performance.now();
  for (let i = 0; i < allEvents.length; i++) {
    const a = performance.now();
    const m = engine.match(allEvents[i]!, false);
    perEvent[i] = performance.now() - a;
    matches += m.length;
    for (const x of m) byRule.set(x.rule.doc.title, (byRule.get(x.rule.doc.title) ?? 0) + 1);
    const lab = allEvents[i]!.labels?.['bench.techniques'];
    if (lab !== undefined) {
      otrfEvents++;
      const want = lab.split(' ').map((t) => t.toLowerCase().split('.')[0]!);
      for (const x of m) {
        const tags = x.rule.doc.tags.filter((t) => /^attack\.t\d/.test(t)).map((t) => t.slice(7).split('.')[0]!);
        if (tags.some((t) => want.includes(t))) onLabel++;
        else {
          offLabel++;
          offByRule.set(x.rule.doc.title, (offByRule.get(x.rule.doc.title) ?? 0) + 1);
          const lvl = x.rule.doc.level ?? 'unset';
          offByLevel.set(lvl, (offByLevel.get(lvl) ?? 0) + 1);
        }
      }
    }
  }
  const elapsed = performance.now() - tStart;
  // Throughput without the per-event timer.
  // CPU time as well as wall time: on a shared machine the wall clock includes other jobs.
  const t2 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const e of allEvents) engine.match(e, false);
  const cpu = process.cpuUsage(cpu0);
  const elapsedPlain = performance.now() - t2;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const sorted = Array.from(perEvent).sort((x, y) => x - y);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const buckets = new Map<string, number>();
  for (const e of allEvents) {
    const ls = eventLogSource(e);
    const k = `${ls.services.join(',')}/${ls.categories.join(',')}`;
    buckets.set(k, (buckets.get(k) ?? 0) + 1);
  }
  const ceiling = jsonParseCeiling(allEvents.map((e) => JSON.stringify(e.raw)));
  const start = startup();
  const out = {
    date: new Date().toISOString(),
    node: process.version,
    loadAverage: (await import('node:os')).loadavg(),
    rules: { loadedAll: set.rules.length, windows: windowsRules.length, loadMs: Math.round(loadMs), loadCpuMs: Math.round((loadCpu.user + loadCpu.system) / 1000), issues: set.issues.filter((i) => i.severity === 'error').length },
    corpora: results,
    events: allEvents.length,
    eventsPerSecond: Math.round(allEvents.length / (elapsedPlain / 1000)),
    eventsPerCpuSecond: Math.round(allEvents.length / (cpuMs / 1000)),
    jsonParseCeilingPerCpuSecond: ceiling,
    startup: start,
    eventsPerSecondTimed: Math.round(allEvents.length / (elapsed / 1000)),
    latencyMs: { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: sorted[sorted.length - 1] ?? 0 },
    rulesEvaluatedPerEvent: engine.stats.evaluated / engine.stats.events,
    matches,
    matchesPer1000Events: (matches / allEvents.length) * 1000,
    otrfBackground: {
      events: otrfEvents,
      onLabelMatches: onLabel,
      offLabelMatches: offLabel,
      offLabelPer1000Events: otrfEvents ? (offLabel / otrfEvents) * 1000 : 0,
      offLabelByLevel: Object.fromEntries(offByLevel),
      topOffLabelRules: [...offByRule.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15),
    },
    topRules: [...byRule.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15),
    eventsByLogSource: Object.fromEntries([...buckets.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)),
  };
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'sigma.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(JSON.stringify(out, null, 2));
}

await main();
