import { bucketLabel, type CountSeries } from './series.js';

/** A shift in the rate of a count series, as data; {@link describeChange} renders the sentence. */
export interface ChangePoint {
  /** Index of the first bucket of the new regime. */
  index: number;
  /** Its date (daily) or hour (hourly). */
  since: string;
  /** Mean count per bucket in the segment before and from this point (raw means, season included). */
  before: number;
  after: number;
  /** after / before (Infinity when before was 0). */
  ratio: number;
}

/** Options for {@link detectChanges}. */
export interface ChangeOptions {
  /** Shortest regime in buckets (default: a week of days, or a day of hours). */
  minSegment?: number;
  /** Penalty multiplier on log(n) per change (default 2, a BIC-like choice), scaled by the overdispersion. */
  penalty?: number;
  /** Seasonal period for the rate weights (7 for days, 24 for hours; 1 = none). */
  period?: number;
}

/**
 * Change points in the rate of a count series by PELT (Killick, Fearnhead & Eckley 2012) on a
 * Poisson cost whose expected count is λ_segment × w_season, so a weekly or daily rhythm is not
 * taken for a change. Counts from alerts are overdispersed, so the penalty is multiplied by a
 * Pearson dispersion estimate against a local (15-bucket) rate: β = penalty · φ · log n.
 *
 * @example
 * detectChanges(dailyPhishing).map((c) => describeChange(c, 'phishing', 'day'))
 */
export function detectChanges(s: Pick<CountSeries, 'values' | 'start' | 'bucketMs' | 'granularity'>, o: ChangeOptions = {}): ChangePoint[] {
  const y = s.values, n = y.length;
  const period = o.period ?? (s.granularity === 'day' ? 7 : 24);
  const minSeg = Math.max(2, o.minSegment ?? period);
  if (n < 2 * minSeg) return [];
  const w = seasonWeights(y, period);
  const Y = prefix(y), W = prefix(w);
  const cost = (a: number, b: number): number => {
    const yy = Y[b]! - Y[a]!, ww = W[b]! - W[a]!;
    return yy > 0 ? -2 * (yy * Math.log(yy / ww) - yy) : 0; // the λ·W term equals Y at the MLE
  };
  const beta = (o.penalty ?? 2) * dispersion(y, w) * Math.log(n);
  const F = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY), last = new Array<number>(n + 1).fill(0);
  F[0] = -beta;
  let R = [0];
  for (let t = minSeg; t <= n; t++) {
    let best = Number.POSITIVE_INFINITY, arg = 0;
    const vals: Array<[number, number]> = [];
    for (const s0 of R) {
      if (t - s0 < minSeg) continue;
      const v = F[s0]! + cost(s0, t) + beta;
      vals.push([s0, v - beta]);
      if (v < best) { best = v; arg = s0; }
    }
    F[t] = best;
    last[t] = arg;
    // PELT pruning: a start that cannot beat F[t] now never will (cost is additive, K = 0).
    const pruned = new Set(vals.filter(([, v]) => v > F[t]!).map(([s0]) => s0));
    R = R.filter((s0) => !pruned.has(s0));
    const fresh = t - minSeg + 1;
    if (fresh >= minSeg && Number.isFinite(F[fresh]!)) R.push(fresh);
  }
  const cps: number[] = [];
  for (let t = n; t > 0; t = last[t]!) if (last[t]! > 0) cps.unshift(last[t]!);
  const bounds = [0, ...cps, n];
  return cps.map((index, i) => {
    const before = mean(y.slice(bounds[i]!, index)), after = mean(y.slice(index, bounds[i + 2]!));
    return { index, since: bucketLabel(s, index), before, after, ratio: before > 0 ? after / before : Number.POSITIVE_INFINITY };
  });
}

/**
 * One sentence for a change: "phishing alerts doubled from 3.1 to 6.4 a day since 2026-03-03".
 *
 * @example
 * describeChange({ index: 60, since: '2026-03-03', before: 3.1, after: 6.4, ratio: 2.06 }, 'phishing', 'day')
 */
export function describeChange(c: ChangePoint, label: string, granularity: 'day' | 'hour'): string {
  const r = c.ratio;
  const verb = r >= 1.9 && r < 2.15 ? 'doubled' : r >= 2.85 && r < 3.2 ? 'tripled' : r > 1 ? 'rose' : r >= 0.45 && r <= 0.55 ? 'halved' : 'fell';
  const per = granularity === 'day' ? 'a day' : 'an hour';
  const times = Number.isFinite(r) && verb !== 'doubled' && verb !== 'tripled' && verb !== 'halved' ? ` (×${r.toFixed(1)})` : '';
  return `${label} alerts ${verb} from ${fmt(c.before)} to ${fmt(c.after)} ${per} since ${c.since}${times}`;
}

const fmt = (v: number): string => (v >= 10 ? v.toFixed(0) : v.toFixed(1));
const mean = (a: number[]): number => (a.length ? a.reduce((x, v) => x + v, 0) / a.length : 0);

function prefix(a: number[]): number[] {
  const p = [0];
  for (const v of a) p.push(p[p.length - 1]! + v);
  return p;
}

/** Multiplicative seasonal weights (mean 1) from the per-position share of the series; flat when too short. */
function seasonWeights(y: number[], period: number): number[] {
  if (period < 2 || y.length < 2 * period) return y.map(() => 1);
  const sums = new Array<number>(period).fill(0), cnt = new Array<number>(period).fill(0);
  y.forEach((v, i) => { sums[i % period]! += v; cnt[i % period]!++; });
  const means = sums.map((v, i) => v / cnt[i]!);
  const mu = mean(means);
  // A small floor keeps a position that never saw an alert from making any later count impossible.
  return y.map((_, i) => (mu > 0 ? Math.max(means[i % period]! / mu, 0.05) : 1));
}

/** Pearson dispersion of the counts against a local 15-bucket seasonal rate; at least 1. */
function dispersion(y: number[], w: number[]): number {
  let chi = 0, k = 0;
  for (let t = 0; t < y.length; t++) {
    let ys = 0, ws = 0;
    for (let j = Math.max(0, t - 7); j <= Math.min(y.length - 1, t + 7); j++) { ys += y[j]!; ws += w[j]!; }
    const mu = (ys / ws) * w[t]!;
    if (mu > 0) { chi += (y[t]! - mu) ** 2 / mu; k++; }
  }
  return k ? Math.max(1, chi / k) : 1;
}
