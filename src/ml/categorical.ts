import { compact, decayFactor, finite } from './decay.js';

/** One value's history inside a {@link CategoricalNovelty}. */
export interface CategoryStats {
  /** Weight, scaled to the structure's reference time (see the class comment). */
  w: number;
  /** Observations counted (not decayed). */
  n: number;
  /** First and last time seen (epoch ms). */
  first: number;
  last: number;
}

/** The answer to "how new is this value for the entity". */
export interface NoveltyAssessment {
  /** The value was seen before (and is still remembered). */
  seen: boolean;
  /** Decayed share (0..1) of the entity's observations that had this value. */
  share: number;
  /** Times seen (not decayed); 0 when new. */
  count: number;
  firstSeen?: number;
  lastSeen?: number;
  /** Distinct values remembered and their total decayed weight. */
  distinct: number;
  weight: number;
}

/** JSON form: [value, weight at `t`, count, first, last] tuples + time `t` + first observation time. */
export interface CategoricalJSON { v: Array<[string, number, number, number, number]>; t: number; s: number }

const REBASE_HALF_LIVES = 30;

/**
 * Categorical novelty: which values (source IPs, countries, hosts, workstations) an entity uses
 * and how often, with exponential decay. At most `maxValues` are remembered; when a new value
 * would exceed that, the least-weighted eighth is evicted, so a scanner cycling through addresses
 * cannot grow state. Decay is lazy (weights scaled to a reference time), so an observation costs
 * O(1), plus an amortised O(log n) for eviction.
 *
 * @example
 * const c = new CategoricalNovelty(32);
 * c.observe('GB', t); c.assess('FR').seen // false
 */
export class CategoricalNovelty {
  private readonly values = new Map<string, CategoryStats>();
  /** Latest time seen: weights are read at this time. */
  t = 0;
  /** First observation ever (epoch ms; 0 = none): the learning period runs from here. */
  since = 0;
  private ref = 0;
  private scaledTotal = 0;

  constructor(readonly maxValues = 32, readonly halfLifeMs = 30 * 86_400_000) {}

  private get factor(): number {
    return decayFactor(this.t - this.ref, this.halfLifeMs);
  }

  private advance(t: number): void {
    if (!Number.isFinite(t) || t <= this.t) return;
    if (this.t === 0) this.ref = t;
    this.t = t;
    if (this.t - this.ref > REBASE_HALF_LIVES * this.halfLifeMs) {
      const f = this.factor;
      for (const s of this.values.values()) s.w *= f;
      this.scaledTotal *= f;
      this.ref = this.t;
    }
  }

  /** Number of distinct values remembered. */
  get size(): number {
    return this.values.size;
  }

  /** Record one observation of `value` at `t`. */
  observe(value: string, t: number, w = 1): void {
    if (!Number.isFinite(t) || !(w > 0) || !Number.isFinite(w)) return;
    this.advance(t);
    if (this.since === 0 || t < this.since) this.since = t;
    const v = (w * decayFactor(this.t - t, this.halfLifeMs)) / this.factor;
    if (!Number.isFinite(v)) return;
    this.put(value, v, 1, t, t);
  }

  private put(value: string, v: number, n: number, first: number, last: number): void {
    const s = this.values.get(value);
    if (s) {
      s.w += v;
      s.n += n;
      if (last > s.last) s.last = last;
      if (first < s.first) s.first = first;
    } else {
      this.values.set(value, { w: v, n, first, last });
      if (this.values.size > this.maxValues) this.evict(value);
    }
    this.scaledTotal += v;
  }

  /**
   * Make room: drop the least-weighted eighth of the values at once (never the one just added).
   * Batching keeps a scanner that makes every value new at O(log n) amortised per observation
   * instead of a full scan each time.
   */
  private evict(keep: string): void {
    const k = Math.max(1, Math.floor(this.maxValues / 8));
    const all: Array<[string, number]> = [];
    this.values.forEach((s, key) => {
      if (key !== keep) all.push([key, s.w]);
    });
    all.sort((a, b) => a[1] - b[1]);
    for (let i = 0; i < k && i < all.length; i++) {
      const key = all[i]![0];
      this.scaledTotal -= this.values.get(key)!.w;
      this.values.delete(key);
    }
  }

  /** The values currently remembered. */
  known(): string[] {
    return [...this.values.keys()];
  }

  /** How known `value` is, without recording it. */
  assess(value: string): NoveltyAssessment {
    const s = this.values.get(value);
    const f = this.factor;
    const total = Math.max(0, this.scaledTotal * f);
    const out: NoveltyAssessment = {
      seen: !!s, share: s && total > 0 ? Math.min(1, (s.w * f) / total) : 0, count: s?.n ?? 0, distinct: this.values.size, weight: total,
    };
    if (s) { out.firstSeen = s.first; out.lastSeen = s.last; }
    return out;
  }

  /** Add another entity's values (for peer aggregates). */
  merge(o: CategoricalNovelty): void {
    this.advance(o.t);
    const f = (decayFactor(this.t - o.t, this.halfLifeMs) * o.factor) / this.factor;
    for (const [k, s] of o.values) this.put(k, s.w * f, s.n, s.first, s.last);
    if (o.since > 0 && (this.since === 0 || o.since < this.since)) this.since = o.since;
  }

  toJSON(): CategoricalJSON {
    const f = this.factor;
    return { v: [...this.values].map(([k, s]) => [k, compact(s.w * f), s.n, s.first, s.last]), t: this.t, s: this.since };
  }

  static from(raw: unknown, maxValues?: number, halfLifeMs?: number): CategoricalNovelty {
    const c = new CategoricalNovelty(maxValues, halfLifeMs);
    const r = (raw ?? {}) as Partial<CategoricalJSON>;
    c.t = finite(r.t);
    c.ref = c.t;
    c.since = finite(r.s);
    for (const row of Array.isArray(r.v) ? r.v : []) {
      if (!Array.isArray(row) || typeof row[0] !== 'string') continue;
      c.put(row[0], Math.max(0, finite(row[1])), Math.max(0, finite(row[2])), finite(row[3]), finite(row[4]));
    }
    return c;
  }
}
