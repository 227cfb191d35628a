/**
 * Forecast bench on the hospital simulator: rolling-origin back-test of our ETS beside statsmodels'
 * ETSModel and seasonal naive, on alert series raised by the real detectors from a simulated
 * organisation and on the simulator's ground-truth incident series.
 *
 *   wardwatch simulate --profile clinic --days 180 --seed 7 --out /tmp/sim      # ~75 s here
 *   wardwatch eval --dataset /tmp/sim --keep-data-dir /tmp/sim-store             # replay through the detectors
 *   npx tsc -p tsconfig.build.json && node dist/bench/forecast-sim.js --dataset /tmp/sim --store /tmp/sim-store
 *
 * Writes bench/results/forecast-sim.json. The clinic profile (45 staff) is used because replaying
 * 180 hospital days (1,500 staff) would take about 78 minutes on the 2-core bench machine
 * (bench/results/simulate.json, eval-hospital-30d.json); what the clinic loses in volume is stated in
 * the results beside each series (mean alerts a day, share of zero days, change points found).
 * Series: all alerts a day, the detectors averaging at least 0.5 alerts a day, alerts by severity
 * when at least 0.5 a day, and incidents started a day (labels.jsonl). Daily, period 7, horizon 14,
 * training from day 84, an origin every 7 days — the same protocol as bench/forecast.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { detectChanges, describeChange, extractSeries, type CountSeries } from '../src/analytics/index.js';
import { etsForecaster, rollingOrigin, seasonalNaive, type BacktestResult } from '../src/ml/ets/index.js';
import { SqliteStore } from '../src/store/sqlite/index.js';
import { AlertSeriesQueries } from '../src/store/sqlite/series.js';
import { PYTHON, replay, runStatsmodels, type ReferenceSeries } from './forecast-reference.js';

const root = process.cwd();
const arg = (name: string): string | undefined => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const datasetDir = arg('--dataset'), storeDir = arg('--store');
if (!datasetDir || !storeDir) {
  process.stderr.write('usage: node dist/bench/forecast-sim.js --dataset SIM_DIR --store EVAL_DATA_DIR (see the header of bench/forecast-sim.ts)\n');
  process.exit(2);
}
const DAY = 86_400_000, TRANSFORM = 'sqrt' as const, HORIZON = 14, MIN_TRAIN = 84, STEP = 7, MIN_RATE = 0.5;
const manifest = JSON.parse(readFileSync(join(datasetDir, 'manifest.json'), 'utf8')) as { profile: string; days: number; seed: string | number; start: string; intensity?: number; totalRecords?: number };
const days = manifest.days;
const start = Math.floor(Date.parse(manifest.start) / DAY) * DAY, end = start + days * DAY;

// Alert series straight from the store the replay left, over exactly the simulated days.
const store = SqliteStore.open(resolve(storeDir));
const q = new AlertSeriesQueries(store.db);
const pick = (split: 'all' | 'detector' | 'severity'): CountSeries[] => extractSeries(q, { split, granularity: 'day', from: start, to: end, now: end })
  .filter((s) => s.values.length === days && (split === 'all' || s.values.reduce((a, b) => a + b, 0) / days >= MIN_RATE));
const chosen: CountSeries[] = [...pick('all'), ...pick('detector'), ...pick('severity')];
store.close();

// Incidents started a day, from the simulator's ground truth.
const incidents = new Array<number>(days).fill(0);
for (const line of readFileSync(join(datasetDir, 'labels.jsonl'), 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const i = Math.floor((Date.parse((JSON.parse(line) as { start: string }).start) - start) / DAY);
  if (i >= 0 && i < days) incidents[i]!++;
}
chosen.push({ name: 'incidents (ground truth)', split: 'all', key: 'incidents', granularity: 'day', start, bucketMs: DAY, values: incidents });

const originsOf = (n: number): number[] => { const o: number[] = []; for (let t = MIN_TRAIN; t < n; t += STEP) o.push(t); return o; };
const series: ReferenceSeries[] = chosen.map((s) => ({ name: s.name, values: s.values, period: 7, horizon: HORIZON, origins: originsOf(s.values.length) }));
const started = Date.now();
const sm = runStatsmodels(series, TRANSFORM, root);
const opts = { horizon: HORIZON, minTrain: MIN_TRAIN, step: STEP, period: 7 };
const results = chosen.map((s, i) => {
  const values = s.values, n = values.length;
  const t0 = process.hrtime.bigint();
  const ets = rollingOrigin(values, etsForecaster({ period: 7, transform: TRANSFORM, floor: 0 }), opts);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  // Weekly rhythm: mean by weekday relative to the overall mean (the simulated calendar starts on a Monday).
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const weekday = Array.from({ length: 7 }, (_, d) => { const v = values.filter((_, j) => j % 7 === d); return mean > 0 ? v.reduce((a, b) => a + b, 0) / v.length / mean : 0; });
  return {
    series: s.name, points: n, origins: series[i]!.origins.length,
    shape: {
      meanPerDay: mean, zeroDays: values.filter((v) => v === 0).length / n, weekdayRatioMonToSun: weekday.map((w) => Number(w.toFixed(2))),
      changes: detectChanges(s).map((c) => describeChange(c, s.key, 'day')),
    },
    ets: { ...ets, seconds },
    statsmodels: sm.forecasts?.[s.name] ? rollingOrigin(values, replay(sm.forecasts[s.name]!), opts) : { skipped: sm.skipped ?? 'not run' } as BacktestResult | { skipped: string },
    seasonalNaive: rollingOrigin(values, seasonalNaive(7), opts),
  };
});
const doc = {
  when: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.versions.node },
  simulation: { dataset: resolve(datasetDir), profile: manifest.profile, days, seed: manifest.seed, start: new Date(start).toISOString().slice(0, 10), intensity: manifest.intensity ?? null, records: manifest.totalRecords ?? null },
  method: { transform: TRANSFORM, candidates: 'ETS(A,{N,A,Ad},{N,A}) by AICc', horizon: HORIZON, minTrain: MIN_TRAIN, step: STEP, period: 7, selection: `all alerts; detectors and severities averaging ≥ ${MIN_RATE} a day; incidents from labels.jsonl` },
  statsmodels: sm.version ? { version: sm.version, python: PYTHON, seconds: sm.seconds } : { skipped: sm.skipped },
  results,
  seconds: (Date.now() - started) / 1000,
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/forecast-sim.json'), `${JSON.stringify(doc, null, 2)}\n`);
const f = (x: number | null | undefined, d = 3): string => (typeof x === 'number' ? x.toFixed(d) : '—');
for (const r of results) {
  const s = 'mase' in r.statsmodels ? r.statsmodels : undefined;
  process.stdout.write(`${r.series.padEnd(32)} ${f(r.shape.meanPerDay, 1).padStart(6)}/d  MASE ours ${f(r.ets.mase)} sm ${f(s?.mase)} snaive ${f(r.seasonalNaive.mase)}  sMAPE ${f(r.ets.smape, 1)} / ${f(s?.smape, 1)} / ${f(r.seasonalNaive.smape, 1)}  cov95 ${f(r.ets.coverage95, 2)} / ${f(s?.coverage95, 2)}\n`);
}
process.stdout.write(`forecast-sim bench: ${doc.seconds.toFixed(0)}s → bench/results/forecast-sim.json\n`);
