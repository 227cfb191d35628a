import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { WardError } from '../core/errors.js';
import { evaluate, renderReport } from '../eval/index.js';
import { DATASETS, datasetAdapter, defaultDataDir, renderPublicReport, TABULAR_MODELS, type TabularModel } from '../eval/datasets/index.js';
import { action } from './common.js';

interface EvalCliOptions {
  dataset: string;
  detectors?: string;
  workers?: string;
  save?: boolean;
  keepDataDir?: string;
  skipStreams?: string;
  progress: boolean;
  json?: boolean;
  datasetsDir?: string;
  seed?: string;
  trees?: string;
  folds?: string;
  maxRows?: string;
  test?: string;
}

function wholeNumber(v: string | undefined, flag: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new WardError('request.invalid', `expected a whole number ≥ ${min}`, flag);
  return n;
}

/** `--dataset NAME`: a public dataset through its adapter (models trained and scored on a stated split). */
async function evalPublic(name: string, opts: EvalCliOptions): Promise<void> {
  const adapter = datasetAdapter(name)!;
  let models: TabularModel[] | undefined;
  if (opts.detectors) {
    if (adapter.kind !== 'tabular') throw new WardError('request.invalid', `${name} has a single detector; --detectors applies to tabular datasets`, '--detectors');
    const asked = opts.detectors.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = asked.filter((m) => !(TABULAR_MODELS as readonly string[]).includes(m));
    if (bad.length) throw new WardError('request.invalid', `unknown model ${bad.join(', ')} for a public dataset (one of ${TABULAR_MODELS.join(', ')})`, '--detectors');
    models = asked as TabularModel[];
  }
  if (opts.test !== undefined && !adapter.testInput) throw new WardError('request.invalid', `${name} cannot score other data; --test applies to ${Object.values(DATASETS).filter((d) => d.testInput).map((d) => d.name).join(', ')}`, '--test');
  const progress = opts.progress ? (m: string) => process.stderr.write(`eval ${m}\n`) : undefined;
  const maxRows = wholeNumber(opts.maxRows, '--max-rows', 10);
  const report = await adapter.evaluate({
    dataDir: opts.datasetsDir ?? defaultDataDir(),
    seed: wholeNumber(opts.seed, '--seed', 0) ?? 1,
    trees: wholeNumber(opts.trees, '--trees', 1) ?? 100,
    folds: wholeNumber(opts.folds, '--folds', 2) ?? 5,
    ...(maxRows !== undefined ? { maxRows } : {}),
    ...(models ? { models } : {}),
    ...(opts.test !== undefined ? { test: opts.test } : {}),
    ...(progress ? { onProgress: progress } : {}),
  });
  if (opts.save) {
    const dir = join(process.cwd(), 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    // A --test run scores other data: it must not overwrite the dataset's own figures.
    writeFileSync(join(dir, `eval-${report.dataset.name}${opts.test !== undefined ? '-test' : ''}.json`), `${JSON.stringify(report, null, 2)}\n`);
  }
  process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : renderPublicReport(report));
}

/**
 * `wardwatch eval`: run the real pipeline over a labelled dataset and score the detectors.
 *
 * @example
 * program.addCommand(evalCommand());
 * // wardwatch eval --dataset sim/clinic --json
 */
export function evalCommand(): Command {
  return new Command('eval')
    .description('replay a labelled dataset through the pipeline and score each detector (precision, recall, F1, false alerts, time to detect)')
    .requiredOption('--dataset <dir|name>', `dataset folder made by wardwatch simulate, or a public dataset: ${Object.keys(DATASETS).join(', ')}`)
    .option('--detectors <list>', 'comma-separated detector types (default: those of a fresh install); for a public dataset, models: random-forest, logistic, iforest')
    .option('-w, --workers <n>', 'detector worker threads (default 0: main thread)')
    .option('--save', 'also write bench/results/eval-<dataset-name>.json')
    .option('--keep-data-dir <dir>', 'keep the store of the run here (default: a temporary folder, removed)')
    .option('--skip-streams <list>', 'comma-separated dataset streams not to replay (e.g. telemetry, when no detector reads it yet)')
    .option('--no-progress', 'do not show the progress bar')
    .option('--json', 'print one JSON object: detectors (name → precision, recall, f1, falseAlertsPerDay, …), scenarios, …')
    .option('--datasets-dir <dir>', 'public datasets: folder holding network/ and logs/ (default $WARDWATCH_DATASETS, else ../shared/data beside the repository)')
    .option('--seed <n>', 'public datasets: seed of splits, samples and models (default 1)')
    .option('--trees <n>', 'public datasets: random-forest trees (default 100)')
    .option('--folds <n>', 'public datasets: cross-validation folds (default 5)')
    .option('--max-rows <n>', 'public datasets: keep a seeded, class-stratified sample of this many rows (sessions for hdfs)')
    .option('--test <path>', 'hdfs, bgl: train on the shared data and score only the sessions or lines in this file or folder (never trained on)')
    .addHelpText('after', `
Examples:
  wardwatch eval --dataset sim/clinic
  wardwatch eval --dataset sim/hospital-30d --json --save
  wardwatch eval --dataset nsl-kdd
  wardwatch eval --dataset hdfs --json --save
  wardwatch eval --dataset hdfs --test hdfs_test/ --json   # files named *normal* / *abnormal*
  wardwatch eval --dataset bgl --test BGL_unseen.log        # raw BGL lines, label first
  wardwatch eval --dataset loghub-parsing                   # Drain grouping accuracy

Public datasets (${Object.keys(DATASETS).join(', ')}): each adapter states its split (stratified
cross-validation, or chronological) and never scores a row its models trained on — docs/eval-datasets.md.

An alert matches a labelled incident when they share an entity (user, IP, host, device, patient) and the
alert falls between 1 minute before the incident's first malicious record and 1 hour after its last; other
alerts are false alerts. Recall counts the incidents in each detector's scope (docs/simulator.md).
`)
    .action(action(async (opts: EvalCliOptions) => {
      // A registered name that is not also a folder on disk selects a public dataset.
      if (datasetAdapter(opts.dataset) && !existsSync(opts.dataset)) { await evalPublic(opts.dataset, opts); return; }
      let workers: number | undefined;
      if (opts.workers !== undefined) {
        workers = Number(opts.workers);
        if (!Number.isInteger(workers) || workers < 0) throw new WardError('request.invalid', 'expected a whole number', '--workers');
      }
      const showBar = opts.progress && !opts.json && process.stderr.isTTY;
      const bar = showBar
        ? new cliProgress.SingleBar({ format: 'eval [{bar}] {value}/{total} days | {events} events | {eta_formatted} left', stream: process.stderr }, cliProgress.Presets.shades_classic)
        : undefined;
      let started = false;
      try {
        const report = await evaluate({
          dataset: opts.dataset,
          ...(opts.detectors ? { detectors: opts.detectors.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
          ...(workers !== undefined ? { workers } : {}),
          ...(opts.keepDataDir ? { dataDir: opts.keepDataDir } : {}),
          ...(opts.skipStreams ? { skipStreams: opts.skipStreams.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
          onProgress: (p) => {
            // Without a terminal (CI, logs), one line a day.
            if (!bar) {
              if (opts.progress) process.stderr.write(`eval: day ${p.day}/${p.days}, ${p.records} records, ${p.events} events\n`);
              return;
            }
            if (!started) { bar.start(p.days, 0, { events: 0 }); started = true; }
            bar.update(p.day, { events: p.events });
          },
        });
        bar?.stop();
        if (opts.save) {
          const dir = join(process.cwd(), 'bench', 'results');
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, `eval-${report.dataset.name}.json`), `${JSON.stringify(report, null, 2)}\n`);
        }
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : renderReport(report));
      } finally {
        bar?.stop();
      }
    }));
}
