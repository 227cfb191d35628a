import type { CountSeries } from './series.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** Average count per weekday (UTC, Monday first) and per hour of day, plus the recent trend. */
export interface SeasonalProfile {
  /** Mean per day for Mon..Sun (daily series) — null for hourly series shorter than a week. */
  weekday: Array<{ day: string; mean: number }> | null;
  /** Mean per hour 0..23 (hourly series only). */
  hourOfDay: Array<{ hour: number; mean: number }> | null;
  /** Peak-to-mean ratio of the weekday / hour profile (1 = flat). */
  weekdayStrength: number | null;
  hourStrength: number | null;
  trend: TrendSummary;
}

/** Level and slope over the last window against the one before. */
export interface TrendSummary {
  /** Mean per bucket in the last `window` buckets and in the `window` before them (null when too short). */
  recentMean: number;
  previousMean: number | null;
  /** Relative change recent vs previous (0.5 = +50 %), null without a previous window or when it was 0. */
  change: number | null;
  /** Least-squares slope over the whole series, per bucket. */
  slopePerBucket: number;
  window: number;
}

/**
 * Weekday and hour-of-day profiles and a trend summary of a count series.
 *
 * @example
 * seasonalProfile(daily).weekday // [{ day: 'Mon', mean: 12.3 }, …]
 */
export function seasonalProfile(s: CountSeries, window = s.granularity === 'day' ? 28 : 7 * 24): SeasonalProfile {
  const perDay = s.granularity === 'day' ? 1 : 24;
  let weekday: SeasonalProfile['weekday'] = null;
  if (s.values.length >= 7 * perDay) {
    const sums = new Array<number>(7).fill(0), days = new Array<number>(7).fill(0);
    s.values.forEach((v, i) => {
      const d = (new Date(s.start + i * s.bucketMs).getUTCDay() + 6) % 7;
      sums[d]! += v;
      days[d]! += 1 / perDay;
    });
    weekday = WEEKDAYS.map((day, i) => ({ day, mean: days[i]! ? sums[i]! / days[i]! : 0 }));
  }
  let hourOfDay: SeasonalProfile['hourOfDay'] = null;
  if (s.granularity === 'hour' && s.values.length >= 24) {
    const sums = new Array<number>(24).fill(0), cnt = new Array<number>(24).fill(0);
    s.values.forEach((v, i) => { const h = new Date(s.start + i * s.bucketMs).getUTCHours(); sums[h]! += v; cnt[h]!++; });
    hourOfDay = sums.map((v, hour) => ({ hour, mean: cnt[hour]! ? v / cnt[hour]! : 0 }));
  }
  return {
    weekday, hourOfDay,
    weekdayStrength: weekday ? strength(weekday.map((w) => w.mean)) : null,
    hourStrength: hourOfDay ? strength(hourOfDay.map((h) => h.mean)) : null,
    trend: trendSummary(s.values, window),
  };
}

function strength(means: number[]): number | null {
  const mu = means.reduce((a, b) => a + b, 0) / means.length;
  return mu > 0 ? Math.max(...means) / mu : null;
}

/**
 * Recent vs previous window means and the least-squares slope.
 *
 * @example
 * trendSummary([1, 1, 2, 2], 2) // { recentMean: 2, previousMean: 1, change: 1, … }
 */
export function trendSummary(y: number[], window: number): TrendSummary {
  const n = y.length;
  const w = Math.min(window, n);
  const mean = (a: number[]): number => (a.length ? a.reduce((s, v) => s + v, 0) / a.length : 0);
  const recentMean = mean(y.slice(n - w));
  const previousMean = n >= 2 * w && w > 0 ? mean(y.slice(n - 2 * w, n - w)) : null;
  const tBar = (n - 1) / 2, yBar = mean(y);
  let sxy = 0, sxx = 0;
  y.forEach((v, t) => { sxy += (t - tBar) * (v - yBar); sxx += (t - tBar) ** 2; });
  return {
    recentMean, previousMean,
    change: previousMean ? (recentMean - previousMean) / previousMean : null,
    slopePerBucket: sxx ? sxy / sxx : 0, window: w,
  };
}
