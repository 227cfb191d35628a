import { autoEts, etsForecaster, forecastIntervals, rollingOrigin, seasonalNaive, type BacktestResult, type Transform } from '../ml/ets/index.js';
import { bucketLabel, type CountSeries } from './series.js';

/** A forecast of one count series with its back-tested error, or the reason there is none. */
export interface SeriesForecast {
  series: string;
  granularity: CountSeries['granularity'];
  history: { from: string; to: string; buckets: number; total: number };
  /** `ETS(A,Ad,A)` etc., or null when no model could be fitted. */
  model: string | null;
  params?: { alpha: number; beta: number; gamma: number; phi: number };
  transform: Transform;
  candidates: Array<{ name: string; aicc: number | null; skipped?: string }>;
  points: Array<{ at: string; mean: number; lo80: number; hi80: number; lo95: number; hi95: number }>;
  /** Rolling-origin error of this procedure and of seasonal naive on the same origins, or null with a reason in notes. */
  backtest: { ets: BacktestResult; seasonalNaive: BacktestResult } | null;
  /** Plain statements about what was and was not possible. */
  notes: string[];
}

/** Options for {@link forecastSeries}. */
export interface ForecastOptions {
  /** Buckets ahead. */
  horizon: number;
  /** Default `sqrt`: variance-stabilising for counts, and keeps bounds non-negative. */
  transform?: Transform;
  /** Run the rolling-origin back-test (default true). */
  backtest?: boolean;
}

/**
 * Fits the AICc-best ETS model to a count series, forecasts `horizon` buckets with 80/95 % intervals
 * and back-tests the same procedure with a rolling origin (training from half the history, at
 * least 4 seasons; origins a season apart) beside seasonal naive.
 *
 * @example
 * forecastSeries(daily, { horizon: 14 }).points[0] // { at: '2026-07-04', mean: 6.2, lo80: …, … }
 */
export function forecastSeries(s: CountSeries, o: ForecastOptions): SeriesForecast {
  const period = s.granularity === 'day' ? 7 : 24;
  const transform = o.transform ?? 'sqrt';
  const opts = { period, transform, floor: 0 };
  const n = s.values.length;
  const out: SeriesForecast = {
    series: s.name, granularity: s.granularity,
    history: { from: n ? bucketLabel(s, 0) : '', to: n ? bucketLabel(s, n - 1) : '', buckets: n, total: s.values.reduce((a, b) => a + b, 0) },
    model: null, transform, candidates: [], points: [], backtest: null, notes: [],
  };
  const r = autoEts(s.values, opts);
  out.candidates = r.candidates;
  if (!r.ok) { out.notes.push(r.reason); return out; }
  out.notes.push(...r.notes);
  out.model = r.fit.name;
  out.params = r.fit.params;
  out.points = forecastIntervals(r, o.horizon, [0.8, 0.95]).map((p) => ({
    at: bucketLabel(s, n + p.h - 1), mean: p.mean,
    lo80: p.intervals['80']!.lower, hi80: p.intervals['80']!.upper, lo95: p.intervals['95']!.lower, hi95: p.intervals['95']!.upper,
  }));
  if (o.backtest ?? true) {
    const minTrain = Math.max(4 * period, Math.floor(n / 2));
    if (n - minTrain < Math.min(o.horizon, period)) {
      out.notes.push(`no back-test: ${n} ${s.granularity}s of history, need at least ${minTrain + Math.min(o.horizon, period)} to hold some out`);
    } else {
      const bt = { horizon: o.horizon, minTrain, step: period, period };
      out.backtest = { ets: rollingOrigin(s.values, etsForecaster(opts), bt), seasonalNaive: rollingOrigin(s.values, seasonalNaive(period), bt) };
    }
  }
  return out;
}
