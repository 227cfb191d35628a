import type { LabelledMail } from '../../detect/phishing/corpus.js';
import type { Sparse } from '../../detect/phishing/features.js';
import { LogisticModel } from '../../detect/phishing/logistic.js';
import type { PublicHoldout } from './report.js';

/** Logistic-regression settings of the content model (the same as the CV). */
export const EMAIL_TRAIN = { epochs: 6, lr: 0.5, l2: 1e-6 };

/** Dates outside this window are bogus (a few Nazario messages are dated 1970 or 2036). */
const PLAUSIBLE = { from: Date.UTC(1995, 0, 1), to: Date.UTC(2027, 0, 1) };

/**
 * The lowest score keeping ≤ 0.1 % of the (training) ham above it, never below `floor` (0.5 for
 * an operating threshold; 0 for recall at 0.1 % false positives by score).
 *
 * @example
 * thresholdAt001([0.1, 0.2, 0.9]) // 0.900000001
 */
export function thresholdAt001(hamScores: number[], floor = 0.5): number {
  const ham = [...hamScores].sort((a, b) => b - a);
  return Math.max(floor, (ham[Math.floor(ham.length * 0.001)] ?? 0.5) + 1e-9);
}

/** Area under the ROC curve (rank statistic, ties counted half). */
function auc(pos: number[], neg: number[]): number | null {
  if (pos.length === 0 || neg.length === 0) return null;
  const all = [...pos.map((s) => [s, 1] as const), ...neg.map((s) => [s, 0] as const)].sort((a, b) => a[0] - b[0]);
  let sumPos = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j]![0] === all[i]![0]) j++;
    const mid = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (all[k]![1] === 1) sumPos += mid;
    i = j;
  }
  return (sumPos - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

const count = (mails: LabelledMail[], idx: number[]) => {
  const out: Record<string, number> = {};
  for (const i of idx) {
    const k = `${mails[i]!.corpus}/${mails[i]!.label}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
};

/**
 * Train the content model on `train`, choose the threshold on its ham only, and score `test`:
 * recall at that threshold (what a deployment would see), the test ham's false-positive rate
 * there, and recall at ≤ 0.1 % false positives on the test ham by score.
 *
 * @example
 * holdout('time', mails, x, trainIdx, testIdx, { train: 'before 2021', test: '2021 on' }, 7)
 */
export function holdout(name: string, mails: LabelledMail[], x: Sparse[], train: number[], test: number[], what: { train: string; test: string; note?: string }, seed: number): PublicHoldout {
  const testSet = new Set(test);
  if (train.some((i) => testSet.has(i))) throw new Error(`email ${name}: a training message would be scored`);
  const y = (i: number) => (mails[i]!.label === 'phish' ? 1 : 0);
  const pos = train.filter((i) => y(i) === 1).length;
  const model = new LogisticModel().fit(train.map((i) => ({ x: x[i]!, y: y(i) as 0 | 1 })), { ...EMAIL_TRAIN, positiveWeight: (train.length - pos) / Math.max(1, pos), seed });
  const threshold = thresholdAt001(train.filter((i) => y(i) === 0).map((i) => model.predict(x[i]!)));
  const phish: Array<[number, number]> = [];
  const ham: number[] = [];
  for (const i of test) {
    const s = model.predict(x[i]!);
    if (y(i) === 1) phish.push([i, s]);
    else ham.push(s);
  }
  const caught = phish.filter(([, s]) => s >= threshold).length;
  const hamOver = ham.filter((s) => s >= threshold).length;
  const testCut = ham.length >= 1000 ? thresholdAt001(ham, 0) : undefined;
  const byCorpus: Record<string, [number, number]> = {};
  for (const [i, s] of phish) {
    const c = (byCorpus[mails[i]!.corpus] ??= [0, 0]);
    c[1]++;
    if (s >= threshold) c[0]++;
  }
  return {
    name,
    train: what.train,
    test: what.test,
    trainRows: count(mails, train),
    testRows: count(mails, test),
    threshold: Number(threshold.toFixed(6)),
    recallAtTrainThreshold: phish.length ? caught / phish.length : 0,
    fprAtTrainThreshold: ham.length ? hamOver / ham.length : null,
    recallAtTestFpr001: testCut === undefined || phish.length === 0 ? null : phish.filter(([, s]) => s >= testCut).length / phish.length,
    auc: auc(phish.map(([, s]) => s), ham),
    recallByCorpus: Object.fromEntries(Object.entries(byCorpus).map(([k, [c, n]]) => [k, c / n])),
    ...(what.note ? { note: what.note } : {}),
  };
}

/**
 * Indices of messages dated before / on or after `cutoff` (epoch ms); messages without a
 * plausible Date header are left out of both.
 *
 * @example
 * const { before, after, undated } = timeSplit(mails, Date.UTC(2021, 0, 1));
 */
export function timeSplit(mails: ReadonlyArray<{ time?: number }>, cutoff: number): { before: number[]; after: number[]; undated: number } {
  const before: number[] = [];
  const after: number[] = [];
  let undated = 0;
  mails.forEach((m, i) => {
    if (m.time === undefined || m.time < PLAUSIBLE.from || m.time >= PLAUSIBLE.to) undated++;
    else (m.time < cutoff ? before : after).push(i);
  });
  return { before, after, undated };
}
