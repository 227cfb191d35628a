/**
 * Forecast bench: rolling-origin back-test of our ETS against statsmodels' ETSModel and seasonal
 * naive, on the SAME series and origins.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/forecast.js   # writes bench/results/forecast.json
 *
 * Series: src/analytics/synthetic.ts BENCH_SPECS, 180 simulated days (Poisson counts per hour with an
 * office-hours rhythm, a weekday rhythm, level shifts and trend changes; seed 1), as daily counts
 * (period 7, horizon 14 days, training from day 84, an origin every 7 days) and, for the largest
 * series, hourly counts over its last 35 days (period 24, horizon 48 hours, training from 420
 * hours, an origin every 24 hours). Both ETS sides fit the candidates ETS(A,{N,A,Ad},{N,A}) on
 * sqrt(counts), choose by AICc and map the forecasts and 80/95 % analytic intervals back (floored at
 * 0). Errors: MASE (scaled by the in-sample seasonal-naive MAE at each origin), sMAPE, and interval
 * coverage, all by src/ml/ets/backtest.ts for every method. statsmodels is skipped, with the reason,
 * when /usr/bin/python3 cannot import it (Debian: apt-get install python3-statsmodels).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { etsForecaster, rollingOrigin, seasonalNaive, type BacktestResult } from '../src/ml/ets/index.js';
import { PYTHON, replay, runStatsmodels, type ReferenceRun } from './forecast-reference.js';
import { BENCH_SPECS, dailyFromHourly, hourlyCounts } from '../src/analytics/synthetic.js';

const root = process.cwd();
const DAYS = 180, SEED = 1, TRANSFORM = 'sqrt' as const;

interface BenchSeries { name: string; values: number[]; period: number; horizon: number; minTrain: number; step: number; origins: number[] }

const series: BenchSeries[] = [];
const origins = (n: number, minTrain: number, step: number): number[] => { const o: number[] = []; for (let t = minTrain; t < n; t += step) o.push(t); return o; };
for (const [i, spec] of BENCH_SPECS.entries()) {
  const hourly = hourlyCounts(spec, DAYS, SEED + i);
  const daily = dailyFromHourly(hourly);
  series.push({ name: `${spec.name}/daily`, values: daily, period: 7, horizon: 14, minTrain: 84, step: 7, origins: origins(daily.length, 84, 7) });
  if (spec.name === 'network') {
    const last = hourly.slice(hourly.length - 35 * 24);
    series.push({ name: `${spec.name}/hourly-35d`, values: last, period: 24, horizon: 48, minTrain: 420, step: 24, origins: origins(last.length, 420, 24) });
  }
}

function statsmodels(): ReferenceRun {
  return runStatsmodels(series, TRANSFORM, root);
}

const started = Date.now();
const sm = statsmodels();
const results: Array<{ series: string; points: number; period: number; horizon: number; origins: number; ets: BacktestResult & { seconds: number }; statsmodels: BacktestResult | { skipped: string }; seasonalNaive: BacktestResult }> = [];
let etsSeconds = 0;
for (const s of series) {
  const opts = { horizon: s.horizon, minTrain: s.minTrain, step: s.step, period: s.period };
  const t0 = process.hrtime.bigint();
  const ets = rollingOrigin(s.values, etsForecaster({ period: s.period, transform: TRANSFORM, floor: 0 }), opts);
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  etsSeconds += sec;
  results.push({
    series: s.name, points: s.values.length, period: s.period, horizon: s.horizon, origins: s.origins.length,
    ets: { ...ets, seconds: sec },
    statsmodels: sm.forecasts ? rollingOrigin(s.values, replay(sm.forecasts[s.name]!), opts) : { skipped: sm.skipped ?? 'not run' },
    seasonalNaive: rollingOrigin(s.values, seasonalNaive(s.period), opts),
  });
}
const doc = {
  when: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.versions.node },
  generator: { module: 'src/analytics/synthetic.ts', days: DAYS, seed: SEED, specs: BENCH_SPECS },
  method: { transform: TRANSFORM, candidates: 'ETS(A,{N,A,Ad},{N,A}) by AICc', intervals: 'analytic, 80 % and 95 %', backtest: 'rolling origin, src/ml/ets/backtest.ts' },
  statsmodels: sm.version ? { version: sm.version, python: PYTHON, seconds: sm.seconds } : { skipped: sm.skipped },
  etsSeconds,
  simulator: 'not used: `wardwatch simulate --profile hospital` took 43 s per 30 days and replaying 30 days through the detectors 733 s (bench/results/simulate.json, eval-hospital-30d.json), so 180 days would take about 78 minutes on this 2-core machine, and its alert counts (about 8 a day) are mostly scenario-driven spikes',
  results,
  seconds: (Date.now() - started) / 1000,
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/forecast.json'), `${JSON.stringify(doc, null, 2)}\n`);

const f = (x: number | null | undefined, d = 3): string => (typeof x === 'number' ? x.toFixed(d) : '—');
process.stdout.write(`${'series'.padEnd(24)} ${'ours MASE'.padStart(9)} ${'sm MASE'.padStart(8)} ${'snaive'.padStart(7)} ${'ours sMAPE'.padStart(10)} ${'sm sMAPE'.padStart(9)} ${'snaive'.padStart(7)} ${'ours cov95'.padStart(10)} ${'sm cov95'.padStart(9)}\n`);
for (const r of results) {
  const s = 'mase' in r.statsmodels ? r.statsmodels : undefined;
  process.stdout.write(`${r.series.padEnd(24)} ${f(r.ets.mase).padStart(9)} ${f(s?.mase).padStart(8)} ${f(r.seasonalNaive.mase).padStart(7)} ${f(r.ets.smape, 1).padStart(10)} ${f(s?.smape, 1).padStart(9)} ${f(r.seasonalNaive.smape, 1).padStart(7)} ${f(r.ets.coverage95).padStart(10)} ${f(s?.coverage95).padStart(9)}\n`);
}
process.stdout.write(`forecast bench: ${doc.seconds.toFixed(0)}s → bench/results/forecast.json\n`);
