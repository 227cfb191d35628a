import { compact, decayFactor, finite } from './decay.js';

/** Settings of {@link TransitionModel}. */
export interface TransitionOptions {
  /** A next key is normal when it is among the g most likely after the previous key. Default 5. */
  topG?: number;
  /** A previous key is trusted once its (decayed) followers weigh this much; before, nothing is judged. Default 20. */
  minSupport?: number;
  /** Half-life of the counts (ms): old habits fade so changed behaviour becomes normal. Default 7 days. */
  halfLifeMs?: number;
  /** Previous keys kept (least used dropped first). Default 500. */
  maxContexts?: number;
  /** Followers kept per previous key (least weighty dropped first). Default 50. */
  maxFollowers?: number;
}

/** A judged transition. */
export interface TransitionVerdict {
  unexpected: boolean;
  /** Weight of this transition and of all transitions from `prev` (decayed counts), before this one. */
  count: number;
  total: number;
  /** count / total (0 when never seen). */
  probability: number;
  /** The most likely next keys after `prev`, most likely first. */
  expected: number[];
}

interface Ctx { t: number; total: number; next: Map<number, number> }

/** Serialised state. */
export type TransitionJSON = Array<[prev: number, t: number, followers: Array<[next: number, weight: number]>]>;

/**
 * Online first-order next-key model: the streaming form of {@link NextKeyModel} (DeepLog's top-g rule
 * with a back-off support) for a live stream where there is no training phase. Counts of
 * `prev → next` decay with a half-life; a transition is unexpected when `prev` is well supported
 * and `next` is outside its top g. Memory is capped in contexts and followers.
 *
 * @example
 * const m = new TransitionModel({ topG: 1, minSupport: 3 });
 * for (let i = 0; i < 5; i++) m.observe(1, 2, i);
 * m.observe(1, 9, 10).unexpected // true
 */
export class TransitionModel {
  private readonly ctx = new Map<number, Ctx>();
  readonly opts: Required<TransitionOptions>;

  constructor(opts: TransitionOptions = {}) {
    this.opts = {
      topG: Math.max(1, Math.floor(opts.topG ?? 5)),
      minSupport: Math.max(1, opts.minSupport ?? 20),
      halfLifeMs: opts.halfLifeMs ?? 7 * 86_400_000,
      maxContexts: Math.max(1, Math.floor(opts.maxContexts ?? 500)),
      maxFollowers: Math.max(1, Math.floor(opts.maxFollowers ?? 50)),
    };
  }

  /** Judge `prev → next` against what was seen before, then learn it. */
  observe(prev: number, next: number, t: number): TransitionVerdict {
    let c = this.ctx.get(prev);
    if (c) {
      const f = decayFactor(t - c.t, this.opts.halfLifeMs);
      if (f < 1) { c.total *= f; for (const [k, w] of c.next) c.next.set(k, w * f); c.t = t; }
      this.ctx.delete(prev); // re-insert: Map order = least recently used first
      this.ctx.set(prev, c);
    } else {
      c = { t, total: 0, next: new Map() };
      this.ctx.set(prev, c);
      if (this.ctx.size > this.opts.maxContexts) this.ctx.delete(this.ctx.keys().next().value as number);
    }
    const count = c.next.get(next) ?? 0;
    // Rank of `next` by one pass (followers ahead of it); the sorted list only when it is reported.
    let unexpected = false, expected: number[] = [];
    if (c.total >= this.opts.minSupport) {
      let ahead = 0;
      for (const [k, w] of c.next) if (k !== next && (w > count || (w === count && k < next))) ahead++;
      unexpected = ahead >= this.opts.topG;
      if (unexpected) expected = [...c.next.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, this.opts.topG).map(([k]) => k);
    }
    const verdict = { unexpected, count, total: c.total, probability: c.total > 0 ? count / c.total : 0, expected };
    c.total += 1;
    c.next.set(next, count + 1);
    if (c.next.size > this.opts.maxFollowers) {
      let minK = next, minW = Infinity;
      for (const [k, w] of c.next) if (k !== next && w < minW) { minK = k; minW = w; }
      c.total -= c.next.get(minK) ?? 0;
      c.next.delete(minK);
    }
    return verdict;
  }

  /**
   * Forget a key as a context (its template was evicted). Its weight as a follower elsewhere stays
   * and fades: ids are never reused, and scanning every context per eviction would make a flood of
   * unique lines quadratic.
   */
  forget(key: number): void {
    this.ctx.delete(key);
  }

  get size(): number {
    return this.ctx.size;
  }

  toJSON(): TransitionJSON {
    return [...this.ctx].map(([p, c]) => [p, c.t, [...c.next].map(([k, w]) => [k, compact(w)] as [number, number])]);
  }

  /** Rebuild from {@link toJSON}; malformed rows are skipped. */
  static fromJSON(j: unknown, opts: TransitionOptions = {}): TransitionModel {
    const m = new TransitionModel(opts);
    if (!Array.isArray(j)) return m;
    for (const row of j as unknown[]) {
      if (!Array.isArray(row) || !Array.isArray(row[2])) continue;
      const next = new Map<number, number>();
      let total = 0;
      for (const f of row[2] as unknown[]) {
        if (!Array.isArray(f)) continue;
        const w = finite(f[1]);
        if (Number.isInteger(f[0]) && w > 0) { next.set(f[0] as number, w); total += w; }
      }
      if (Number.isInteger(row[0])) m.ctx.set(row[0] as number, { t: finite(row[1]), total, next });
    }
    return m;
  }
}
