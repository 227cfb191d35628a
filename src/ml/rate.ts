import { finite } from './decay.js';
import { QuantileSketch } from './quantile-sketch.js';

/** How unusual a count per window is against a rate baseline. */
export interface RateAssessment {
  observed: number;
  /** Decayed median and 99th percentile of counts per active window. */
  median: number;
  p99: number;
  /** (observed − median) / robust σ (IQR / 1.349, floored at 1). */
  robustZ: number;
  /** Fraction of past active windows with a count at or above the observed (0..1, smoothed). */
  tail: number;
  /** Active windows behind the estimate (decayed). */
  windows: number;
}

/** JSON form of {@link WindowedRate}. */
export interface WindowedRateJSON { s: number; c: number; q: unknown }

/**
 * Counts per fixed window (e.g. logins per hour), with the distribution of past *active*
 * windows (at least one event) in a {@link QuantileSketch}. Idle windows are not recorded,
 * so a night without work does not drag the median to zero.
 *
 * @example
 * const r = new WindowedRate(3_600_000);
 * r.add(t); r.assess().observed // 1
 */
export class WindowedRate {
  /** Start of the current window (epoch ms, aligned to `windowMs`), 0 = none yet. */
  start = 0;
  count = 0;
  sketch: QuantileSketch;

  constructor(readonly windowMs = 3_600_000, maxCentroids = 32, halfLifeMs?: number) {
    this.sketch = new QuantileSketch(maxCentroids, halfLifeMs);
  }

  /** Count `n` events at `t`; a later window closes the current one into the baseline. */
  add(t: number, n = 1): void {
    if (!Number.isFinite(t) || !(n > 0)) return;
    const w = Math.floor(t / this.windowMs) * this.windowMs;
    if (w > this.start) {
      if (this.start > 0 && this.count > 0) this.sketch.add(this.count, this.start + this.windowMs);
      this.start = w;
      this.count = 0;
    }
    this.count += n;
  }

  /** Compare `observed` (default: the current window's count) with past active windows. */
  assess(observed = this.count): RateAssessment {
    const { median, scale } = this.sketch.robust(1);
    const weight = this.sketch.weight;
    const tail = (weight * (1 - this.sketch.cdf(observed - 1e-9)) + 0.5) / (weight + 1);
    return { observed, median, p99: this.sketch.quantile(0.99), robustZ: (observed - median) / scale, tail, windows: weight };
  }

  toJSON(): WindowedRateJSON {
    return { s: this.start, c: this.count, q: this.sketch.toJSON() };
  }

  static from(raw: unknown, windowMs?: number, maxCentroids?: number, halfLifeMs?: number): WindowedRate {
    const r = new WindowedRate(windowMs, maxCentroids, halfLifeMs);
    const j = (raw ?? {}) as Partial<WindowedRateJSON>;
    r.start = finite(j.s);
    r.count = Math.max(0, finite(j.c));
    r.sketch = QuantileSketch.from(j.q, maxCentroids, halfLifeMs);
    return r;
  }
}
