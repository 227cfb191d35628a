/**
 * Phishing generalisation bench: the content model's recall on mail it could not have seen —
 * a time split (trained on mail dated before 2021, scoring mail dated 2021 on) and a
 * cross-corpus split (trained on SpamAssassin ham + Nazario 2004–05, scoring modern ham +
 * Nazario 2015–22) — beside the in-distribution cross-validation, thresholds chosen on training
 * ham only. The same figures as `wardwatch eval --dataset email --json`.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/phishing-generalisation.js   # writes bench/results/phishing-generalisation.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASETS, defaultDataDir } from '../src/eval/datasets/index.js';

const SEED = 1;
const report = await DATASETS.email!.evaluate({ dataDir: defaultDataDir(), seed: SEED, trees: 100, folds: 5, onProgress: (m) => process.stderr.write(`[phishing-generalisation] ${m}\n`) });
const cv = report.detectors['phishing-content']!;
const out = {
  generated: new Date().toISOString(),
  model: 'phishing-content (hashed word n-grams of subject and body, logistic regression)',
  unseen: report.holdouts ?? [],
  crossValidation: { split: report.dataset.split, rows: report.dataset.rows, classes: report.dataset.classes, recall: cv.recall, precision: cv.precision, fpr: cv.fpr, f1: cv.f1, auc: cv.auc ?? null },
  params: report.params,
  seconds: report.seconds,
};
mkdirSync(join(process.cwd(), 'bench/results'), { recursive: true });
writeFileSync(join(process.cwd(), 'bench/results/phishing-generalisation.json'), `${JSON.stringify(out, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
