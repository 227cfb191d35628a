import { fitEts, forecastEts, type EtsFit, type EtsSpec, type Trend } from './model.js';

/** Variance-stabilising transform applied before fitting; forecasts are mapped back (medians, not means). */
export type Transform = 'none' | 'log' | 'sqrt';

const forward: Record<Transform, (v: number) => number> = {
  none: (v) => v,
  log: (v) => Math.log1p(Math.max(v, 0)),
  sqrt: (v) => Math.sqrt(Math.max(v, 0)),
};
const back: Record<Transform, (v: number) => number> = {
  none: (v) => v,
  log: (v) => Math.expm1(v),
  sqrt: (v) => Math.max(v, 0) ** 2,
};

/** Options for {@link autoEts}. */
export interface AutoEtsOptions {
  /** Season length in observations (7 for daily data, 24 for hourly); 1 or absent for none. */
  period?: number;
  transform?: Transform;
  /** Trends to consider (default all three). */
  trends?: Trend[];
  /** Consider seasonal models when there is enough history (default true). */
  seasonal?: boolean;
  /** Values cannot go below this (counts: 0). Applied to forecasts and interval bounds. */
  floor?: number;
}

/** One model considered in the AICc comparison. */
export interface Candidate { name: string; aicc: number | null; skipped?: string }

/** Outcome of model selection: a fitted model, or a plain reason why no model can be fitted. */
export type AutoEts =
  | { ok: true; fit: EtsFit; transform: Transform; floor: number | undefined; candidates: Candidate[]; notes: string[] }
  | { ok: false; reason: string; candidates: Candidate[] };

/** The fewest observations for which we fit anything (a level plus a trend need a few points to mean something). */
export const MIN_HISTORY = 8;

/**
 * Fits the candidate ETS(A,·,·) models (no trend / trend / damped trend, each with and without
 * additive seasonality) and keeps the lowest AICc. Seasonal models need two full cycles; with less
 * history they are skipped and a note says so. Fewer than {@link MIN_HISTORY} observations → no model,
 * with the reason.
 *
 * @example
 * const r = autoEts(daily, { period: 7, transform: 'sqrt', floor: 0 });
 * if (r.ok) forecastIntervals(r, 14, [0.8, 0.95]);
 */
export function autoEts(y: ArrayLike<number>, opts: AutoEtsOptions = {}): AutoEts {
  const n = y.length;
  const transform = opts.transform ?? 'none';
  const period = opts.period ?? 1;
  const candidates: Candidate[] = [];
  if (n < MIN_HISTORY) return { ok: false, reason: `not enough history: ${n} observation(s), need at least ${MIN_HISTORY}`, candidates };
  for (const v of Array.from(y)) if (!Number.isFinite(v)) return { ok: false, reason: 'the series holds a missing or non-finite value', candidates };
  const z = Array.from(y, forward[transform]);
  const notes: string[] = [];
  const seasonalWanted = (opts.seasonal ?? true) && period > 1;
  const seasonalOk = seasonalWanted && n >= 2 * period;
  if (seasonalWanted && !seasonalOk) notes.push(`seasonal models (period ${period}) need ${2 * period} observations (two full cycles); have ${n}, so only non-seasonal models were fitted`);
  let best: EtsFit | undefined;
  for (const seasonal of seasonalOk ? [false, true] : [false]) {
    for (const trend of opts.trends ?? ['none', 'additive', 'damped'] as Trend[]) {
      const spec: EtsSpec = { trend, seasonal, period: seasonal ? period : 1 };
      const fit = fitEts(z, spec);
      if (!Number.isFinite(fit.aicc)) {
        candidates.push({ name: fit.name, aicc: null, skipped: `${fit.k} parameters need more than ${fit.k + 1} observations` });
        continue;
      }
      candidates.push({ name: fit.name, aicc: fit.aicc });
      if (!best || fit.aicc < best.aicc) best = fit;
    }
  }
  if (!best) return { ok: false, reason: `not enough history: ${n} observations are too few for any candidate model`, candidates };
  return { ok: true, fit: best, transform, floor: opts.floor, candidates, notes };
}

/** One forecast step on the original scale, with central prediction intervals. */
export interface ForecastPoint {
  /** Steps ahead, 1-based. */
  h: number;
  /** Point forecast (the median when a transform was used). */
  mean: number;
  /** Interval per level, keyed like `"80"`, `"95"`. */
  intervals: Record<string, { lower: number; upper: number }>;
}

/**
 * Forecasts `horizon` steps with prediction intervals at `levels` (0..1), computed on the model's
 * scale from the analytic variances and mapped back through the transform (quantiles survive a
 * monotone transform, so the bounds are exact for the Gaussian model on that scale).
 *
 * @example
 * forecastIntervals(r, 7, [0.8, 0.95])[0]!.intervals['95']
 */
export function forecastIntervals(model: Extract<AutoEts, { ok: true }>, horizon: number, levels: number[] = [0.8, 0.95]): ForecastPoint[] {
  const inv = back[model.transform];
  const clamp = (v: number): number => (model.floor === undefined ? v : Math.max(model.floor, v));
  return forecastEts(model.fit, horizon).map((s, i) => {
    const intervals: ForecastPoint['intervals'] = {};
    const sd = Math.sqrt(s.variance);
    for (const level of levels) {
      const zq = normalQuantile(0.5 + level / 2);
      intervals[String(Math.round(level * 100))] = { lower: clamp(inv(s.mean - zq * sd)), upper: clamp(inv(s.mean + zq * sd)) };
    }
    return { h: i + 1, mean: clamp(inv(s.mean)), intervals };
  });
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9).
 *
 * @example
 * normalQuantile(0.975) // ≈ 1.95996
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must be in (0, 1); got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  const tail = (q: number): number => (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < lo) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - lo) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5, r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
