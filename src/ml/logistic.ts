import { rng } from './iforest/rng.js';
import type { DenseMatrix } from './forest/binning.js';

/** Dense logistic-regression parameters. */
export interface LogisticOptions {
  /**
   * Inverse L2 strength, as scikit-learn's `C`: the objective is mean log-loss + ‖w‖² / (2·C·n).
   * Default 1 (scikit-learn's default). The intercept is not penalised.
   */
  C?: number;
  /** Passes over the data. Default 40. */
  epochs?: number;
  /** Mini-batch size. Default 256. */
  batchSize?: number;
  /** Adam step size at the start (halved every 10 epochs). Default 0.01. */
  learningRate?: number;
  /** Shuffle seed: same seed + same data = same weights. Default 1. */
  seed?: number;
  featureNames?: string[];
}

/** JSON form of a fitted model. */
export interface LogisticJSON { kind: 'logistic-regression'; version: 1; features: string[]; mean: number[]; scale: number[]; weights: number[]; bias: number }

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * Binary logistic regression on dense features. Each feature is standardised with the training
 * mean and standard deviation (kept in the model, so callers pass raw values); the weights are
 * fitted by mini-batch Adam on the L2-penalised log-loss, in a seeded shuffle order. The weights are
 * per standardised feature, so their magnitudes compare features directly.
 *
 * @example
 * const lr = LogisticRegression.fit({ data, rows, cols }, labels, { seed: 3 });
 * lr.probability([0.2, 14]) // P(class 1)
 */
export class LogisticRegression {
  private constructor(
    readonly features: string[],
    readonly mean: Float64Array,
    readonly scale: Float64Array,
    readonly weights: Float64Array,
    readonly bias: number,
  ) {}

  /** Fit on `x` with labels `y` in {0, 1}. */
  static fit(x: DenseMatrix, y: ArrayLike<number>, opts: LogisticOptions = {}): LogisticRegression {
    const n = x.rows, d = x.cols;
    if (n < 2 || y.length !== n) throw new Error(`logistic regression: need ≥ 2 rows and one label per row (got ${n} rows, ${y.length} labels)`);
    const mean = new Float64Array(d), scale = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = mean[j]! + finite(x.data[i * d + j]!);
    for (let j = 0; j < d; j++) mean[j] = mean[j]! / n;
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) { const v = finite(x.data[i * d + j]!) - mean[j]!; scale[j] = scale[j]! + v * v; }
    for (let j = 0; j < d; j++) { const sd = Math.sqrt(scale[j]! / n); scale[j] = sd > 1e-12 ? sd : 1; }
    const z = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) z[i * d + j] = (finite(x.data[i * d + j]!) - mean[j]!) / scale[j]!;
    const labels = new Float64Array(n);
    for (let i = 0; i < n; i++) labels[i] = y[i] === 1 ? 1 : 0;

    const C = opts.C ?? 1, epochs = opts.epochs ?? 40, batch = Math.max(1, opts.batchSize ?? 256), lr0 = opts.learningRate ?? 0.01;
    const lambda = 1 / (C * n);
    const w = new Float64Array(d + 1); // last = bias
    const m1 = new Float64Array(d + 1), m2 = new Float64Array(d + 1), g = new Float64Array(d + 1);
    const b1 = 0.9, b2 = 0.999, eps = 1e-8;
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const rand = rng(opts.seed ?? 1);
    let step = 0;
    for (let e = 0; e < epochs; e++) {
      for (let i = n - 1; i > 0; i--) { const k = Math.floor(rand() * (i + 1)); const t = order[i]!; order[i] = order[k]!; order[k] = t; }
      const lr = lr0 * Math.pow(0.5, Math.floor(e / 10));
      for (let start = 0; start < n; start += batch) {
        const end = Math.min(n, start + batch), size = end - start;
        g.fill(0);
        for (let q = start; q < end; q++) {
          const i = order[q]!, off = i * d;
          let s = w[d]!;
          for (let j = 0; j < d; j++) s += w[j]! * z[off + j]!;
          const err = sigmoid(s) - labels[i]!;
          for (let j = 0; j < d; j++) g[j] = g[j]! + err * z[off + j]!;
          g[d] = g[d]! + err;
        }
        step++;
        const c1 = 1 - Math.pow(b1, step), c2 = 1 - Math.pow(b2, step);
        for (let j = 0; j <= d; j++) {
          const grad = g[j]! / size + (j < d ? lambda * w[j]! : 0);
          m1[j] = b1 * m1[j]! + (1 - b1) * grad;
          m2[j] = b2 * m2[j]! + (1 - b2) * grad * grad;
          w[j] = w[j]! - (lr * (m1[j]! / c1)) / (Math.sqrt(m2[j]! / c2) + eps);
        }
      }
    }
    const names = opts.featureNames && opts.featureNames.length === d ? [...opts.featureNames] : Array.from({ length: d }, (_, j) => `f${j}`);
    return new LogisticRegression(names, mean, scale, w.slice(0, d), w[d]!);
  }

  /** P(class 1) for one row of raw values (from `offset` of a flat array). */
  probability(x: ArrayLike<number>, offset = 0): number {
    let s = this.bias;
    for (let j = 0; j < this.weights.length; j++) s += this.weights[j]! * ((finite(x[offset + j]!) - this.mean[j]!) / this.scale[j]!);
    return sigmoid(s);
  }

  /** P(class 1) for every row. */
  probabilities(x: DenseMatrix): Float64Array {
    if (x.cols !== this.weights.length) throw new Error(`logistic regression: expected ${this.weights.length} columns, got ${x.cols}`);
    const out = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) out[i] = this.probability(x.data, i * x.cols);
    return out;
  }

  /** Features by |weight| (per standardised unit), largest first. */
  coefficients(): Array<{ feature: string; weight: number }> {
    return this.features.map((feature, j) => ({ feature, weight: this.weights[j]! })).sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  }

  toJSON(): LogisticJSON {
    return { kind: 'logistic-regression', version: 1, features: this.features, mean: [...this.mean], scale: [...this.scale], weights: [...this.weights], bias: this.bias };
  }

  static from(raw: unknown): LogisticRegression {
    const j = raw as Partial<LogisticJSON> | null;
    if (!j || j.kind !== 'logistic-regression' || j.version !== 1 || !Array.isArray(j.weights) || !Array.isArray(j.features)) throw new Error('logistic regression: not a version-1 logistic-regression document');
    return new LogisticRegression(j.features, Float64Array.from(j.mean ?? []), Float64Array.from(j.scale ?? []), Float64Array.from(j.weights), j.bias ?? 0);
  }
}

function finite(v: number): number {
  return Number.isFinite(v) ? v : 0;
}
