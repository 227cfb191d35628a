/**
 * Isolation-forest benchmark on public tabular intrusion data (numeric columns only).
 *
 *   npm run build && node dist/bench/iforest.js            # writes bench/results/iforest.json
 *   /usr/bin/python3 bench/iforest_sklearn.py              # same split with scikit-learn, side by side
 *
 * Split (identical in both scripts, no RNG involved): row i of the file goes to training when
 * i % 10 < 7, else to the held-out test split. The forest is fitted on the *normal* rows of the
 * training split only and scored on every row of the test split; no training row is ever scored.
 * Metrics: ROC-AUC, average precision, and precision / recall at the paper's threshold s ≥ 0.5
 * (sklearn's `contamination='auto'` uses the same cut), over 5 seeds.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { IsolationForest } from '../src/ml/iforest/index.js';
import { averagePrecision as mlAveragePrecision, rocAuc as mlRocAuc } from '../src/ml/metrics.js';

// Run from the repository root (as `npm run bench` does).
const root = process.cwd();
const dataRoot = (process.env.WARDWATCH_DATASETS ? resolve(process.env.WARDWATCH_DATASETS, 'network') : resolve(root, '../shared/data/network'));
const SEEDS = [1, 2, 3, 4, 5];

interface Dataset { name: string; features: string[]; x: number[][]; y: number[] }

/** NSL-KDD KDDTrain+_20Percent: 41 features (3 symbolic dropped) + label + difficulty, no header. */
function nslKdd(): Dataset {
  const names = readFileSync(join(dataRoot, 'nsl-kdd/Field_Names.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  const keep = names.map((n, i) => [n[0]!, i, n[1]?.trim()] as const).filter(([, , kind]) => kind === 'continuous');
  const text = gunzipSync(readFileSync(join(dataRoot, 'nsl-kdd/KDDTrain+_20Percent.txt.gz'))).toString('utf8');
  const x: number[][] = [], y: number[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const c = line.split(',');
    x.push(keep.map(([, i]) => Number(c[i])));
    y.push(c[41] === 'normal' ? 0 : 1);
  }
  return { name: 'nsl-kdd (KDDTrain+_20Percent)', features: keep.map(([n]) => n), x, y };
}

/** UNSW-NB15 partition: numeric columns except `id` (row order leaks the label), `label` is the target. */
function unswNb15(): Dataset {
  const text = gunzipSync(readFileSync(join(dataRoot, 'unsw-nb15/unsw-nb15-train.csv.gz'))).toString('utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const header = lines[0]!.split(',');
  const drop = new Set(['id', 'proto', 'service', 'state', 'attack_cat', 'label']);
  const keep = header.map((h, i) => [h, i] as const).filter(([h]) => !drop.has(h));
  const li = header.indexOf('label');
  const x: number[][] = [], y: number[] = [];
  for (const line of lines.slice(1)) {
    const c = line.split(',');
    x.push(keep.map(([, i]) => Number(c[i])));
    y.push(Number(c[li]) === 1 ? 1 : 0);
  }
  return { name: 'unsw-nb15 (unsw-nb15-train.csv.gz)', features: keep.map(([h]) => h), x, y };
}

/** ROC-AUC (rank-sum formula, ties counted half), shared with the datasets bench via src/ml/metrics.ts. */
export function rocAuc(scores: ArrayLike<number>, y: number[]): number {
  return mlRocAuc(scores, y) ?? NaN;
}

/** Average precision (step-wise, as in sklearn), from src/ml/metrics.ts. */
export function averagePrecision(scores: ArrayLike<number>, y: number[]): number {
  return mlAveragePrecision(scores, y) ?? NaN;
}

function atThreshold(scores: ArrayLike<number>, y: number[], thr: number) {
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < y.length; i++) {
    const flag = scores[i]! >= thr;
    if (flag && y[i] === 1) tp++;
    else if (flag) fp++;
    else if (y[i] === 1) fn++;
  }
  return { threshold: thr, precision: tp + fp ? tp / (tp + fp) : 0, recall: tp + fn ? tp / (tp + fn) : 0, flagged: tp + fp };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((v) => (v - mean(xs)) ** 2)));

function run(ds: Dataset) {
  const trainX: number[][] = [], testX: number[][] = [], testY: number[] = [];
  let trainRows = 0;
  ds.x.forEach((row, i) => {
    if (i % 10 < 7) { trainRows++; if (ds.y[i] === 0) trainX.push(row); }
    else { testX.push(row); testY.push(ds.y[i]!); }
  });
  const per = SEEDS.map((seed) => {
    const t0 = process.hrtime.bigint();
    const f = IsolationForest.fit(trainX, { trees: 100, sampleSize: 256, seed, featureNames: ds.features });
    const t1 = process.hrtime.bigint();
    const s = f.scoreAll(testX);
    const t2 = process.hrtime.bigint();
    return { seed, auc: rocAuc(s, testY), ap: averagePrecision(s, testY), at05: atThreshold(s, testY, 0.5), fitMs: Number(t1 - t0) / 1e6, scoreMs: Number(t2 - t1) / 1e6, forest: f, scores: s };
  });
  const first = per[0]!;
  // Attribution sanity: the top feature of the highest-scoring test row.
  let best = 0;
  for (let i = 1; i < first.scores.length; i++) if (first.scores[i]! > first.scores[best]!) best = i;
  const top = first.forest.explain(testX[best]!).slice(0, 3).map((a) => ({ feature: a.feature, share: Number(a.share.toFixed(3)), direction: a.direction, observed: a.observed, median: a.baseline.median }));
  return {
    dataset: ds.name,
    features: ds.features.length,
    rows: ds.x.length,
    trainRows,
    trainNormalRowsFitted: trainX.length,
    testRows: testX.length,
    testAttackShare: testY.reduce((a, b) => a + b, 0) / testY.length,
    params: { trees: 100, sampleSize: 256, heightLimit: 8, seeds: SEEDS },
    rocAuc: { mean: mean(per.map((p) => p.auc)), sd: sd(per.map((p) => p.auc)), perSeed: per.map((p) => p.auc) },
    averagePrecision: { mean: mean(per.map((p) => p.ap)), sd: sd(per.map((p) => p.ap)) },
    atScore05: { precision: mean(per.map((p) => p.at05.precision)), recall: mean(per.map((p) => p.at05.recall)), flagged: mean(per.map((p) => p.at05.flagged)) },
    fitMs: mean(per.map((p) => p.fitMs)),
    scoreRowsPerSecond: testX.length / (mean(per.map((p) => p.scoreMs)) / 1000),
    modelJsonBytes: JSON.stringify(first.forest.toJSON()).length,
    topAttributionOfMostAnomalousTestRow: top,
  };
}

const results = {
  when: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.versions.node },
  split: 'row i → train if i % 10 < 7 else test; fit on normal training rows only; score the test split',
  wardwatch: [nslKdd(), unswNb15()].map(run),
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
const out = join(root, 'bench/results/iforest.json');
let previous: Record<string, unknown> = {};
try { previous = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>; } catch { /* first run */ }
// Keep the scikit-learn side written by bench/iforest_sklearn.py, if any.
writeFileSync(out, JSON.stringify({ ...results, sklearn: previous.sklearn }, null, 2) + '\n');
for (const r of results.wardwatch) {
  process.stdout.write(`${r.dataset}: ROC-AUC ${r.rocAuc.mean.toFixed(4)} ± ${r.rocAuc.sd.toFixed(4)}, AP ${r.averagePrecision.mean.toFixed(4)}, ` +
    `P/R@0.5 ${r.atScore05.precision.toFixed(3)}/${r.atScore05.recall.toFixed(3)}, fit ${r.fitMs.toFixed(0)} ms, score ${Math.round(r.scoreRowsPerSecond)} rows/s\n`);
}
