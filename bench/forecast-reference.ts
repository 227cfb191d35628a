/**
 * The statsmodels ETS reference shared by the forecast benches: sends the series and origins to
 * bench/statsmodels_reference.py and replays its forecasts into the same back-test code as ours.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Forecaster } from '../src/ml/ets/index.js';

export const PYTHON = process.env.WARDWATCH_PYTHON ?? '/usr/bin/python3';

/** A series as the reference needs it: values, season, horizon and the training lengths to forecast from. */
export interface ReferenceSeries { name: string; values: number[]; period: number; horizon: number; origins: number[] }

/** What the reference returned: per series, per training length, rows of [mean, lo80, hi80, lo95, hi95]; or why it was skipped. */
export interface ReferenceRun { version?: string; seconds?: number; skipped?: string; forecasts?: Record<string, Record<string, number[][]>> }

/**
 * Runs statsmodels' ETSModel over every series and origin; skipped, with the reason, when python3 cannot import it.
 *
 * @example
 * runStatsmodels([{ name: 'x', values, period: 7, horizon: 14, origins: [84, 91] }], 'sqrt', process.cwd())
 */
export function runStatsmodels(series: ReferenceSeries[], transform: string, root: string): ReferenceRun {
  const probe = spawnSync(PYTHON, ['-c', 'import statsmodels; print(statsmodels.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: `${PYTHON} cannot import statsmodels: ${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()}` };
  const dir = mkdtempSync(join(tmpdir(), 'ww-forecast-'));
  try {
    writeFileSync(join(dir, 'in.json'), JSON.stringify({ transform, series: series.map(({ name, values, period, horizon, origins }) => ({ name, values, period, horizon, origins })) }));
    const r = spawnSync(PYTHON, [join(root, 'bench/statsmodels_reference.py'), join(dir, 'in.json')], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`statsmodels_reference.py failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as ReferenceRun;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Replays the reference's forecasts into the back-test, keyed by training length.
 *
 * @example
 * rollingOrigin(values, replay(run.forecasts!['x']!), opts)
 */
export function replay(f: Record<string, number[][]>): Forecaster {
  return (train, horizon) => {
    const rows = f[String(train.length)];
    return rows ? rows.slice(0, horizon).map(([mean, lo80, hi80, lo95, hi95]) => ({ mean: mean!, lo80: lo80!, hi80: hi80!, lo95: lo95!, hi95: hi95! })) : null;
  };
}
