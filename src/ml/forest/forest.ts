import { rng } from '../iforest/rng.js';
import { binColumns, type DenseMatrix } from './binning.js';
import { CartTree, type CartJSON } from './cart.js';

/** Random-forest parameters (defaults follow scikit-learn's RandomForestClassifier). */
export interface RandomForestOptions {
  /** Trees. Default 100. */
  trees?: number;
  /** Features tried per split: `'sqrt'` (default), `'log2'`, a count, or a fraction in (0, 1). */
  maxFeatures?: 'sqrt' | 'log2' | number;
  /** Depth limit. Default unlimited (grow until pure). */
  maxDepth?: number;
  /** Nodes with fewer (bootstrap-weighted) rows are leaves. Default 2. */
  minSamplesSplit?: number;
  /** Draw a bootstrap sample per tree (default true). */
  bootstrap?: boolean;
  /** Same seed + same data = same forest. Default 1. */
  seed?: number;
  /** Feature names, for importances. Default `f0`, `f1`, … */
  featureNames?: string[];
}

/** JSON form of a fitted forest. */
export interface RandomForestJSON { kind: 'random-forest'; version: 1; classes: number; features: string[]; importances: number[]; trees: CartJSON[] }

/** A feature's mean decrease in Gini impurity, normalised so all sum to 1. */
export interface FeatureImportance { feature: string; index: number; importance: number }

function featuresPerSplit(opt: RandomForestOptions['maxFeatures'], d: number): number {
  if (opt === undefined || opt === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(d)));
  if (opt === 'log2') return Math.max(1, Math.floor(Math.log2(d)));
  if (opt > 0 && opt < 1) return Math.max(1, Math.floor(opt * d));
  return Math.max(1, Math.min(d, Math.floor(opt)));
}

/**
 * Random forest classifier (Breiman 2001): CART trees with Gini impurity, each grown on a bootstrap
 * sample with √d candidate features per split, probabilities averaged over trees. Features are
 * quantised to ≤ 256 bins learned from the training rows (exact splits when a column has ≤ 256
 * distinct values), which keeps a 50k × 40 fit to seconds; trees are stored with raw thresholds,
 * so prediction takes raw values. Importances are the mean decrease in impurity.
 *
 * @example
 * const rf = RandomForest.fit({ data, rows, cols }, labels, { trees: 100, seed: 7 });
 * rf.probability(row)          // P(class 1)
 * rf.importances()[0].feature  // most useful feature
 */
export class RandomForest {
  private constructor(
    readonly trees: CartTree[],
    readonly classes: number,
    readonly features: string[],
    private readonly mdi: Float64Array,
  ) {}

  /** Fit on `x` with class ids `y` (0..k−1). */
  static fit(x: DenseMatrix, y: ArrayLike<number>, opts: RandomForestOptions = {}): RandomForest {
    const n = x.rows, d = x.cols;
    if (n < 2 || d < 1 || y.length !== n) throw new Error(`random forest: need ≥ 2 rows, ≥ 1 column and one label per row (got ${n} rows, ${y.length} labels)`);
    const labels = new Uint8Array(n);
    let classes = 2;
    for (let i = 0; i < n; i++) {
      const c = y[i]!;
      if (!Number.isInteger(c) || c < 0 || c > 255) throw new Error(`random forest: label of row ${i} is ${c}, expected a class id 0..255`);
      labels[i] = c;
      if (c + 1 > classes) classes = c + 1;
    }
    const binned = binColumns(x);
    const rand = rng(opts.seed ?? 1);
    const nTrees = Math.max(1, Math.floor(opts.trees ?? 100));
    const mdi = new Float64Array(d);
    const trees: CartTree[] = [];
    const weight = new Float64Array(n);
    for (let k = 0; k < nTrees; k++) {
      if (opts.bootstrap === false) weight.fill(1);
      else { weight.fill(0); for (let i = 0; i < n; i++) weight[Math.floor(rand() * n)]! += 1; }
      const importance = new Float64Array(d);
      trees.push(CartTree.grow(binned, labels, weight, {
        classes, maxFeatures: featuresPerSplit(opts.maxFeatures, d), maxDepth: opts.maxDepth ?? Infinity,
        minSplitWeight: opts.minSamplesSplit ?? 2, rand, importance,
      }));
      // Each tree's importances are normalised before averaging, as scikit-learn does.
      let s = 0;
      for (let j = 0; j < d; j++) s += importance[j]!;
      if (s > 0) for (let j = 0; j < d; j++) mdi[j] = mdi[j]! + importance[j]! / s;
    }
    const names = opts.featureNames && opts.featureNames.length === d ? [...opts.featureNames] : Array.from({ length: d }, (_, j) => `f${j}`);
    return new RandomForest(trees, classes, names, mdi);
  }

  /** Mean class distribution over the trees for `x` (starting at `offset` of a flat array). */
  distribution(x: ArrayLike<number>, offset = 0): Float64Array {
    const out = new Float64Array(this.classes);
    for (const t of this.trees) {
      const p = t.leaf(x, offset);
      for (let c = 0; c < p.length; c++) out[c] = out[c]! + p[c]!;
    }
    for (let c = 0; c < out.length; c++) out[c] = out[c]! / this.trees.length;
    return out;
  }

  /** P(class 1) for one row (binary use). */
  probability(x: ArrayLike<number>): number {
    if (x.length !== this.features.length) throw new Error(`random forest: expected ${this.features.length} values, got ${x.length}`);
    return this.distribution(x)[1] ?? 0;
  }

  /** P(class 1) for every row of `x`. Tree by tree over all rows, so one tree's arrays stay in cache. */
  probabilities(x: DenseMatrix): Float64Array {
    if (x.cols !== this.features.length) throw new Error(`random forest: expected ${this.features.length} columns, got ${x.cols}`);
    const out = new Float64Array(x.rows), data = x.data, cols = x.cols;
    for (const t of this.trees) {
      const f = t.f, th = t.t, l = t.l, r = t.r;
      // Leaf values as one array: P(class 1) per node.
      const p1 = Float64Array.from(t.p, (d) => d[1] ?? 0);
      for (let i = 0, off = 0; i < x.rows; i++, off += cols) {
        let n = 0;
        while (f[n]! >= 0) n = data[off + f[n]!]! <= th[n]! ? l[n]! : r[n]!;
        out[i] = out[i]! + p1[n]!;
      }
    }
    for (let i = 0; i < out.length; i++) out[i] = out[i]! / this.trees.length;
    return out;
  }

  /** Mean decrease in impurity per feature, largest first, summing to 1. */
  importances(): FeatureImportance[] {
    let s = 0;
    for (const v of this.mdi) s += v;
    return this.features.map((feature, index) => ({ feature, index, importance: s > 0 ? this.mdi[index]! / s : 0 }))
      .sort((a, b) => b.importance - a.importance);
  }

  toJSON(): RandomForestJSON {
    return { kind: 'random-forest', version: 1, classes: this.classes, features: this.features, importances: [...this.mdi], trees: this.trees.map((t) => t.toJSON()) };
  }

  static from(raw: unknown): RandomForest {
    const j = raw as Partial<RandomForestJSON> | null;
    if (!j || j.kind !== 'random-forest' || j.version !== 1) throw new Error('random forest: not a version-1 random-forest document');
    if (!Array.isArray(j.trees) || !j.trees.length || !Array.isArray(j.features) || typeof j.classes !== 'number') throw new Error('random forest: missing trees, features or classes');
    return new RandomForest(j.trees.map((t) => CartTree.from(t)), j.classes, j.features, Float64Array.from(j.importances ?? j.features.map(() => 0)));
  }
}
