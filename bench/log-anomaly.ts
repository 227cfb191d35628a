/**
 * `logs.anomaly` throughput and bounds, on one thread, plus its alerts on benign Loghub logs.
 *
 *   npx tsc -p tsconfig.build.json && node --expose-gc dist/bench/log-anomaly.js   # writes bench/results/log-anomaly.json
 *
 * 1. Throughput: the ten Loghub 2k systems as syslog events (host + program from each header),
 *    replayed BENCH_ROUNDS (10) times with times shifted so each round comes after the last; lines
 *    per second through accepts → key → process with the default config (what one shard worker does);
 *    best and median of BENCH_REPS (5) runs by the clock, and the median per CPU second of the process
 *    (user + system: what the lines cost one core, however loaded the machine is). Then the HDFS sample alone, 10 × BENCH_ROUNDS rounds, with
 *    sessions on (block ids, `sessionPattern`).
 * 2. Flood: 100,000 unique lines on one host+program after warm-up: alerts raised, templates kept,
 *    evictions, tree nodes, heap growth and lines per second.
 * 3. Alerts on benign logs: each system replayed once with (a) the shipped warm-up and (b) a 200-line,
 *    no-time warm-up so the 2k samples have lines to score; alerts per finding and per 1,000 scored lines.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { AlertDraft } from '../src/core/alert.js';
import type { WardEvent } from '../src/core/event.js';
import { LogAnomalyDetector, logAnomalyConfig } from '../src/detect/log-anomaly/index.js';
import { loghubEvents } from '../src/eval/datasets/loghub-events.js';
import { LOGHUB_SETTINGS } from '../src/eval/datasets/loghub-parsing.js';
import { defaultDataDir } from '../src/eval/datasets/paths.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
const dataDir = defaultDataDir();
const log = (m: string) => process.stderr.write(`[log-anomaly] ${m}\n`);
const gc = (globalThis as { gc?: () => void }).gc;

function run(det: LogAnomalyDetector, events: WardEvent[]): AlertDraft[] {
  const out: AlertDraft[] = [];
  const emit = (a: AlertDraft) => { out.push(a); };
  for (const e of events) {
    if (!det.accepts(e)) continue;
    const k = det.key(e);
    if (k !== undefined) det.process(e, k, emit);
  }
  return out;
}
const kindOf = (a: AlertDraft) => /\(([^)]*)\)$/.exec(a.explanation.summary)?.[1] ?? '?';

// 1. Throughput.
const systems = Object.keys(LOGHUB_SETTINGS);
const base = systems.flatMap((s) => loghubEvents(dataDir, s).map((x) => x.event));
const span = 400 * 86_400_000;
const stream: WardEvent[] = [];
for (let r = 0; r < rounds; r++) for (const e of base) stream.push({ ...e, '@timestamp': new Date(Date.parse(e['@timestamp']) + r * span).toISOString(), event: { ...e.event, id: `${e.event.id}:${r}` } });
/** Fresh detector per repetition; the machine is shared, so the best of REPS runs is the least disturbed one (all are kept). */
const REPS = Number(process.env.BENCH_REPS ?? 5);
function measure(cfg: Record<string, unknown>, events: WardEvent[], warm: number) {
  const runs: number[] = [], cpuRuns: number[] = [];
  let last = { keys: 0, alerts: 0, loadavg: loadavg() };
  for (let k = 0; k < REPS; k++) {
    const d = new LogAnomalyDetector(logAnomalyConfig.parse(cfg), 'bench');
    run(d, events.slice(0, warm)); // warm the JIT (and the detector) on the first round
    const la = loadavg();
    const t0 = process.hrtime.bigint(), c0 = process.cpuUsage();
    const a = run(d, events.slice(warm));
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(c0);
    runs.push(Math.round((events.length - warm) / secs));
    // CPU seconds of the process (user + system, GC threads included): what the lines cost a core,
    // whatever share of it other jobs on a loaded machine left us.
    cpuRuns.push(Math.round((events.length - warm) / ((cpu.user + cpu.system) / 1e6)));
    last = { keys: d.size, alerts: a.length, loadavg: la };
  }
  const sorted = [...runs].sort((x, y) => x - y), cpuSorted = [...cpuRuns].sort((x, y) => x - y);
  return {
    lines: events.length - warm, repetitions: REPS,
    linesPerSecond: sorted[sorted.length - 1]!, medianLinesPerSecond: sorted[Math.floor(sorted.length / 2)]!, runs,
    linesPerCpuSecond: cpuSorted[Math.floor(cpuSorted.length / 2)]!, cpuRuns, ...last,
  };
}
const throughput = measure({}, stream, base.length);
log(`throughput ${JSON.stringify(throughput)}`);
// Sessions on: the HDFS sample (block ids in every line) with the HDFS session pattern, same rounds.
const hdfsBase = loghubEvents(dataDir, 'HDFS').map((x) => x.event);
const hdfsStream: WardEvent[] = [];
for (let r = 0; r < rounds * 10; r++) for (const e of hdfsBase) hdfsStream.push({ ...e, '@timestamp': new Date(Date.parse(e['@timestamp']) + r * span).toISOString(), event: { ...e.event, id: `${e.event.id}:${r}` } });
const throughputSessions = { sessionPattern: '(blk_-?\\d+)', ...measure({ sessionPattern: '(blk_-?\\d+)', sessionTrain: 200 }, hdfsStream, hdfsBase.length) };
log(`throughput with sessions ${JSON.stringify(throughputSessions)}`);

// 2. Flood of unique lines.
if (process.env.BENCH_ONLY === "throughput") process.exit(0);
const fd = new LogAnomalyDetector(logAnomalyConfig.parse({ warmupLines: 100, warmup: '0s' }), 'bench');
const T0 = Date.UTC(2026, 0, 1);
const ev = (msg: string, t: number, i: number) => ({ '@timestamp': new Date(t).toISOString(), event: { id: `f${i}`, kind: 'event', module: 'syslog' }, message: msg, host: { name: 'h' }, process: { name: 'p' } }) as WardEvent;
run(fd, Array.from({ length: 1000 }, (_, i) => ev(`routine line ${i}`, T0 + i, i)));
const word = (i: number) => i.toString(36).replace(/\d/g, (c) => 'ghijklmnop'[+c]!);
const flood = Array.from({ length: 100_000 }, (_, i) => ev(`zq${word(i)} xv${word(i * 7)} kw${word(i * 13)} ${word(i)}yy`, T0 + 10_000 + i, 10_000 + i));
gc?.();
const heap0 = process.memoryUsage().heapUsed;
const f0 = process.hrtime.bigint();
const floodAlerts = run(fd, flood);
const fsecs = Number(process.hrtime.bigint() - f0) / 1e9;
gc?.();
const heap1 = process.memoryUsage().heapUsed;
const snapBytes = JSON.stringify(fd.snapshot()).length;
const floodOut = {
  lines: flood.length, alerts: floodAlerts.map((a) => a.title), templatesKept: (fd.snapshot()[0]![1] as { drain: { templates: unknown[] } }).drain.templates.length,
  templatesEvicted: fd.counters.templatesEvicted, linesPerSecond: Math.round(flood.length / fsecs), heapGrowthMB: gc ? Number(((heap1 - heap0) / 1048576).toFixed(1)) : null, snapshotBytes: snapBytes,
};
log(`flood ${JSON.stringify(floodOut)}`);

// 3. Alerts on benign logs.
const benign: Record<string, unknown> = {};
for (const warmup of ['shipped', 'short'] as const) {
  let scored = 0, total = 0;
  const rows: Record<string, unknown> = {};
  for (const s of systems) {
    const evs = loghubEvents(dataDir, s);
    const d = new LogAnomalyDetector(logAnomalyConfig.parse(warmup === 'short' ? { warmupLines: 200, warmup: '0s' } : {}), 'bench');
    const got = run(d, evs.map((x) => x.event));
    const byKind: Record<string, number> = {};
    for (const a of got) byKind[kindOf(a)] = (byKind[kindOf(a)] ?? 0) + 1;
    // BGL labels its alert lines: an alert triggered by one is not a false alert.
    const labelled = new Map(evs.map((x) => [x.event.event.id, x.label]));
    const onAlertLines = got.filter((a) => (labelled.get(a.explanation.evidence[0] ?? '') ?? '-') !== '-').length;
    const days = (Date.parse(evs[evs.length - 1]!.event['@timestamp']) - Date.parse(evs[0]!.event['@timestamp'])) / 86_400_000;
    rows[s] = { lines: evs.length, keys: d.size, scoredLines: d.counters.scored, days: Number(days.toFixed(2)), alerts: got.length, byKind, onLabelledAlertLines: onAlertLines };
    scored += d.counters.scored; total += got.length - onAlertLines;
  }
  benign[warmup] = { systems: rows, scoredLines: scored, alertsNotOnLabelledLines: total, per1000ScoredLines: scored ? Number(((1000 * total) / scored).toFixed(2)) : null };
  log(`benign ${warmup}: ${total} alerts on ${scored} scored lines`);
}

const out = {
  bench: 'log-anomaly', at: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, loadavg: loadavg(),
  note: 'one thread; the machine is shared with other jobs (loadavg), so lines/s by the clock is a floor; linesPerCpuSecond is lines per second of CPU time the process used (GC threads included)',
  throughput, throughputSessions, flood: floodOut, benign,
};
mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
writeFileSync(join(process.cwd(), 'bench', 'results', 'log-anomaly.json'), `${JSON.stringify(out, null, 2)}\n`);
process.stdout.write(`${JSON.stringify({ linesPerSecond: throughput.linesPerSecond, flood: floodOut.linesPerSecond })}\n`);
