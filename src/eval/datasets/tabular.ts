import { bestF1Threshold, IsolationForest, LogisticRegression, RandomForest, type DenseMatrix } from '../../ml/index.js';
import { Encoder } from './encode.js';
import type { PublicDetectorScore, PublicScenario } from './report.js';
import type { Split } from './split.js';
import type { LabelledTable } from './table.js';
import { scoreFlags } from './scoring.js';

/** The tabular models, by the names reports use. */
export const TABULAR_MODELS = ['random-forest', 'logistic', 'iforest'] as const;
export type TabularModel = (typeof TABULAR_MODELS)[number];

/** Model settings shared by the CLI, the bench and the regression test. */
export interface ModelSettings { trees: number; seed: number }

/** One model fitted on a fold's training rows and run on its test rows. */
export interface ModelRun {
  model: TabularModel;
  scores: Float64Array;
  flags: Uint8Array;
  threshold: number;
  thresholdRule: string;
  fitMs: number;
  scoreMs: number;
  topFeatures: Array<{ feature: string; value: number }>;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * Fit `model` on (xTrain, yTrain) and score xTest. Supervised models flag P(attack) ≥ 0.5; the
 * isolation forest is fitted on the normal training rows only and flags scores at or above the
 * threshold with the best F1 on the training rows — chosen on training data, never on test rows.
 *
 * @example
 * const run = runModel('random-forest', xTr, yTr, xTe, { trees: 100, seed: 1 }, enc.featureNames);
 */
export function runModel(model: TabularModel, xTrain: DenseMatrix, yTrain: Uint8Array, xTest: DenseMatrix, s: ModelSettings, names: string[]): ModelRun {
  const t0 = now();
  if (model === 'random-forest') {
    const rf = RandomForest.fit(xTrain, yTrain, { trees: s.trees, seed: s.seed, featureNames: names });
    const t1 = now();
    const scores = rf.probabilities(xTest);
    const t2 = now();
    return finish(model, scores, 0.5, 'P(attack) ≥ 0.5', t1 - t0, t2 - t1, rf.importances().slice(0, 5).map((f) => ({ feature: f.feature, value: f.importance })));
  }
  if (model === 'logistic') {
    const lr = LogisticRegression.fit(xTrain, yTrain, { seed: s.seed, featureNames: names });
    const t1 = now();
    const scores = lr.probabilities(xTest);
    const t2 = now();
    return finish(model, scores, 0.5, 'P(attack) ≥ 0.5', t1 - t0, t2 - t1, lr.coefficients().slice(0, 5).map((f) => ({ feature: f.feature, value: f.weight })));
  }
  const normal: number[] = [];
  for (let i = 0; i < yTrain.length; i++) if (yTrain[i] === 0) normal.push(i);
  const xNormal = rowsOf(xTrain, normal);
  const forest = IsolationForest.fit(xNormal, { trees: 100, sampleSize: 256, seed: s.seed, featureNames: names });
  const t1 = now();
  const trainScores = forest.scoreAll(xTrain);
  const { threshold } = bestF1Threshold(trainScores, yTrain);
  const t2 = now();
  const scores = forest.scoreAll(xTest);
  const t3 = now();
  return finish(model, scores, threshold, `score ≥ ${threshold.toFixed(4)}, the best F1 on the training rows (fitted on ${normal.length} normal training rows)`, t1 - t0, t3 - t2, []);
}

function finish(model: TabularModel, scores: Float64Array, threshold: number, thresholdRule: string, fitMs: number, scoreMs: number, topFeatures: ModelRun['topFeatures']): ModelRun {
  const flags = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) flags[i] = scores[i]! >= threshold ? 1 : 0;
  return { model, scores, flags, threshold, thresholdRule, fitMs, scoreMs, topFeatures };
}

/** Rows `idx` of a dense matrix. */
export function rowsOf(x: DenseMatrix, idx: ArrayLike<number>): DenseMatrix {
  const data = new Float64Array(idx.length * x.cols);
  for (let k = 0; k < idx.length; k++) data.set(x.data.subarray(idx[k]! * x.cols, (idx[k]! + 1) * x.cols), k * x.cols);
  return { data, rows: idx.length, cols: x.cols };
}

/** Options of a tabular evaluation. */
export interface TabularEvalOptions extends ModelSettings {
  models?: TabularModel[];
  onProgress?: (message: string) => void;
  /** Entities behind the rows, for false alerts per 1,000 devices per day (TON_IoT: 7 sensors). */
  devices?: number;
  /** Multiply false alerts per day by this (rows of the file per sampled row), so a sample reports the whole file's rate. */
  perDayScale?: number;
}

/** Result of {@link evaluateTabular}: per-model scores, per-class recall and the feature count. */
export interface TabularResult { detectors: Record<string, PublicDetectorScore>; scenarios: PublicScenario[]; scoredRows: number; features: number }

/**
 * Run every model over every fold of `split`: encode (fitted on the fold's training rows), fit,
 * score the fold's test rows. Each row's out-of-fold score is kept; a row scored twice or a
 * training row scored is an error. Metrics are computed over all scored rows at once.
 *
 * @example
 * const r = evaluateTabular(table, stratifiedKFold(table.cls, 5, 1), { trees: 100, seed: 1 });
 */
export function evaluateTabular(t: LabelledTable, split: Split, o: TabularEvalOptions): TabularResult {
  const n = t.y.length;
  const models = o.models ?? [...TABULAR_MODELS];
  const scored = new Uint8Array(n);
  const out = new Map<TabularModel, { scores: Float64Array; flags: Uint8Array; fitMs: number; scoreMs: number; rule: string; top: ModelRun['topFeatures'] }>();
  for (const m of models) out.set(m, { scores: new Float64Array(n), flags: new Uint8Array(n), fitMs: 0, scoreMs: 0, rule: '', top: [] });
  let features = 0;
  split.folds.forEach((fold, f) => {
    const inTrain = new Uint8Array(n);
    for (const i of fold.train) inTrain[i] = 1;
    for (const i of fold.test) {
      if (inTrain[i]) throw new Error(`evaluation: row ${i} would be scored by a model trained on it`);
      if (scored[i]) throw new Error(`evaluation: row ${i} scored in two folds`);
      scored[i] = 1;
    }
    const enc = Encoder.fit(t, fold.train);
    const xTr = enc.transform(t, fold.train), xTe = enc.transform(t, fold.test);
    const yTr = Uint8Array.from(fold.train, (i) => t.y[i]!);
    features = enc.featureNames.length;
    for (const m of models) {
      o.onProgress?.(`fold ${f + 1}/${split.folds.length}: ${m} on ${fold.train.length} training rows, ${features} features`);
      const run = runModel(m, xTr, yTr, xTe, o, enc.featureNames);
      const acc = out.get(m)!;
      fold.test.forEach((i, k) => { acc.scores[i] = run.scores[k]!; acc.flags[i] = run.flags[k]!; });
      acc.fitMs += run.fitMs; acc.scoreMs += run.scoreMs;
      acc.rule = split.folds.length > 1 ? (m === 'iforest' ? 'score ≥ the best-F1 threshold on each fold\'s training rows (fitted on its normal training rows)' : run.thresholdRule) : run.thresholdRule;
      if (f === 0) acc.top = run.topFeatures;
    }
  });
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (scored[i]) idx.push(i);
  const detectors: Record<string, PublicDetectorScore> = {};
  // False alerts fall on normal rows, so the day count is the span of the scored normal rows.
  const days = spanDays(t.time, idx.filter((i) => t.y[i] === 0));
  for (const [m, acc] of out) {
    const s = scoreFlags(idx, acc.flags, t.y, acc.scores);
    const perDay = days ? (s.fp * (o.perDayScale ?? 1)) / days : null;
    detectors[m] = {
      ...s.summary,
      falseAlertsPerDay: perDay,
      ...(o.devices && perDay !== null ? { falseAlertsPer1000DevicesPerDay: (perDay * 1000) / o.devices } : {}),
      threshold: acc.rule,
      fitSeconds: acc.fitMs / 1000 / split.folds.length,
      scoreRowsPerSecond: idx.length / (acc.scoreMs / 1000),
      ...(acc.top.length ? { topFeatures: acc.top } : {}),
      ...(perDay === null ? { note: 'records without a time base (independent flows/connections): false alerts per day are not meaningful; see fpr' } : {}),
    };
  }
  return { detectors, scenarios: perClass(t, idx, out), scoredRows: idx.length, features };
}

function spanDays(time: Float64Array | undefined, idx: number[]): number | null {
  if (!time || !idx.length) return null;
  let lo = Infinity, hi = -Infinity;
  for (const i of idx) { const v = time[i]!; if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }
  return hi > lo ? (hi - lo) / 86_400 : null;
}

function perClass(t: LabelledTable, idx: number[], out: Map<TabularModel, { flags: Uint8Array }>): PublicScenario[] {
  const byClass = new Map<string, number[]>();
  for (const i of idx) if (t.y[i] === 1) { let g = byClass.get(t.cls[i]!); if (!g) byClass.set(t.cls[i]!, (g = [])); g.push(i); }
  const first = [...out.keys()][0];
  return [...byClass.entries()].sort((a, b) => b[1].length - a[1].length).map(([name, rows]) => {
    const recallByDetector: Record<string, number> = {};
    for (const [m, acc] of out) recallByDetector[m] = rows.filter((i) => acc.flags[i]).length / rows.length;
    const detected = first ? recallByDetector[first]! : 0;
    return { name, rows: rows.length, detected, recallByDetector, missed: Math.round(rows.length * (1 - detected)), timeToDetectSeconds: null };
  });
}
