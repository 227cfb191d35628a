import { parseNumber } from './csv.js';

/** A numeric column (NaN = missing; ±Infinity kept, the encoder clips it). */
export interface NumericColumn { name: string; kind: 'numeric'; values: Float64Array }
/** A categorical column (one-hot encoded by the encoder). */
export interface CategoricalColumn { name: string; kind: 'categorical'; values: string[] }
export type Column = NumericColumn | CategoricalColumn;

/** A column removed before learning, and why (identifiers that leak the label, constants, the label itself). */
export interface DroppedColumn { column: string; reason: string }

/**
 * A labelled table as an adapter hands it to the evaluation: feature columns, the binary label
 * (1 = attack), the attack class of each row ('normal' for label 0) and, when the data has one, a
 * timestamp (epoch seconds) used by chronological splits and per-day rates.
 */
export interface LabelledTable {
  columns: Column[];
  y: Uint8Array;
  cls: string[];
  time?: Float64Array;
  dropped: DroppedColumn[];
  /** Set when the adapter kept a seeded sample of a larger file. */
  sample?: string;
  /** Rows of the file per row kept (1 when not sampled): scales counts per day back to the whole file. */
  sampleScale?: number;
}

/**
 * Build columns from parsed CSV rows: the named numeric and categorical columns, in header order.
 * A numeric cell that does not parse is NaN (missing).
 *
 * @example
 * columnsFrom(['a', 'proto'], [['1', 'tcp']], { categorical: ['proto'] })
 */
export function columnsFrom(header: string[], rows: string[][], opts: { keep?: (name: string) => boolean; categorical?: string[] }): Column[] {
  const cats = new Set(opts.categorical ?? []);
  const out: Column[] = [];
  header.forEach((name, j) => {
    if (opts.keep && !opts.keep(name)) return;
    if (cats.has(name)) out.push({ name, kind: 'categorical', values: rows.map((r) => (r[j] ?? '').trim()) });
    else out.push({ name, kind: 'numeric', values: Float64Array.from(rows, (r) => parseNumber(r[j] ?? '')) });
  });
  return out;
}

/** Keep only rows `idx` of a table (used for seeded samples). */
export function selectRows(t: LabelledTable, idx: ArrayLike<number>): LabelledTable {
  const pick = <T>(get: (i: number) => T) => Array.from({ length: idx.length }, (_, k) => get(idx[k]!));
  return {
    ...t,
    columns: t.columns.map((c) => (c.kind === 'numeric'
      ? { ...c, values: Float64Array.from(pick((i) => c.values[i]!)) }
      : { ...c, values: pick((i) => c.values[i]!) })),
    y: Uint8Array.from(pick((i) => t.y[i]!)),
    cls: pick((i) => t.cls[i]!),
    ...(t.time ? { time: Float64Array.from(pick((i) => t.time![i]!)) } : {}),
  };
}

/**
 * Rows per class, largest first.
 *
 * @example
 * classCounts(['normal', 'dos', 'normal']) // { normal: 2, dos: 1 }
 */
export function classCounts(cls: string[]): Record<string, number> {
  const m = new Map<string, number>();
  for (const c of cls) m.set(c, (m.get(c) ?? 0) + 1);
  return Object.fromEntries([...m.entries()].sort((a, b) => b[1] - a[1]));
}
