/** Row-major numbers: `rows` × `cols` in one Float64Array. */
export interface DenseMatrix { data: Float64Array; rows: number; cols: number }

/** Features quantised to at most 256 bins each, column-major, with the cut points that define the bins. */
export interface BinnedColumns {
  /** `bins[j][i]`: bin of row i on feature j; bin b holds values in (cuts[j][b-1], cuts[j][b]]. */
  bins: Uint8Array[];
  /** Ascending cut points per feature (at most 255); a split after bin b is `x <= cuts[j][b]`. */
  cuts: Float64Array[];
}

/**
 * Cut points for one column: midpoints between consecutive distinct values when there are at most
 * `maxBins` of them (then the splits are exactly those an exact CART could choose), else midpoints
 * at evenly spaced quantiles of the distinct values, weighted by frequency.
 */
export function cutPoints(values: Float64Array, maxBins = 256): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [], counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (distinct.length && distinct[distinct.length - 1] === v) counts[counts.length - 1]!++;
    else { distinct.push(v); counts.push(1); }
  }
  if (distinct.length <= maxBins) {
    const out = new Float64Array(Math.max(0, distinct.length - 1));
    for (let k = 0; k + 1 < distinct.length; k++) out[k] = (distinct[k]! + distinct[k + 1]!) / 2;
    return out;
  }
  const cuts: number[] = [];
  const n = sorted.length;
  let seen = 0;
  for (let k = 0; k + 1 < distinct.length; k++) {
    seen += counts[k]!;
    // Cut where the running share crosses the next 1/maxBins step.
    const step = Math.floor((seen * maxBins) / n);
    const before = Math.floor(((seen - counts[k]!) * maxBins) / n);
    if (step > before && cuts.length < maxBins - 1) cuts.push((distinct[k]! + distinct[k + 1]!) / 2);
  }
  return Float64Array.from(cuts);
}

/** Bin of `v` given ascending cuts: the number of cuts strictly below v (binary search). */
export function binOf(cuts: Float64Array, v: number): number {
  let lo = 0, hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v > cuts[mid]!) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * Quantise every column of `x` (cut points learned from `x` itself; non-finite values read as 0).
 *
 * @example
 * const b = binColumns({ data: Float64Array.of(1, 5, 2, 6), rows: 2, cols: 2 });
 * b.bins[0] // Uint8Array [0, 1]
 */
export function binColumns(x: DenseMatrix, maxBins = 256): BinnedColumns {
  const bins: Uint8Array[] = [], cuts: Float64Array[] = [];
  const col = new Float64Array(x.rows);
  for (let j = 0; j < x.cols; j++) {
    for (let i = 0; i < x.rows; i++) { const v = x.data[i * x.cols + j]!; col[i] = Number.isFinite(v) ? v : 0; }
    const c = cutPoints(col, maxBins);
    const b = new Uint8Array(x.rows);
    for (let i = 0; i < x.rows; i++) b[i] = binOf(c, col[i]!);
    bins.push(b); cuts.push(c);
  }
  return { bins, cuts };
}
