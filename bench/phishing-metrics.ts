/** Binary-classification metrics shared by the phishing benches. */
export interface Metrics {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  falsePositiveRate: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/**
 * Metrics of scores against labels at a threshold (score ≥ threshold = positive).
 *
 * @example
 * metricsAt([0.9, 0.1], [1, 0], 0.5).f1 // 1
 */
export function metricsAt(scores: ArrayLike<number>, ys: ArrayLike<number>, threshold: number): Metrics {
  let tp = 0; let fp = 0; let fn = 0; let tn = 0;
  for (let i = 0; i < ys.length; i++) {
    const p = scores[i]! >= threshold;
    if (p && ys[i]) tp++; else if (p) fp++; else if (ys[i]) fn++; else tn++;
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return { threshold, precision, recall, f1: (2 * precision * recall) / Math.max(1e-9, precision + recall), falsePositiveRate: fp / Math.max(1, fp + tn), tp, fp, fn, tn };
}

/**
 * The lowest threshold whose false-positive rate on the negatives stays within `fpr`.
 *
 * @example
 * thresholdAtFpr(scores, ys, 0.001)
 */
export function thresholdAtFpr(scores: ArrayLike<number>, ys: ArrayLike<number>, fpr: number): number {
  const neg: number[] = [];
  for (let i = 0; i < ys.length; i++) if (!ys[i]) neg.push(scores[i]!);
  neg.sort((a, b) => b - a);
  const allowed = Math.floor(neg.length * fpr);
  return (neg[allowed] ?? 0) + 1e-12;
}

/** Stratified fold of each example, deterministic. */
export function stratifiedFolds(ys: ArrayLike<number>, k: number): number[] {
  const fold = new Array<number>(ys.length);
  let pi = 0;
  let ni = 0;
  for (let i = 0; i < ys.length; i++) fold[i] = ys[i] ? pi++ % k : ni++ % k;
  return fold;
}

/** Round every number of a result for a readable JSON file. */
export function rounded<T>(v: T): T {
  return JSON.parse(JSON.stringify(v, (_, x: unknown) => (typeof x === 'number' && !Number.isInteger(x) ? Number(x.toPrecision(5)) : x))) as T;
}
