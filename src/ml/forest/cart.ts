import type { BinnedColumns } from './binning.js';

/** JSON form of one classification tree: flat arrays, leaves have feature −1 and a class distribution. */
export interface CartJSON { f: number[]; t: number[]; l: number[]; r: number[]; p: number[][] }

/** How one tree is grown. */
export interface GrowOptions {
  /** Classes (labels are 0..classes−1). */
  classes: number;
  /** Features examined per split (more are examined only while none of them can split the node). */
  maxFeatures: number;
  /** Depth limit; Infinity grows until leaves are pure. */
  maxDepth: number;
  /** A node with less total weight than this is a leaf. */
  minSplitWeight: number;
  rand: () => number;
  /** Mean-decrease-in-impurity per feature, accumulated here (weighted by node weight). */
  importance: Float64Array;
}

/**
 * A CART classification tree (Gini impurity) over binned features: node i tests `x[f[i]] <= t[i]`
 * (left if true); a leaf (`f[i] = −1`) holds the class distribution `p[i]` of its training weight.
 */
export class CartTree {
  constructor(
    readonly f: Int32Array,
    readonly t: Float64Array,
    readonly l: Int32Array,
    readonly r: Int32Array,
    readonly p: Float64Array[],
  ) {}

  /**
   * Grow on rows with positive `weight` (bootstrap counts). `y` holds class ids.
   * Split search per node: a class histogram per candidate feature over its bins, then one scan
   * for the cut that maximises Σ L_c²/w_L + Σ R_c²/w_R (equivalently minimises weighted Gini).
   */
  static grow(b: BinnedColumns, y: Uint8Array, weight: Float64Array, o: GrowOptions): CartTree {
    const d = b.bins.length, k = o.classes;
    const idx: number[] = [];
    for (let i = 0; i < weight.length; i++) if (weight[i]! > 0) idx.push(i);
    const rows = Int32Array.from(idx);
    const f: number[] = [], t: number[] = [], l: number[] = [], r: number[] = [], p: Float64Array[] = [];
    const hist = new Float64Array(256 * k), left = new Float64Array(k), tot = new Float64Array(k);
    const order = new Int32Array(d);
    for (let j = 0; j < d; j++) order[j] = j;
    let rootWeight = 0;
    for (const i of rows) rootWeight += weight[i]!;
    // Explicit stack of [node id, lo, hi, depth].
    const stack: Array<[number, number, number, number]> = [];
    const newNode = (): number => { f.push(-1); t.push(0); l.push(-1); r.push(-1); p.push(new Float64Array(0)); return f.length - 1; };
    stack.push([newNode(), 0, rows.length, 0]);
    while (stack.length) {
      const [node, lo, hi, depth] = stack.pop()!;
      tot.fill(0);
      for (let q = lo; q < hi; q++) { const i = rows[q]!; tot[y[i]!]! += weight[i]!; }
      let wt = 0, sq = 0;
      for (let c = 0; c < k; c++) { wt += tot[c]!; sq += tot[c]! * tot[c]!; }
      const gini = 1 - sq / (wt * wt);
      const pure = gini <= 1e-12;
      // Like CART in scikit-learn, any valid split is taken, even one that does not lower the impurity
      // (XOR-like data has none at the root that does).
      let bestF = -1, bestBin = -1, bestScore = -Infinity;
      if (!pure && depth < o.maxDepth && wt >= o.minSplitWeight) {
        // Random feature order (partial Fisher–Yates as we go); stop after maxFeatures unless none split yet.
        for (let m = 0; m < d; m++) {
          if (m >= o.maxFeatures && bestF >= 0) break;
          const s = m + Math.floor(o.rand() * (d - m));
          const j = order[s]!; order[s] = order[m]!; order[m] = j;
          const cuts = b.cuts[j]!;
          const nb = cuts.length + 1;
          if (nb < 2) continue;
          const col = b.bins[j]!;
          hist.fill(0, 0, nb * k);
          for (let q = lo; q < hi; q++) { const i = rows[q]!; hist[col[i]! * k + y[i]!]! += weight[i]!; }
          left.fill(0);
          let wl = 0;
          for (let bin = 0; bin < nb - 1; bin++) {
            let binW = 0;
            for (let c = 0; c < k; c++) { const h = hist[bin * k + c]!; left[c]! += h; binW += h; }
            if (binW === 0) continue;
            wl += binW;
            const wr = wt - wl;
            if (wr <= 0) break;
            let sl = 0, sr = 0;
            for (let c = 0; c < k; c++) { const a = left[c]!, z = tot[c]! - a; sl += a * a; sr += z * z; }
            const score = sl / wl + sr / wr;
            if (score > bestScore) { bestScore = score; bestF = j; bestBin = bin; }
          }
        }
      }
      if (bestF < 0) {
        const dist = new Float64Array(k);
        for (let c = 0; c < k; c++) dist[c] = tot[c]! / wt;
        p[node] = dist;
        continue;
      }
      // Partition rows[lo, hi) by bin <= bestBin.
      const col = b.bins[bestF]!;
      let a = lo, z = hi - 1;
      while (a <= z) {
        if (col[rows[a]!]! <= bestBin) a++;
        else { const tmp = rows[a]!; rows[a] = rows[z]!; rows[z] = tmp; z--; }
      }
      // Impurity decrease (weighted by the node's share of the root) = (score − sq/wt) / rootWeight.
      o.importance[bestF]! += (bestScore - sq / wt) / rootWeight;
      f[node] = bestF; t[node] = b.cuts[bestF]![bestBin]!;
      const li = newNode(), ri = newNode();
      l[node] = li; r[node] = ri;
      stack.push([ri, a, hi, depth + 1], [li, lo, a, depth + 1]);
    }
    return new CartTree(Int32Array.from(f), Float64Array.from(t), Int32Array.from(l), Int32Array.from(r), p);
  }

  /** Class distribution of the leaf that `x` (raw feature values from `offset`) falls in. */
  leaf(x: ArrayLike<number>, offset = 0): Float64Array {
    let n = 0;
    while (this.f[n]! >= 0) {
      const v = x[offset + this.f[n]!]!;
      n = v <= this.t[n]! ? this.l[n]! : this.r[n]!;
    }
    return this.p[n]!;
  }

  get nodes(): number {
    return this.f.length;
  }

  toJSON(): CartJSON {
    return { f: [...this.f], t: [...this.t], l: [...this.l], r: [...this.r], p: this.p.map((d) => [...d]) };
  }

  static from(j: CartJSON): CartTree {
    return new CartTree(Int32Array.from(j.f), Float64Array.from(j.t), Int32Array.from(j.l), Int32Array.from(j.r), j.p.map((d) => Float64Array.from(d)));
  }
}
