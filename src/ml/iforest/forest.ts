import { averagePathLength } from './path-length.js';
import { rng } from './rng.js';
import { IsolationTree, type TreeJSON } from './tree.js';

/** Isolation-forest parameters (defaults are the paper's). */
export interface IsolationForestOptions {
  /** Trees in the forest (t). Default 100. */
  trees?: number;
  /** Subsample size per tree (ψ). Default 256 (or n when smaller). */
  sampleSize?: number;
  /** Seed of the random generator: same seed + same data = same forest. Default 1. */
  seed?: number;
  /** Feature names, for attributions. Default `f0`, `f1`, … */
  featureNames?: string[];
}

/** Per-feature training statistics kept for explanations (the "baseline" of a feature). */
export interface FeatureStats { median: number; p01: number; p99: number }

/** One feature's share of why a point was isolated. */
export interface Attribution {
  feature: string;
  index: number;
  /** Share (0..1) of the isolation credit; shares sum to 1. */
  share: number;
  /** The point sat below (`low`) or above (`high`) most splits on this feature that it met. */
  direction: 'low' | 'high';
  observed: number;
  /** The training data's median and 1st/99th percentiles of the feature. */
  baseline: FeatureStats;
}

/** JSON form of a fitted forest. */
export interface IsolationForestJSON {
  kind: 'isolation-forest';
  version: 1;
  sampleSize: number;
  seed: number;
  features: string[];
  stats: FeatureStats[];
  trees: TreeJSON[];
}

/** Rows as arrays, or a row-major Float64Array with `d` columns. */
export type Matrix = number[][] | { data: Float64Array; rows: number; cols: number };

function toFlat(x: Matrix): { data: Float64Array; rows: number; cols: number } {
  if (!Array.isArray(x)) return x;
  const rows = x.length, cols = x[0]?.length ?? 0;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = x[i]!;
    if (row.length !== cols) throw new Error(`isolation forest: row ${i} has ${row.length} values, expected ${cols}`);
    for (let j = 0; j < cols; j++) data[i * cols + j] = Number.isFinite(row[j]!) ? row[j]! : 0;
  }
  return { data, rows, cols };
}

function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Isolation forest (Liu, Ting & Zhou, ICDM 2008; TKDD 2012): anomalies are few and different, so
 * random axis-parallel splits isolate them in fewer steps. Each of `trees` trees is grown on a
 * subsample of ψ rows (without replacement) to height ⌈log2 ψ⌉; the score of x is
 * 2^(−E[h(x)] / c(ψ)), near 1 for anomalies and ≤ 0.5 for normal points.
 *
 * Attributions (`explain`) credit each split on x's path, in every tree, with the bits of isolation
 * it contributed — log2(points at the node / points on x's side) — weighted by the tree's own
 * isolation score 2^(−h/c(ψ)), summed per feature and normalised to shares: the features whose
 * splits cut x away from most of the data, early and in many trees, come first (see docs/ml.md).
 *
 * @example
 * const f = IsolationForest.fit(rows, { seed: 7, featureNames: ['logins', 'hosts'] });
 * f.score([40, 9])   // ≈ 0.7: unusual
 * f.explain([40, 9])[0].feature // 'logins'
 */
export class IsolationForest {
  private readonly cPsi: number;

  private constructor(
    readonly trees: IsolationTree[],
    readonly sampleSize: number,
    readonly seed: number,
    readonly features: string[],
    readonly stats: FeatureStats[],
  ) {
    this.cPsi = averagePathLength(sampleSize);
  }

  /** Fit on training rows (numbers; non-finite values read as 0). */
  static fit(x: Matrix, opts: IsolationForestOptions = {}): IsolationForest {
    const { data, rows, cols } = toFlat(x);
    if (rows < 2 || cols < 1) throw new Error('isolation forest: need at least 2 rows and 1 column');
    const t = Math.max(1, Math.floor(opts.trees ?? 100));
    const psi = Math.max(2, Math.min(Math.floor(opts.sampleSize ?? 256), rows));
    const seed = opts.seed ?? 1;
    const rand = rng(seed);
    const height = Math.ceil(Math.log2(psi));
    const all = new Int32Array(rows);
    const trees: IsolationTree[] = [];
    for (let k = 0; k < t; k++) {
      // Partial Fisher–Yates: the first ψ of a shuffled index are the subsample.
      for (let i = 0; i < rows; i++) all[i] = i;
      for (let i = 0; i < psi; i++) {
        const j = i + Math.floor(rand() * (rows - i));
        const tmp = all[i]!; all[i] = all[j]!; all[j] = tmp;
      }
      trees.push(IsolationTree.grow(data, cols, all.slice(0, psi), height, rand));
    }
    const names = opts.featureNames && opts.featureNames.length === cols ? [...opts.featureNames] : Array.from({ length: cols }, (_, j) => `f${j}`);
    const stats: FeatureStats[] = [];
    const col = new Float64Array(rows);
    for (let j = 0; j < cols; j++) {
      for (let i = 0; i < rows; i++) col[i] = data[i * cols + j]!;
      col.sort();
      stats.push({ median: quantileSorted(col, 0.5), p01: quantileSorted(col, 0.01), p99: quantileSorted(col, 0.99) });
    }
    return new IsolationForest(trees, psi, seed, names, stats);
  }

  get dimensions(): number {
    return this.features.length;
  }

  /** Mean path length E[h(x)] over the trees. */
  meanPathLength(x: ArrayLike<number>, offset = 0): number {
    let sum = 0;
    for (const t of this.trees) sum += t.pathLength(x, offset);
    return sum / this.trees.length;
  }

  /** Anomaly score in (0, 1]: 2^(−E[h(x)] / c(ψ)). */
  score(x: ArrayLike<number>): number {
    if (x.length !== this.dimensions) throw new Error(`isolation forest: expected ${this.dimensions} values, got ${x.length}`);
    return Math.pow(2, -this.meanPathLength(x) / this.cPsi);
  }

  /** Scores of many rows. */
  scoreAll(x: Matrix): Float64Array {
    const { data, rows, cols } = toFlat(x);
    if (cols !== this.dimensions) throw new Error(`isolation forest: expected ${this.dimensions} columns, got ${cols}`);
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) out[i] = Math.pow(2, -this.meanPathLength(data, i * cols) / this.cPsi);
    return out;
  }

  /** Per-feature attributions for `x`, largest share first (see the class comment for the method). */
  explain(x: ArrayLike<number>): Attribution[] {
    const d = this.dimensions;
    const credit = new Float64Array(d), lowVotes = new Float64Array(d);
    for (const t of this.trees) {
      const { splits, length } = t.path(x);
      // Trees that isolated x quickly speak louder: weight by the tree's own score.
      const weight = Math.pow(2, -length / this.cPsi);
      for (const s of splits) {
        const c = weight * s.bits;
        credit[s.feature] = credit[s.feature]! + c;
        if (s.low) lowVotes[s.feature] = lowVotes[s.feature]! + c;
      }
    }
    let total = 0;
    for (let j = 0; j < d; j++) total += credit[j]!;
    const out: Attribution[] = [];
    for (let j = 0; j < d; j++) {
      if (!(credit[j]! > 0)) continue;
      out.push({
        feature: this.features[j]!, index: j, share: credit[j]! / total,
        direction: lowVotes[j]! * 2 > credit[j]! ? 'low' : 'high', observed: Number(x[j]), baseline: this.stats[j]!,
      });
    }
    return out.sort((a, b) => b.share - a.share);
  }

  toJSON(): IsolationForestJSON {
    return { kind: 'isolation-forest', version: 1, sampleSize: this.sampleSize, seed: this.seed, features: this.features, stats: this.stats, trees: this.trees.map((t) => t.toJSON()) };
  }

  static from(raw: unknown): IsolationForest {
    const j = raw as Partial<IsolationForestJSON> | null;
    if (!j || j.kind !== 'isolation-forest' || j.version !== 1) throw new Error('isolation forest: not a version-1 isolation-forest document');
    if (!Array.isArray(j.trees) || j.trees.length === 0 || !Array.isArray(j.features) || !Array.isArray(j.stats)) throw new Error('isolation forest: missing trees, features or stats');
    if (!(typeof j.sampleSize === 'number' && j.sampleSize >= 2)) throw new Error('isolation forest: bad sampleSize');
    return new IsolationForest(j.trees.map((t) => IsolationTree.from(t)), j.sampleSize, j.seed ?? 1, j.features, j.stats);
  }
}
