/**
 * Drain template mining on the ten Loghub 2k systems: grouping accuracy against each system's
 * `_structured.csv` EventId, beside Drain's published figure (Zhu et al., "Tools and Benchmarks for
 * Automated Log Parsing", ICSE-SEIP 2019, Table III), and lines per second on one thread.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/drain.js    # writes bench/results/drain.json
 *
 * Two runs per system: logparser's per-system settings (its benchmark/Drain_benchmark.py regexes,
 * threshold and depth) and Wardwatch's default masks with the same threshold and depth (the live
 * detector's setting: it has no per-system regexes). Each system is mined BENCH_REPEAT (5) times
 * for the speed figure; accuracy is from the first pass.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { defaultDataDir } from '../src/eval/datasets/paths.js';
import { LOGHUB_SETTINGS, parseLoghubSystem } from '../src/eval/datasets/loghub-parsing.js';

const repeat = Number(process.env.BENCH_REPEAT ?? 5);
const dataDir = defaultDataDir();
const systems: Record<string, unknown> = {};
const sums = { benchmark: 0, default: 0, published: 0 };
for (const system of Object.keys(LOGHUB_SETTINGS)) {
  const row: Record<string, unknown> = { published: LOGHUB_SETTINGS[system]!.published };
  for (const masks of ['benchmark', 'default'] as const) {
    const runs = [];
    for (let i = 0; i < repeat; i++) runs.push(await parseLoghubSystem(dataDir, system, masks));
    const first = runs[0]!;
    const best = Math.min(...runs.map((r) => r.seconds));
    row[masks] = { accuracy: Number(first.accuracy.toFixed(4)), templates: first.templates, truthTemplates: first.truthTemplates, headerMisses: first.headerMisses, linesPerSecond: Math.round(first.lines / best) };
    sums[masks] += first.accuracy;
  }
  sums.published += LOGHUB_SETTINGS[system]!.published;
  systems[system] = row;
  process.stderr.write(`[drain] ${system}: ${JSON.stringify(row)}\n`);
}
const n = Object.keys(LOGHUB_SETTINGS).length;
const out = {
  bench: 'drain', at: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, loadavg: loadavg(),
  data: 'Loghub 2k (logpai/loghub dd61d09), ground truth = EventId in <System>_2k.log_structured.csv',
  metric: 'grouping accuracy: a line is correct when the set of lines in its mined group equals the set in its ground-truth group',
  published: 'Zhu et al., ICSE-SEIP 2019, Table III (Drain row); the 2k ground truth has been revised since, so small gaps either way are expected',
  mean: { benchmark: Number((sums.benchmark / n).toFixed(4)), default: Number((sums.default / n).toFixed(4)), published: Number((sums.published / n).toFixed(4)) },
  systems,
};
mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
writeFileSync(join(process.cwd(), 'bench', 'results', 'drain.json'), `${JSON.stringify(out, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(out.mean)}\n`);
