/** RITA-style beacon score of one source → destination pair, with its parts (each 0..1, 1 = machine-like). */
export interface BeaconScore {
  score: number;
  /** Timing: Bowley skew of the intervals, their MAD relative to the median, and how many there are. */
  tsSkew: number;
  tsMad: number;
  tsCount: number;
  /** Data size: skew and MAD of bytes sent, and how small they are (a heartbeat, not a transfer). */
  dsSkew: number;
  dsMad: number;
  dsSmall: number;
  medianIntervalMs: number;
  madIntervalMs: number;
  medianBytes: number;
  connections: number;
}

function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Bowley (quartile) skewness in −1..1; 0 for a symmetric or degenerate distribution. */
export function bowleySkew(sorted: readonly number[]): number {
  const q1 = quantile(sorted, 0.25);
  const q2 = quantile(sorted, 0.5);
  const q3 = quantile(sorted, 0.75);
  const den = q3 - q1;
  if (den <= 0 || q2 === q1 || q2 === q3) return 0;
  return (q3 + q1 - 2 * q2) / den;
}

/** Median absolute deviation from the median. */
export function mad(sorted: readonly number[]): number {
  const m = quantile(sorted, 0.5);
  const dev = sorted.map((x) => Math.abs(x - m)).sort((a, b) => a - b);
  return quantile(dev, 0.5);
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * Score a pair's connection times (ms, ascending) and bytes sent, as RITA does on Zeek conn logs:
 * regular intervals (low skew, low MAD/median), many connections, and consistent small payloads.
 * `fullCount` connections give a full count score.
 *
 * @example
 * beaconScore([0, 60e3, 120e3, 180e3], [300, 300, 300, 300], 4).score // ≈ 1
 */
export function beaconScore(times: readonly number[], sent: readonly number[], fullCount = 48): BeaconScore {
  const intervals: number[] = [];
  for (let i = 1; i < times.length; i++) intervals.push(times[i]! - times[i - 1]!);
  intervals.sort((a, b) => a - b);
  const sizes = [...sent].sort((a, b) => a - b);
  const mi = quantile(intervals, 0.5);
  const madI = mad(intervals);
  const ms = quantile(sizes, 0.5);
  const madS = mad(sizes);
  const tsSkew = 1 - Math.abs(bowleySkew(intervals));
  const tsMad = mi > 0 ? clamp01(1 - madI / mi) : 0;
  const tsCount = clamp01(times.length / fullCount);
  const dsSkew = 1 - Math.abs(bowleySkew(sizes));
  const dsMad = ms > 0 ? clamp01(1 - madS / ms) : 1;
  const dsSmall = clamp01(1 - ms / 65_535);
  const ts = (tsSkew + tsMad + tsCount) / 3;
  const ds = (dsSkew + dsMad + dsSmall) / 3;
  return { score: (ts + ds) / 2, tsSkew, tsMad, tsCount, dsSkew, dsMad, dsSmall, medianIntervalMs: mi, madIntervalMs: madI, medianBytes: ms, connections: times.length };
}
