/** Confusion counts and the usual rates for a binary detector. */
export interface BinaryScores {
  tp: number; fp: number; tn: number; fn: number;
  precision: number | null; recall: number | null; f1: number | null; accuracy: number; fpr: number | null;
}

/**
 * Precision, recall, F1, accuracy and false-positive rate from flags and truth (1 = attack).
 * A rate whose denominator is 0 is `null`.
 *
 * @example
 * binaryScores([1, 0, 1], [1, 0, 0]).precision // 0.5
 */
export function binaryScores(flagged: ArrayLike<number | boolean>, truth: ArrayLike<number>): BinaryScores {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < truth.length; i++) {
    const f = Boolean(flagged[i]), t = truth[i] === 1;
    if (f && t) tp++; else if (f) fp++; else if (t) fn++; else tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : null, recall = tp + fn ? tp / (tp + fn) : null;
  const f1 = tp + fp + fn ? (2 * tp) / (2 * tp + fp + fn) : null;
  return { tp, fp, tn, fn, precision, recall, f1, accuracy: truth.length ? (tp + tn) / truth.length : 0, fpr: fp + tn ? fp / (fp + tn) : null };
}

/**
 * ROC-AUC by the rank-sum (Mann–Whitney) formula, ties counted half; `null` without both classes.
 *
 * @example
 * rocAuc([0.9, 0.1, 0.8], [1, 0, 1]) // 1
 */
export function rocAuc(scores: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const idx = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPos = 0, pos = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[idx[k]!] === 1) { rankSumPos += avg; pos++; }
    i = j + 1;
  }
  const neg = y.length - pos;
  return pos && neg ? (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg) : null;
}

/** Average precision (area under the precision–recall curve, step-wise as scikit-learn computes it). */
export function averagePrecision(scores: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const idx = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let pos = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) pos++;
  if (!pos) return null;
  let tp = 0, fp = 0, ap = 0, prevRecall = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    for (let k = i; k <= j; k++) { if (y[idx[k]!] === 1) tp++; else fp++; }
    const recall = tp / pos;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
    i = j + 1;
  }
  return ap;
}

/**
 * The score threshold (flag when score ≥ threshold) with the best F1 on the given rows — meant for
 * training rows, so the threshold is never chosen on the rows it is judged on. Ties go to the
 * higher threshold (fewer alerts).
 *
 * @example
 * bestF1Threshold([0.9, 0.2, 0.7], [1, 0, 1]).threshold // 0.7
 */
export function bestF1Threshold(scores: ArrayLike<number>, y: ArrayLike<number>): { threshold: number; f1: number } {
  const idx = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let pos = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) pos++;
  let tp = 0, fp = 0, best = { threshold: Infinity, f1: 0 };
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    for (let k = i; k <= j; k++) { if (y[idx[k]!] === 1) tp++; else fp++; }
    const f1 = (2 * tp) / (tp + fp + pos);
    if (f1 > best.f1) best = { threshold: scores[idx[i]!]!, f1 };
    i = j + 1;
  }
  return best;
}
