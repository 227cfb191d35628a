import { averagePrecision, binaryScores, rocAuc } from '../../ml/index.js';

/**
 * Binary scores over the rows `idx` (the scored ones): confusion counts, P/R/F1, accuracy, FPR and,
 * when real-valued scores are given, ROC-AUC and average precision.
 *
 * @example
 * scoreFlags([0, 1], Uint8Array.of(1, 0), Uint8Array.of(1, 1)).summary.recall // 0.5
 */
export function scoreFlags(idx: number[], flags: ArrayLike<number>, y: ArrayLike<number>, scores?: ArrayLike<number>) {
  const f = idx.map((i) => flags[i]!), truth = idx.map((i) => y[i]!);
  const b = binaryScores(f, truth);
  const s = scores ? idx.map((i) => scores[i]!) : undefined;
  return {
    fp: b.fp,
    summary: {
      precision: b.precision, recall: b.recall, f1: b.f1, accuracy: b.accuracy, fpr: b.fpr,
      ...(s ? { auc: rocAuc(s, truth), averagePrecision: averagePrecision(s, truth) } : {}),
      tp: b.tp, fp: b.fp, tn: b.tn, fn: b.fn,
    },
  };
}
