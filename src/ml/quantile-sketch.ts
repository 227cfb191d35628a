import { compact, decayFactor, finite } from './decay.js';

/** JSON form: centroid means and weights, decay time. */
export interface QuantileSketchJSON { m: number[]; w: number[]; t: number }

/**
 * A decayed, bounded quantile sketch in the spirit of t-digest: at most `maxCentroids`
 * (mean, weight) pairs kept sorted by mean. When full, the adjacent pair whose merge costs least
 * is merged; the cost is the pair's weight divided by q(1−q) at its position, so centroids stay
 * small in the tails, where the 99th percentile and robust z-scores look. Weights decay with
 * `halfLifeMs`, so the distribution follows change. Memory: 2 × `maxCentroids` numbers.
 *
 * @example
 * const s = new QuantileSketch();
 * for (const x of [3, 5, 4, 6, 5]) s.add(x, t);
 * s.quantile(0.5) // ≈ 5
 */
export class QuantileSketch {
  means: number[] = [];
  weights: number[] = [];
  t = 0;
  private total = 0;

  constructor(readonly maxCentroids = 32, readonly halfLifeMs = 30 * 86_400_000) {}

  get weight(): number {
    return this.total;
  }

  private decayTo(t: number): void {
    if (!Number.isFinite(t) || t <= this.t) return;
    if (this.t > 0) {
      const f = decayFactor(t - this.t, this.halfLifeMs);
      if (f < 1) {
        for (let i = 0; i < this.weights.length; i++) this.weights[i]! *= f;
        this.total *= f;
      }
    }
    this.t = t;
  }

  /** Add value `x` observed at time `t`. Non-finite values are ignored. */
  add(x: number, t: number, w = 1): void {
    if (!Number.isFinite(x) || !(w > 0) || !Number.isFinite(w)) return;
    this.decayTo(t);
    const v = w * decayFactor(this.t - t, this.halfLifeMs);
    // Insert keeping means sorted (binary search).
    let lo = 0, hi = this.means.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.means[mid]! < x) lo = mid + 1; else hi = mid;
    }
    if (this.means[lo] === x) this.weights[lo]! += v;
    else {
      this.means.splice(lo, 0, x);
      this.weights.splice(lo, 0, v);
    }
    this.total += v;
    while (this.means.length > this.maxCentroids) this.compress();
  }

  /** Merge the cheapest adjacent pair of centroids. */
  private compress(): void {
    let best = 0, bestCost = Infinity, cum = 0;
    const total = this.total > 0 ? this.total : 1;
    for (let i = 0; i + 1 < this.means.length; i++) {
      const w = this.weights[i]! + this.weights[i + 1]!;
      const q = (cum + w / 2) / total;
      const cost = w / Math.max(q * (1 - q), 1e-3);
      if (cost < bestCost) { bestCost = cost; best = i; }
      cum += this.weights[i]!;
    }
    const w1 = this.weights[best]!, w2 = this.weights[best + 1]!;
    const w = w1 + w2;
    this.means[best] = w > 0 ? (this.means[best]! * w1 + this.means[best + 1]! * w2) / w : (this.means[best]! + this.means[best + 1]!) / 2;
    this.weights[best] = w;
    this.means.splice(best + 1, 1);
    this.weights.splice(best + 1, 1);
  }

  /** Value at quantile `q` (0..1), interpolating between centroid centres; NaN-free (0 when empty). */
  quantile(q: number): number {
    const n = this.means.length;
    if (n === 0) return 0;
    if (n === 1 || !(this.total > 0)) return this.means[0]!;
    const target = Math.min(1, Math.max(0, q)) * this.total;
    let cum = 0;
    let prevCentre = 0, prevMean = this.means[0]!;
    for (let i = 0; i < n; i++) {
      const w = this.weights[i]!;
      const centre = cum + w / 2;
      if (target <= centre) {
        if (i === 0) return this.means[0]!;
        const span = centre - prevCentre;
        const f = span > 0 ? (target - prevCentre) / span : 0;
        return prevMean + f * (this.means[i]! - prevMean);
      }
      prevCentre = centre;
      prevMean = this.means[i]!;
      cum += w;
    }
    return this.means[n - 1]!;
  }

  /** Fraction (0..1) of the weight at or below `x`. */
  cdf(x: number): number {
    if (!(this.total > 0)) return 0;
    let below = 0;
    for (let i = 0; i < this.means.length; i++) if (this.means[i]! <= x) below += this.weights[i]!;
    return Math.min(1, below / this.total);
  }

  /** Median and a robust scale: IQR / 1.349 (the normal-consistent σ), floored at `minScale`. */
  robust(minScale = 1): { median: number; scale: number } {
    const median = this.quantile(0.5);
    const iqr = this.quantile(0.75) - this.quantile(0.25);
    return { median, scale: Math.max(iqr / 1.349, minScale) };
  }

  merge(o: QuantileSketch): void {
    const t = Math.max(this.t, o.t);
    this.decayTo(t);
    const f = decayFactor(t - o.t, this.halfLifeMs);
    for (let i = 0; i < o.means.length; i++) this.add(o.means[i]!, this.t, o.weights[i]! * f);
  }

  toJSON(): QuantileSketchJSON {
    return { m: this.means.map(compact), w: this.weights.map(compact), t: this.t };
  }

  static from(raw: unknown, maxCentroids?: number, halfLifeMs?: number): QuantileSketch {
    const s = new QuantileSketch(maxCentroids, halfLifeMs);
    const r = (raw ?? {}) as Partial<QuantileSketchJSON>;
    s.t = finite(r.t);
    const m = Array.isArray(r.m) ? r.m : [];
    const w = Array.isArray(r.w) ? r.w : [];
    const pairs = m.map((x, i) => [finite(x), Math.max(0, finite(w[i]))] as const).filter(([, wt]) => wt > 0).sort((a, b) => a[0] - b[0]);
    for (const [x, wt] of pairs) { s.means.push(x); s.weights.push(wt); s.total += wt; }
    while (s.means.length > s.maxCentroids) s.compress();
    return s;
  }
}
