/**
 * A deterministic generator of alert-count series with the structure real SOC volumes show:
 * an hour-of-day rhythm (office hours), a weekly rhythm (quiet weekends), level shifts and trend
 * changes. Counts are Poisson per hour with rate
 *   λ(t) = base(day) × hourShare(hour) × 24 × weekday(dow),
 * where base(day) is piecewise: a start level, then per-regime multiplicative shifts and linear
 * trends. Daily series are the sums of the hourly ones. Used by the tests and `bench/forecast.ts`.
 */

import { poisson, uniform } from './rng.js';

export { poisson, uniform };

/** One regime change: from `day` on, multiply the level by `shift` and add `trend` alerts/day per day. */
export interface Regime { day: number; shift?: number; trend?: number }

/** A synthetic series definition. */
export interface SyntheticSpec {
  name: string;
  /** Alerts per day at the start. */
  base: number;
  /** Weekday multipliers Mon..Sun (mean about 1). */
  weekday: number[];
  /** Share of the day's alerts per hour 0..23 is proportional to these (default: office hours). */
  hourly?: number[];
  regimes: Regime[];
}

/** Office-hours profile: low at night, peak 09:00–17:00 UTC. */
export const OFFICE_HOURS = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 18 ? 3 : h >= 6 && h < 22 ? 1.5 : 0.5));
export const WORKWEEK = [1.15, 1.2, 1.15, 1.1, 1.05, 0.7, 0.65];

/** The four series the forecast bench uses (180 days from 2026-01-05, a Monday). */
export const BENCH_SPECS: SyntheticSpec[] = [
  { name: 'phishing', base: 3, weekday: WORKWEEK, regimes: [{ day: 100, shift: 2 }] },
  { name: 'auth.bruteforce', base: 20, weekday: [1, 1, 1, 1, 1, 0.95, 0.95], hourly: OFFICE_HOURS.map(() => 1), regimes: [{ day: 60, trend: 0.15 }, { day: 130, trend: -0.15 }] },
  { name: 'ehr-access', base: 8, weekday: [1.3, 1.3, 1.25, 1.2, 1.15, 0.45, 0.35], regimes: [{ day: 120, shift: 0.6 }] },
  { name: 'network', base: 40, weekday: WORKWEEK, regimes: [{ day: 30, trend: 0.12 }, { day: 90, shift: 1.4, trend: 0 }, { day: 150, trend: -0.1 }] },
];

/** The expected alerts per day (before the weekday factor) for each of `days` days. */
export function baseLevel(spec: SyntheticSpec, days: number): number[] {
  const out: number[] = [];
  let level = spec.base, trend = 0;
  for (let d = 0; d < days; d++) {
    for (const r of spec.regimes) if (r.day === d) { level *= r.shift ?? 1; if (r.trend !== undefined) trend = r.trend; }
    if (d > 0) level = Math.max(0, level + trend);
    out.push(level);
  }
  return out;
}

/**
 * Hourly counts for `days` days; the first day is a Monday. Same seed and spec → same counts.
 *
 * @example
 * hourlyCounts(BENCH_SPECS[0]!, 180, 1).length // 4320
 */
export function hourlyCounts(spec: SyntheticSpec, days: number, seed: number): number[] {
  const u = uniform(seed);
  const hourly = spec.hourly ?? OFFICE_HOURS;
  const hs = hourly.reduce((a, b) => a + b, 0);
  const base = baseLevel(spec, days);
  const out: number[] = [];
  for (let d = 0; d < days; d++) {
    for (let h = 0; h < 24; h++) out.push(poisson(base[d]! * spec.weekday[d % 7]! * (hourly[h]! / hs), u));
  }
  return out;
}

/** Daily sums of hourly counts. */
export function dailyFromHourly(hourly: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 24 <= hourly.length; i += 24) out.push(hourly.slice(i, i + 24).reduce((a, b) => a + b, 0));
  return out;
}
