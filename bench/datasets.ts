/**
 * Public-dataset bench: our random forest, logistic regression and isolation forest against
 * scikit-learn's RandomForestClassifier, LogisticRegression and IsolationForest on the SAME rows.
 *
 *   npm run build && node dist/bench/datasets.js     # writes bench/results/datasets.json
 *
 * For each tabular dataset the adapter loads (and, for large files, samples) the table; the first
 * fold of its split is encoded once (encoder fitted on the training rows) and written as raw
 * float64/uint8 files to a temporary folder, which bench/sklearn_reference.py reads, so both sides
 * see identical matrices. Thresholds: P ≥ 0.5 for the classifiers; for the isolation forests the
 * best-F1 score on the training rows (each side on its own scores). HDFS and BGL have no
 * scikit-learn counterpart and are run through their adapters. scikit-learn is skipped, and the
 * reason recorded, when /usr/bin/python3 cannot import it (Debian: apt-get install python3-sklearn).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { binaryScores, rocAuc } from '../src/ml/index.js';
import { DATASETS, defaultDataDir, Encoder, runModel, TABULAR_MODELS, type AdapterContext, type TabularAdapter } from '../src/eval/datasets/index.js';

const root = process.cwd();
const PYTHON = process.env.WARDWATCH_PYTHON ?? '/usr/bin/python3';
const TREES = 100, SEED = 1;
/** Row caps (seeded, class-stratified samples) beyond the adapters' own defaults (TON_IoT: 60,000 of 261k rows); none needed to stay under ~10 minutes on 2 shared cores. */
const MAX_ROWS: Record<string, number | undefined> = {};

const ctx = (name: string): AdapterContext => ({ dataDir: defaultDataDir(), seed: SEED, trees: TREES, folds: 5, ...(MAX_ROWS[name] ? { maxRows: MAX_ROWS[name] } : {}) });

function sklearnAvailable(): { ok: boolean; version?: string; reason?: string } {
  const r = spawnSync(PYTHON, ['-c', 'import sklearn, numpy; print(sklearn.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? { ok: true, version: r.stdout.trim() } : { ok: false, reason: `${PYTHON} cannot import scikit-learn: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}` };
}

async function tabular(a: TabularAdapter, sk: ReturnType<typeof sklearnAvailable>) {
  const c = ctx(a.name);
  const t0 = Date.now();
  const table = await a.load(c);
  const fold = a.makeSplit(table, c).folds[0]!;
  const enc = Encoder.fit(table, fold.train);
  const xTr = enc.transform(table, fold.train), xTe = enc.transform(table, fold.test);
  const yTr = Uint8Array.from(fold.train, (i) => table.y[i]!), yTe = Uint8Array.from(fold.test, (i) => table.y[i]!);
  process.stderr.write(`${a.name}: ${xTr.rows} training rows, ${xTe.rows} test rows, ${xTr.cols} features (loaded in ${((Date.now() - t0) / 1000).toFixed(1)}s)\n`);
  const ours: Record<string, unknown> = {};
  for (const m of TABULAR_MODELS) {
    const run = runModel(m, xTr, yTr, xTe, { trees: TREES, seed: SEED }, enc.featureNames);
    const s = binaryScores(run.flags, yTe);
    ours[m] = { precision: s.precision, recall: s.recall, f1: s.f1, accuracy: s.accuracy, fpr: s.fpr, auc: rocAuc(run.scores, yTe), fitSeconds: run.fitMs / 1000, scoreRowsPerSecond: xTe.rows / (run.scoreMs / 1000), threshold: run.threshold };
    process.stderr.write(`  wardwatch ${m}: F1 ${s.f1?.toFixed(4)} AUC ${rocAuc(run.scores, yTe)?.toFixed(4)} fit ${(run.fitMs / 1000).toFixed(2)}s\n`);
  }
  let sklearn: unknown = { skipped: sk.reason };
  if (sk.ok) {
    const dir = mkdtempSync(join(tmpdir(), `wardwatch-bench-${a.name}-`));
    try {
      writeFileSync(join(dir, 'xtr.f64'), Buffer.from(xTr.data.buffer, xTr.data.byteOffset, xTr.data.byteLength));
      writeFileSync(join(dir, 'xte.f64'), Buffer.from(xTe.data.buffer, xTe.data.byteOffset, xTe.data.byteLength));
      writeFileSync(join(dir, 'ytr.u8'), yTr); writeFileSync(join(dir, 'yte.u8'), yTe);
      writeFileSync(join(dir, 'meta.json'), JSON.stringify({ name: a.name, rowsTrain: xTr.rows, rowsTest: xTe.rows, cols: xTr.cols, trees: TREES, seed: SEED }));
      const r = spawnSync(PYTHON, [join(root, 'bench/sklearn_reference.py'), dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (r.status !== 0) throw new Error(`sklearn_reference.py failed: ${r.stderr}`);
      sklearn = JSON.parse(r.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { dataset: a.name, rows: table.y.length, ...(table.sample ? { sample: table.sample } : {}), split: `fold 1 of: ${a.makeSplit(table, c).description}`, trainRows: xTr.rows, testRows: xTe.rows, features: xTr.cols, wardwatch: ours, sklearn };
}

const started = Date.now();
const sk = sklearnAvailable();
process.stderr.write(sk.ok ? `scikit-learn ${sk.version} via ${PYTHON}\n` : `scikit-learn skipped: ${sk.reason}\n`);
const results = [];
for (const a of Object.values(DATASETS)) if (a.kind === 'tabular') results.push(await tabular(a as TabularAdapter, sk));
const logs = [];
for (const name of ['hdfs', 'bgl']) {
  const r = await DATASETS[name]!.evaluate({ dataDir: defaultDataDir(), seed: SEED, trees: TREES, folds: 5 });
  logs.push({ dataset: name, split: r.dataset.split, scoredRows: r.dataset.scoredRows, detectors: r.detectors, notes: r.dataset.notes, published: r.published });
}
const doc = {
  when: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.versions.node },
  sklearn: sk.ok ? { version: sk.version, python: PYTHON } : { skipped: sk.reason },
  params: { trees: TREES, seed: SEED, maxFeatures: 'sqrt', logistic: { C: 1 }, iforest: { trees: 100, sampleSize: 256 }, maxRows: MAX_ROWS },
  tabular: results,
  logs,
  seconds: (Date.now() - started) / 1000,
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/datasets.json'), `${JSON.stringify(doc, null, 2)}\n`);

const f = (x: unknown) => (typeof x === 'number' ? x.toFixed(3) : '—');
process.stdout.write(`${'dataset'.padEnd(11)} ${'model'.padEnd(14)} ${'ours F1'.padStart(7)} ${'sk F1'.padStart(7)} ${'ours AUC'.padStart(8)} ${'sk AUC'.padStart(7)} ${'ours fit'.padStart(8)} ${'sk fit'.padStart(7)} ${'ours rows/s'.padStart(11)} ${'sk rows/s'.padStart(10)}\n`);
for (const r of results) {
  for (const m of TABULAR_MODELS) {
    const o = r.wardwatch[m] as Record<string, number>, s = ((r.sklearn as Record<string, Record<string, number>>)[m] ?? {});
    process.stdout.write(`${r.dataset.padEnd(11)} ${m.padEnd(14)} ${f(o.f1).padStart(7)} ${f(s.f1).padStart(7)} ${f(o.auc).padStart(8)} ${f(s.auc).padStart(7)} ${`${f(o.fitSeconds)}s`.padStart(8)} ${`${f(s.fitSeconds)}s`.padStart(7)} ${String(Math.round(o.scoreRowsPerSecond ?? 0)).padStart(11)} ${String(Math.round(s.scoreRowsPerSecond ?? 0)).padStart(10)}\n`);
  }
}
for (const l of logs) for (const [d, s] of Object.entries(l.detectors)) process.stdout.write(`${l.dataset.padEnd(11)} ${d.padEnd(24)} P ${f(s.precision)} R ${f(s.recall)} F1 ${f(s.f1)} FPR ${f(s.fpr)}\n`);
process.stdout.write(`datasets bench: ${doc.seconds.toFixed(0)}s → bench/results/datasets.json\n`);
