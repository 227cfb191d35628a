import { compact, decayFactor, finite } from './decay.js';

/** JSON form of {@link HourOfWeekHistogram}: weights decayed to time `t`. */
export interface HourOfWeekJSON { b: number[]; n: number; t: number }

/** How usual an hour is for one histogram (an entity, or a peer group). */
export interface HourUsualness {
  /** Decayed number of observations behind the estimate. */
  weight: number;
  /** Share (0..1) of activity in this hour of the week, ±1 hour smoothing. */
  weekShare: number;
  /** Share (0..1) of activity at this hour of day on any day of the week, ±1 hour smoothing. */
  dayShare: number;
  /**
   * Smoothed probability relative to a uniform spread (1 = as usual as any hour, 0.05 = 20× rarer).
   * The larger of the week and day ratios: someone who works Tuesday nights is not unusual on a Thursday night.
   */
  ratio: number;
}

const BINS = 168;
/** Pseudo-count per bin: an empty history is uniform, not "everything is rare". */
const PRIOR = 0.005;
/** Rebase the lazy scale after this many half-lives (keeps the scaled weights far from overflow). */
const REBASE_HALF_LIVES = 30;

/**
 * Decayed activity histogram over the 168 hours of the week for one entity (or one peer group).
 * State is 168 numbers + 2. Old habits fade with `halfLifeMs` (default 30 days), so a changed rota
 * takes over in a few weeks. Decay is lazy: weights are stored scaled to a reference time and an
 * update costs O(1) (a full rescale happens once every 30 half-lives).
 *
 * @example
 * const h = new HourOfWeekHistogram();
 * h.add(51, t);            // Tuesday 03:00
 * h.assess(51).ratio        // > 1: usual hour
 */
export class HourOfWeekHistogram {
  /** Weights scaled to `ref`: real weight at `t` = scaled × decay(t − ref). */
  private scaled: number[] = new Array<number>(BINS).fill(0);
  private scaledTotal = 0;
  private ref = 0;
  /** Latest time seen (epoch ms): the time the weights are read at. */
  t = 0;

  constructor(readonly halfLifeMs = 30 * 86_400_000) {}

  /** Multiplier from scaled to real weights at the current time. */
  private get factor(): number {
    return decayFactor(this.t - this.ref, this.halfLifeMs);
  }

  private rebase(): void {
    const f = this.factor;
    for (let i = 0; i < BINS; i++) this.scaled[i]! *= f;
    this.scaledTotal *= f;
    this.ref = this.t;
  }

  /** Move the reading time forward to `t` (never backwards). */
  decayTo(t: number): void {
    if (!Number.isFinite(t) || t <= this.t) return;
    if (this.t === 0) this.ref = t;
    this.t = t;
    if (this.t - this.ref > REBASE_HALF_LIVES * this.halfLifeMs) this.rebase();
  }

  /** Decayed weights per hour of week, read at the latest time. */
  get bins(): number[] {
    const f = this.factor;
    return this.scaled.map((v) => v * f);
  }

  /** Total decayed weight. */
  get total(): number {
    return this.scaledTotal * this.factor;
  }

  /** Count activity in hour-of-week `how` at time `t` (late events count a little less). */
  add(how: number, t: number, w = 1): void {
    if (!(how >= 0 && how < BINS) || !(w > 0) || !Number.isFinite(w) || !Number.isFinite(t)) return;
    this.decayTo(t);
    // Real weight now = w × decay(this.t − t); scaled = real / decay(this.t − ref).
    const v = (w * decayFactor(this.t - t, this.halfLifeMs)) / this.factor;
    if (!Number.isFinite(v)) return;
    this.scaled[Math.floor(how)]! += v;
    this.scaledTotal += v;
  }

  /** Add another histogram's weights (e.g. a user's into their peer group's). */
  merge(o: HourOfWeekHistogram): void {
    this.decayTo(o.t);
    const f = decayFactor(this.t - o.t, this.halfLifeMs) / this.factor;
    const theirs = o.bins;
    for (let i = 0; i < BINS; i++) this.scaled[i]! += theirs[i]! * f;
    this.scaledTotal += o.total * f;
  }

  /** Scaled weight of hour `how` smoothed with its neighbours (½ weight each side). */
  private smoothed(how: number): number {
    const at = (i: number) => this.scaled[((i % BINS) + BINS) % BINS]!;
    return (at(how - 1) * 0.5 + at(how) + at(how + 1) * 0.5) / 2;
  }

  /** How usual activity in hour-of-week `how` is for this histogram. */
  assess(how: number): HourUsualness {
    const f = this.factor;
    const total = Math.max(0, this.scaledTotal * f);
    const week = this.smoothed(how) * f;
    const hod = how % 24;
    let day = 0;
    for (let d = 0; d < 7; d++) day += this.smoothed(d * 24 + hod);
    day *= f;
    const weekShare = (week + PRIOR) / (total + BINS * PRIOR);
    const dayShare = (day + 7 * PRIOR) / (total + BINS * PRIOR);
    const ratio = Math.max(weekShare * BINS, dayShare * 24);
    return { weight: total, weekShare: total > 0 ? Math.min(1, week / total) : 0, dayShare: total > 0 ? Math.min(1, day / total) : 0, ratio };
  }

  /** Share (0..1) of activity whose hour of day is in `hours` (e.g. night hours 22..5). */
  shareOfHours(hours: ReadonlySet<number>): number {
    if (!(this.scaledTotal > 0)) return 0;
    let s = 0;
    for (let i = 0; i < BINS; i++) if (hours.has(i % 24)) s += this.scaled[i]!;
    return Math.min(1, s / this.scaledTotal);
  }

  toJSON(): HourOfWeekJSON {
    return { b: this.bins.map(compact), n: compact(this.total), t: this.t };
  }

  static from(raw: unknown, halfLifeMs?: number): HourOfWeekHistogram {
    const h = new HourOfWeekHistogram(halfLifeMs);
    const r = (raw ?? {}) as Partial<HourOfWeekJSON>;
    if (Array.isArray(r.b) && r.b.length === BINS) h.scaled = r.b.map((v) => Math.max(0, finite(v)));
    h.scaledTotal = h.scaled.reduce((a, b) => a + b, 0);
    h.t = finite(r.t);
    h.ref = h.t;
    return h;
  }
}
