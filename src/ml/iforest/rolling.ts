import { finite } from '../decay.js';
import { IsolationForest, type Attribution, type IsolationForestJSON } from './forest.js';

/** Options of a {@link RollingIsolationForest}. */
export interface RollingOptions {
  /** Feature names (their count is the row width). */
  features: string[];
  /** Most recent rows kept for training (a ring buffer). Default 4096. */
  window?: number;
  /** Refit after this many new rows. Default 1024. */
  refitEvery?: number;
  /** No model (scores are `undefined`) before this many rows. Default 256. */
  minRows?: number;
  trees?: number;
  sampleSize?: number;
  /** Base seed; fit number k uses `seed + k`, so refits differ but replay identically. Default 1. */
  seed?: number;
}

/** JSON form: the ring of rows (oldest first), counters, and the current forest. */
export interface RollingJSON { rows: number[][]; added: number; fits: number; sinceFit: number; forest?: IsolationForestJSON }

/**
 * An isolation forest retrained on a rolling window of recent feature vectors (e.g. per-user
 * hourly features): rows go into a bounded ring; every `refitEvery` rows the forest is refitted
 * on the ring. Score before adding, so a row never scores against a model that trained on it.
 * The fitted forest is persisted with the rows, so a restart scores exactly as before.
 *
 * @example
 * const m = new RollingIsolationForest({ features: ['logins', 'hosts', 'countries'] });
 * m.score(row) ?? 0; m.add(row);
 */
export class RollingIsolationForest {
  private rows: number[][] = [];
  private head = 0;
  private added = 0;
  private sinceFit = 0;
  private fits = 0;
  private forest?: IsolationForest;
  readonly window: number;
  readonly refitEvery: number;
  readonly minRows: number;

  constructor(readonly opts: RollingOptions) {
    this.window = Math.max(2, Math.floor(opts.window ?? 4096));
    this.refitEvery = Math.max(1, Math.floor(opts.refitEvery ?? 1024));
    this.minRows = Math.max(2, Math.min(this.window, Math.floor(opts.minRows ?? 256)));
  }

  /** Rows currently held (≤ `window`). */
  get size(): number {
    return this.rows.length;
  }

  get fitted(): boolean {
    return this.forest !== undefined;
  }

  /** Add a training row (non-finite values read as 0); refits when due. */
  add(row: readonly number[]): void {
    if (row.length !== this.opts.features.length) throw new Error(`rolling isolation forest: expected ${this.opts.features.length} values, got ${row.length}`);
    const clean = row.map((v) => finite(v));
    if (this.rows.length < this.window) this.rows.push(clean);
    else {
      this.rows[this.head] = clean;
      this.head = (this.head + 1) % this.window;
    }
    this.added++;
    this.sinceFit++;
    if (this.rows.length >= this.minRows && (!this.forest || this.sinceFit >= this.refitEvery)) this.refit();
  }

  private refit(): void {
    this.fits++;
    this.sinceFit = 0;
    this.forest = IsolationForest.fit(this.ordered(), {
      trees: this.opts.trees ?? 100, sampleSize: this.opts.sampleSize ?? 256, seed: (this.opts.seed ?? 1) + this.fits, featureNames: this.opts.features,
    });
  }

  private ordered(): number[][] {
    return [...this.rows.slice(this.head), ...this.rows.slice(0, this.head)];
  }

  /** Anomaly score of `row`, or undefined before the first fit. */
  score(row: readonly number[]): number | undefined {
    return this.forest?.score(row.map((v) => finite(v)));
  }

  /** Per-feature attributions of `row` (empty before the first fit). */
  explain(row: readonly number[]): Attribution[] {
    return this.forest?.explain(row.map((v) => finite(v))) ?? [];
  }

  toJSON(): RollingJSON {
    const out: RollingJSON = { rows: this.ordered(), added: this.added, fits: this.fits, sinceFit: this.sinceFit };
    if (this.forest) out.forest = this.forest.toJSON();
    return out;
  }

  static from(raw: unknown, opts: RollingOptions): RollingIsolationForest {
    const m = new RollingIsolationForest(opts);
    const r = (raw ?? {}) as Partial<RollingJSON>;
    const d = opts.features.length;
    const rows = (Array.isArray(r.rows) ? r.rows : []).filter((x): x is number[] => Array.isArray(x) && x.length === d).map((x) => x.map((v) => finite(v)));
    m.rows = rows.slice(-m.window);
    m.added = Math.max(m.rows.length, finite(r.added));
    m.fits = Math.max(0, Math.floor(finite(r.fits)));
    m.sinceFit = Math.max(0, Math.floor(finite(r.sinceFit)));
    if (r.forest) {
      const f = IsolationForest.from(r.forest);
      if (f.dimensions === d) m.forest = f;
    }
    return m;
  }
}
