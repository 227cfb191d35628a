import { symmetricEigen } from './eigen.js';

/** PCA residual-model parameters (Xu et al., SOSP 2009, as loglizer runs them). */
export interface PcaSpeOptions {
  /** Keep the leading components that explain this share of the variance. Default 0.95. */
  variance?: number;
  /** Normal quantile c_α of the Q-statistic threshold. Default 3.2905 (loglizer's; α = 0.001 two-sided). */
  cAlpha?: number;
}

/** Verdict of {@link PcaSpe.check}. */
export interface PcaSpeVerdict {
  anomalous: boolean;
  /** Squared prediction error: the squared length of the part of x the normal subspace cannot explain. */
  spe: number;
  threshold: number;
  /** Keys carrying most of the residual, largest first (index, residual value). */
  residual: Array<{ key: number; value: number }>;
}

/**
 * PCA anomaly detection on count vectors (Xu et al. 2009): the leading principal components of
 * normal training vectors span the "normal subspace"; a vector's squared prediction error (SPE,
 * its squared distance from that subspace after centring) above the Jackson–Mudholkar Q-statistic
 * threshold Q_α is anomalous. The threshold comes from the training eigenvalues alone.
 *
 * @example
 * const p = PcaSpe.fit(normalCounts);
 * p.check(x).anomalous
 */
export class PcaSpe {
  private constructor(
    readonly mean: Float64Array,
    /** Normal-subspace basis (k unit vectors). */
    readonly components: Float64Array[],
    readonly threshold: number,
    readonly explained: number,
  ) {}

  static fit(rows: readonly ArrayLike<number>[], opts: PcaSpeOptions = {}): PcaSpe {
    const n = rows.length, d = rows[0]?.length ?? 0;
    if (n < 2 || d < 1) throw new Error('pca: need at least 2 rows and 1 column');
    const mean = new Float64Array(d);
    for (const r of rows) for (let j = 0; j < d; j++) mean[j] = mean[j]! + (r[j] ?? 0) / n;
    const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    const c = new Float64Array(d);
    for (const r of rows) {
      for (let j = 0; j < d; j++) c[j] = (r[j] ?? 0) - mean[j]!;
      for (let i = 0; i < d; i++) { if (c[i] === 0) continue; const row = cov[i]!; for (let j = 0; j < d; j++) row[j]! += (c[i]! * c[j]!) / n; }
    }
    const { values, vectors } = symmetricEigen(cov);
    const lambda = values.map((x) => Math.max(0, x));
    const total = lambda.reduce((s, x) => s + x, 0);
    const share = opts.variance ?? 0.95;
    let k = 0, acc = 0;
    while (k < d && (total === 0 || acc / total < share)) acc += lambda[k++]!;
    const rest = lambda.slice(k);
    const phi = [1, 2, 3].map((p) => rest.reduce((s, x) => s + x ** p, 0));
    const [p1, p2, p3] = phi as [number, number, number];
    const cAlpha = opts.cAlpha ?? 3.2905;
    let threshold = 0;
    if (p1 > 0 && p2 > 0) {
      const h0 = 1 - (2 * p1 * p3) / (3 * p2 * p2);
      threshold = p1 * Math.pow((cAlpha * Math.sqrt(2 * p2 * h0 * h0)) / p1 + 1 + (p2 * h0 * (h0 - 1)) / (p1 * p1), 1 / h0);
    }
    return new PcaSpe(mean, vectors.slice(0, k).map((v) => Float64Array.from(v)), threshold, total ? acc / total : 1);
  }

  /** Residual of x after removing its projection on the normal subspace. */
  residual(x: ArrayLike<number>): Float64Array {
    const d = this.mean.length, r = new Float64Array(d);
    for (let j = 0; j < d; j++) r[j] = (x[j] ?? 0) - this.mean[j]!;
    for (const p of this.components) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += r[j]! * p[j]!;
      for (let j = 0; j < d; j++) r[j] = r[j]! - dot * p[j]!;
    }
    return r;
  }

  spe(x: ArrayLike<number>): number {
    let s = 0;
    for (const v of this.residual(x)) s += v * v;
    return s;
  }

  check(x: ArrayLike<number>): PcaSpeVerdict {
    const r = this.residual(x);
    let spe = 0;
    for (const v of r) spe += v * v;
    const residual = [...r].map((value, key) => ({ key, value })).filter((e) => Math.abs(e.value) > 1e-9).sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, 5);
    return { anomalous: spe > this.threshold, spe, threshold: this.threshold, residual };
  }
}
