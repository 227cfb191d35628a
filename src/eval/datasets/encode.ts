import type { DenseMatrix } from '../../ml/index.js';
import type { LabelledTable } from './table.js';

/** Categories kept per categorical column (the rest share an `other` column). */
const MAX_CATEGORIES = 32;

/** Statistics of one numeric column on the training rows. */
interface NumericStats { median: number; min: number; max: number }

/**
 * Feature encoding fitted on training rows only: numeric columns get missing values replaced by the
 * training median and ±Infinity clipped to the training min/max, then a signed log1p
 * (`sign(x)·ln(1 + |x|)`, tames byte and packet counts spanning nine orders of magnitude);
 * categorical columns are one-hot over their ≤ 32 most frequent training values plus `other`.
 * Scaling to unit variance is left to the models that need it (logistic regression does it itself).
 *
 * @example
 * const enc = Encoder.fit(table, fold.train);
 * const xTrain = enc.transform(table, fold.train), xTest = enc.transform(table, fold.test);
 */
export class Encoder {
  private constructor(
    readonly featureNames: string[],
    private readonly numeric: Map<number, NumericStats>,
    private readonly vocab: Map<number, Map<string, number>>,
  ) {}

  static fit(t: LabelledTable, train: ArrayLike<number>): Encoder {
    const names: string[] = [];
    const numeric = new Map<number, NumericStats>(), vocab = new Map<number, Map<string, number>>();
    t.columns.forEach((c, j) => {
      if (c.kind === 'numeric') {
        const vals: number[] = [];
        for (let k = 0; k < train.length; k++) { const v = c.values[train[k]!]!; if (Number.isFinite(v)) vals.push(v); }
        vals.sort((a, b) => a - b);
        numeric.set(j, { median: vals.length ? vals[vals.length >> 1]! : 0, min: vals[0] ?? 0, max: vals[vals.length - 1] ?? 0 });
        names.push(c.name);
      } else {
        const counts = new Map<string, number>();
        for (let k = 0; k < train.length; k++) { const v = c.values[train[k]!]!; counts.set(v, (counts.get(v) ?? 0) + 1); }
        const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_CATEGORIES);
        const m = new Map<string, number>();
        top.forEach(([v], k) => { m.set(v, k); names.push(`${c.name}=${v}`); });
        names.push(`${c.name}=other`);
        vocab.set(j, m);
      }
    });
    return new Encoder(names, numeric, vocab);
  }

  /** Encode rows `idx` as a dense row-major matrix. */
  transform(t: LabelledTable, idx: ArrayLike<number>): DenseMatrix {
    const cols = this.featureNames.length, rows = idx.length;
    const data = new Float64Array(rows * cols);
    for (let k = 0; k < rows; k++) {
      const i = idx[k]!;
      let o = k * cols;
      t.columns.forEach((c, j) => {
        if (c.kind === 'numeric') {
          const s = this.numeric.get(j)!;
          let v = c.values[i]!;
          if (Number.isNaN(v)) v = s.median;
          else if (v === Infinity) v = s.max;
          else if (v === -Infinity) v = s.min;
          data[o++] = Math.sign(v) * Math.log1p(Math.abs(v));
        } else {
          const m = this.vocab.get(j)!;
          const at = m.get(c.values[i]!);
          data[o + (at ?? m.size)] = 1;
          o += m.size + 1;
        }
      });
    }
    return { data, rows, cols };
  }
}
