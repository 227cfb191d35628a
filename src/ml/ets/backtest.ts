import { autoEts, forecastIntervals, type AutoEtsOptions } from './select.js';

/** A forecaster for the back-test: fitted on `train`, returns `horizon` means and 80/95 % intervals (or null = cannot forecast). */
export type Forecaster = (train: number[], horizon: number) => Array<{ mean: number; lo80?: number; hi80?: number; lo95?: number; hi95?: number }> | null;

/** Errors of a rolling-origin back-test, averaged over every (origin, step) pair. */
export interface BacktestResult {
  origins: number;
  horizon: number;
  /** Mean absolute scaled error: MAE over the in-sample MAE of the seasonal-naive forecast (Hyndman & Koehler 2006). */
  mase: number | null;
  /** Symmetric MAPE in percent, 0..200; a step where actual and forecast are both 0 counts as 0. */
  smape: number | null;
  mae: number | null;
  /** Share of actuals inside the 80 % / 95 % intervals (null when the forecaster gives none). */
  coverage80: number | null;
  coverage95: number | null;
}

/**
 * Rolling-origin evaluation (Tashman 2000): for origins `minTrain`, `minTrain+step`, … the forecaster
 * sees only the data before the origin and forecasts `horizon` steps, scored against what followed.
 * MASE is scaled per origin by the seasonal-naive in-sample MAE of that origin's training window.
 *
 * @example
 * rollingOrigin(daily, etsForecaster({ period: 7 }), { horizon: 14, minTrain: 56, step: 7, period: 7 }).mase
 */
export function rollingOrigin(y: number[], f: Forecaster, o: { horizon: number; minTrain: number; step: number; period: number }): BacktestResult {
  let n = 0, absSum = 0, scaledSum = 0, smapeSum = 0, in80 = 0, has80 = 0, in95 = 0, has95 = 0, origins = 0;
  for (let origin = o.minTrain; origin + 1 <= y.length; origin += o.step) {
    const train = y.slice(0, origin);
    const h = Math.min(o.horizon, y.length - origin);
    const fc = f(train, h);
    if (!fc) continue;
    origins++;
    const m = train.length > o.period ? o.period : 1;
    let scale = 0;
    for (let t = m; t < train.length; t++) scale += Math.abs(train[t]! - train[t - m]!);
    scale /= Math.max(train.length - m, 1);
    for (let i = 0; i < h; i++) {
      const a = y[origin + i]!, p = fc[i]!;
      const err = Math.abs(a - p.mean);
      n++;
      absSum += err;
      scaledSum += scale > 0 ? err / scale : 0;
      smapeSum += Math.abs(a) + Math.abs(p.mean) > 0 ? (200 * err) / (Math.abs(a) + Math.abs(p.mean)) : 0;
      if (p.lo80 !== undefined && p.hi80 !== undefined) { has80++; if (a >= p.lo80 && a <= p.hi80) in80++; }
      if (p.lo95 !== undefined && p.hi95 !== undefined) { has95++; if (a >= p.lo95 && a <= p.hi95) in95++; }
    }
  }
  return {
    origins, horizon: o.horizon,
    mase: n ? scaledSum / n : null, smape: n ? smapeSum / n : null, mae: n ? absSum / n : null,
    coverage80: has80 ? in80 / has80 : null, coverage95: has95 ? in95 / has95 : null,
  };
}

/**
 * The ETS forecaster: AICc-selected model refitted at each origin.
 *
 * @example
 * rollingOrigin(y, etsForecaster({ period: 7, transform: 'sqrt', floor: 0 }), opts)
 */
export function etsForecaster(opts: AutoEtsOptions): Forecaster {
  return (train, horizon) => {
    const r = autoEts(train, opts);
    if (!r.ok) return null;
    return forecastIntervals(r, horizon, [0.8, 0.95]).map((p) => ({
      mean: p.mean, lo80: p.intervals['80']!.lower, hi80: p.intervals['80']!.upper, lo95: p.intervals['95']!.lower, hi95: p.intervals['95']!.upper,
    }));
  };
}

/**
 * Seasonal naive: each step repeats the value one season earlier — the floor any model must beat.
 *
 * @example
 * seasonalNaive(7)([1, 2, 3, 4, 5, 6, 7], 2) // [{ mean: 1 }, { mean: 2 }]
 */
export function seasonalNaive(period: number): Forecaster {
  return (train, horizon) => {
    if (train.length < period) return null;
    return Array.from({ length: horizon }, (_, i) => ({ mean: train[train.length - period + (i % period)]! }));
  };
}
