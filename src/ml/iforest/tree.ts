import { averagePathLength } from './path-length.js';
import { randInt } from './rng.js';

/** JSON form of one isolation tree (flat arrays, leaves have feature −1). */
export interface TreeJSON { f: number[]; s: number[]; l: number[]; r: number[]; n: number[] }

/**
 * One isolation tree in flat arrays: node i splits on feature `f[i]` at `s[i]` (x < s goes left);
 * a leaf (`f[i] = −1`) holds `n[i]` training points. At most 2ψ − 1 nodes.
 */
export class IsolationTree {
  constructor(
    readonly f: Int32Array,
    readonly s: Float64Array,
    readonly l: Int32Array,
    readonly r: Int32Array,
    readonly n: Int32Array,
  ) {}

  /**
   * Grow a tree on the rows `idx` of row-major `data` (`d` columns) up to `heightLimit`.
   * Each node picks a random feature that is not constant on its points and a split uniform
   * between that feature's min and max (Liu et al. 2008, Algorithm 2).
   */
  static grow(data: Float64Array, d: number, idx: Int32Array, heightLimit: number, rand: () => number): IsolationTree {
    const cap = 2 * idx.length;
    const f = new Int32Array(cap).fill(-1), l = new Int32Array(cap), r = new Int32Array(cap), n = new Int32Array(cap);
    const s = new Float64Array(cap);
    let used = 0;
    const order = new Int32Array(d);
    // Explicit stack: [node, from, to, depth].
    const stack: number[] = [];
    const root = used++;
    stack.push(root, 0, idx.length, 0);
    while (stack.length) {
      const depth = stack.pop()!, to = stack.pop()!, from = stack.pop()!, node = stack.pop()!;
      const size = to - from;
      n[node] = size;
      if (depth >= heightLimit || size <= 1) continue;
      // Random order of features; take the first that varies on this node's points.
      for (let i = 0; i < d; i++) order[i] = i;
      let feat = -1, lo = 0, hi = 0;
      for (let k = 0; k < d; k++) {
        const j = k + randInt(rand, d - k);
        const tmp = order[k]!; order[k] = order[j]!; order[j] = tmp;
        const c = order[k]!;
        let mn = Infinity, mx = -Infinity;
        for (let i = from; i < to; i++) {
          const v = data[idx[i]! * d + c]!;
          if (v < mn) mn = v;
          if (v > mx) mx = v;
        }
        if (mx > mn) { feat = c; lo = mn; hi = mx; break; }
      }
      if (feat < 0) continue; // all points identical: a leaf
      let split = lo + rand() * (hi - lo);
      if (!(split > lo)) split = lo + (hi - lo) / 2;
      // Partition idx[from, to) so that x < split comes first.
      let a = from, b = to - 1;
      while (a <= b) {
        if (data[idx[a]! * d + feat]! < split) a++;
        else { const t = idx[a]!; idx[a] = idx[b]!; idx[b] = t; b--; }
      }
      const left = used++, right = used++;
      f[node] = feat; s[node] = split; l[node] = left; r[node] = right;
      stack.push(right, a, to, depth + 1, left, from, a, depth + 1);
    }
    return new IsolationTree(f.slice(0, used), s.slice(0, used), l.slice(0, used), r.slice(0, used), n.slice(0, used));
  }

  /** Path length h(x) of row `x` (offset `o` in `data`), with c(size) added at a leaf. */
  pathLength(x: ArrayLike<number>, o = 0): number {
    let node = 0, depth = 0;
    while (this.f[node]! >= 0) {
      node = x[o + this.f[node]!]! < this.s[node]! ? this.l[node]! : this.r[node]!;
      depth++;
    }
    return depth + averagePathLength(this.n[node]!);
  }

  /**
   * The splits on the path of `x`: feature, depth, whether `x` went to the low side, and `bits`,
   * log2(points at the node / points in the child x went to) — how much of the node's data that
   * split cut away from x. The bits along a path sum to log2(ψ / points in x's leaf).
   */
  path(x: ArrayLike<number>): { splits: Array<{ feature: number; depth: number; low: boolean; bits: number }>; length: number } {
    const splits: Array<{ feature: number; depth: number; low: boolean; bits: number }> = [];
    let node = 0, depth = 0;
    while (this.f[node]! >= 0) {
      const feature = this.f[node]!;
      const low = x[feature]! < this.s[node]!;
      const child = low ? this.l[node]! : this.r[node]!;
      splits.push({ feature, depth, low, bits: Math.log2(Math.max(1, this.n[node]!) / Math.max(1, this.n[child]!)) });
      node = child;
      depth++;
    }
    return { splits, length: depth + averagePathLength(this.n[node]!) };
  }

  get nodes(): number {
    return this.f.length;
  }

  toJSON(): TreeJSON {
    return { f: [...this.f], s: [...this.s], l: [...this.l], r: [...this.r], n: [...this.n] };
  }

  static from(j: TreeJSON): IsolationTree {
    const len = j.f.length;
    if (![j.s, j.l, j.r, j.n].every((a) => Array.isArray(a) && a.length === len)) throw new Error('isolation tree: arrays of unequal length');
    const t = new IsolationTree(Int32Array.from(j.f), Float64Array.from(j.s), Int32Array.from(j.l), Int32Array.from(j.r), Int32Array.from(j.n));
    for (let i = 0; i < len; i++) {
      if (t.f[i]! >= 0 && !(t.l[i]! > i && t.l[i]! < len && t.r[i]! > i && t.r[i]! < len)) throw new Error(`isolation tree: bad child index at node ${i}`);
    }
    return t;
  }
}
