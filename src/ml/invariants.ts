import { symmetricEigen } from './eigen.js';

/** One linear relation Σ wᵢ·countᵢ = 0 that held in every normal training vector. */
export interface Invariant {
  /** Non-negligible weights, largest |w| first. */
  terms: Array<{ key: number; weight: number }>;
}

/** Verdict of {@link InvariantModel.check}. */
export interface InvariantVerdict {
  anomalous: boolean;
  /** The broken relations, most broken first, with how far from 0 each came out. */
  broken: Array<{ invariant: Invariant; residual: number }>;
}

/**
 * Invariant mining on count vectors (after Lou et al., USENIX ATC 2010): linear relations among
 * event counts that hold in every normal session — "every block that is allocated is received
 * three times". They are the null space of the normal count matrix (eigenvectors of XᵀX with
 * eigenvalue ≈ 0); a vector breaking any of them is anomalous. Keys that never occur in training
 * give the trivial invariant count = 0, so a never-seen key breaks one too. This is the real-valued
 * relaxation of the paper's sparse integer invariants (no brute-force search), so relations are
 * exact, not "held by 98 % of sessions".
 *
 * @example
 * const m = InvariantModel.fit([[1, 1], [2, 2]]);   // count₀ = count₁
 * m.check([2, 1]).anomalous // true
 */
export class InvariantModel {
  private constructor(readonly invariants: Float64Array[], readonly dims: number, readonly tolerance: number) {}

  /**
   * @param relTol an eigenvalue ≤ relTol × the largest is treated as 0 (default 1e-9).
   * @param tolerance |w·x| above tolerance × max(1, ‖x‖₁) breaks an invariant (default 1e-6).
   */
  static fit(rows: readonly ArrayLike<number>[], relTol = 1e-9, tolerance = 1e-6): InvariantModel {
    const n = rows.length, d = rows[0]?.length ?? 0;
    if (n < 1 || d < 1) throw new Error('invariants: need at least 1 row and 1 column');
    const g = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const r of rows) for (let i = 0; i < d; i++) { const ri = r[i] ?? 0; if (ri === 0) continue; const row = g[i]!; for (let j = 0; j < d; j++) row[j]! += (ri * (r[j] ?? 0)) / n; }
    const { values, vectors } = symmetricEigen(g);
    const top = Math.max(values[0] ?? 0, 1e-300);
    const inv = vectors.filter((_, k) => values[k]! <= relTol * top).map((v) => Float64Array.from(v));
    return new InvariantModel(inv, d, tolerance);
  }

  check(x: ArrayLike<number>): InvariantVerdict {
    let l1 = 0;
    for (let j = 0; j < this.dims; j++) l1 += Math.abs(x[j] ?? 0);
    const tol = this.tolerance * Math.max(1, l1);
    const broken: InvariantVerdict['broken'] = [];
    for (const w of this.invariants) {
      let dot = 0;
      for (let j = 0; j < this.dims; j++) dot += w[j]! * (x[j] ?? 0);
      if (Math.abs(dot) > tol) broken.push({ invariant: describe(w), residual: dot });
    }
    broken.sort((a, b) => Math.abs(b.residual) - Math.abs(a.residual));
    return { anomalous: broken.length > 0, broken };
  }
}

function describe(w: Float64Array): Invariant {
  const big = Math.max(...[...w].map(Math.abs));
  const terms = [...w].map((weight, key) => ({ key, weight: weight / big })).filter((t) => Math.abs(t.weight) >= 0.01).sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  return { terms };
}
