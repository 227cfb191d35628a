import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WardError } from '../../core/errors.js';
import type { PublicEvalReport } from './report.js';
import { chronologicalSplit, sampleRows, stratifiedKFold, type Split } from './split.js';
import { classCounts, selectRows, type LabelledTable } from './table.js';
import { evaluateTabular, type TabularModel } from './tabular.js';

/** What every adapter gets: where the public data lives and the run's settings. */
export interface AdapterContext {
  /** Root of the public data (`../shared/data`, or `--datasets-dir` / WARDWATCH_DATASETS). */
  dataDir: string;
  seed: number;
  /** Trees of the random forest. */
  trees: number;
  /** Keep a seeded, class-stratified sample of at most this many rows (sessions for HDFS). */
  maxRows?: number;
  /** Folds of cross-validation (adapters that use CV). */
  folds: number;
  models?: TabularModel[];
  /** `--test PATH`: train on the shared data, score only the records in PATH (adapters with `testInput`). */
  test?: string;
  onProgress?: (message: string) => void;
}

/**
 * A public dataset the evaluation can score: one small file per dataset, registered by name in
 * `registry.ts`. `split` states how training and scored rows are separated (printed in reports).
 */
export interface DatasetAdapter {
  name: string;
  title: string;
  kind: 'tabular' | 'log' | 'email';
  /** Files read, relative to the data root. */
  files: string[];
  split: string;
  published: string[];
  /** What `--test PATH` must hold, for adapters that can score unseen data; absent = `--test` is refused. */
  testInput?: string;
  evaluate(ctx: AdapterContext): Promise<PublicEvalReport>;
}

/** A tabular adapter also exposes its loader and split, so the bench can run other tools on the same rows. */
export interface TabularAdapter extends DatasetAdapter {
  kind: 'tabular';
  /** The table, already sampled to `ctx.maxRows` (or the adapter's default sample). */
  load(ctx: AdapterContext): Promise<LabelledTable>;
  makeSplit(t: LabelledTable, ctx: AdapterContext): Split;
}

/** Fail early, naming the missing file, when the public data is not where we look. */
export function requireFiles(ctx: AdapterContext, files: string[]): string[] {
  return files.map((f) => {
    const p = join(ctx.dataDir, f);
    if (!existsSync(p)) throw new WardError('not_found', `public dataset file missing (set --datasets-dir or WARDWATCH_DATASETS to the folder holding network/ and logs/)`, p);
    return p;
  });
}

/** The definition a tabular dataset file provides; {@link tabularAdapter} turns it into an adapter. */
export interface TabularDefinition {
  name: string;
  title: string;
  files: string[];
  split: 'cv' | 'chronological';
  /** Why this split (and anything else a reader of the numbers must know). */
  notes: string[];
  published: string[];
  /** Rows kept by default (seeded stratified sample) when the file is large. */
  defaultMaxRows?: number;
  /** Entities behind the rows, for false alerts per 1,000 devices per day. */
  devices?: number;
  read(paths: string[]): Promise<LabelledTable>;
}

/**
 * Build a tabular adapter: read, sample (seeded, stratified by class), split, run the models.
 *
 * @example
 * export const nslKdd = tabularAdapter({ name: 'nsl-kdd', split: 'cv', read: async ([p]) => … });
 */
export function tabularAdapter(def: TabularDefinition): TabularAdapter {
  const splitText = def.split === 'cv' ? 'stratified k-fold cross-validation by attack class (default 5 folds, seeded)' : 'chronological 70/30 by timestamp';
  const adapter: TabularAdapter = {
    name: def.name, title: def.title, kind: 'tabular', files: def.files, split: splitText, published: def.published,
    async load(ctx) {
      const t = await def.read(requireFiles(ctx, def.files));
      const max = ctx.maxRows ?? def.defaultMaxRows;
      if (max === undefined || max >= t.y.length) return t;
      const sample = selectRows(t, sampleRows(t.cls, max, ctx.seed));
      return { ...sample, sample: `seeded (${ctx.seed}) sample of ${sample.y.length} of ${t.y.length} rows, stratified by class`, sampleScale: t.y.length / sample.y.length };
    },
    makeSplit(t, ctx) {
      if (def.split === 'chronological') {
        if (!t.time) throw new Error(`${def.name}: a chronological split needs timestamps`);
        return chronologicalSplit(t.time, 0.7);
      }
      return stratifiedKFold(t.cls, ctx.folds, ctx.seed);
    },
    async evaluate(ctx) {
      const started = Date.now();
      ctx.onProgress?.(`${def.name}: reading ${def.files.join(', ')}`);
      const t = await adapter.load(ctx);
      const split = adapter.makeSplit(t, ctx);
      const r = evaluateTabular(t, split, {
        trees: ctx.trees, seed: ctx.seed,
        ...(ctx.models ? { models: ctx.models } : {}),
        ...(ctx.onProgress ? { onProgress: (m: string) => ctx.onProgress!(`${def.name}: ${m}`) } : {}),
        ...(def.devices ? { devices: def.devices } : {}),
        ...(t.sampleScale ? { perDayScale: t.sampleScale } : {}),
      });
      let attacks = 0;
      for (let i = 0; i < t.y.length; i++) attacks += t.y[i]!;
      const share = attacks / Math.max(1, t.y.length);
      // What a detector that flags every row would score: the floor any F1 here should clear.
      const trivial = `Flagging every row would give F1 ${((2 * share) / (1 + share)).toFixed(3)} (attack share ${share.toFixed(3)}); read the F1s against that, and AUC/FPR beside them.`;
      return {
        kind: 'public-dataset',
        dataset: {
          name: def.name, title: def.title, files: def.files, rows: t.y.length, scoredRows: r.scoredRows, features: r.features,
          split: split.description, dropped: t.dropped, classes: classCounts(t.cls),
          ...(t.sample ? { sample: t.sample } : {}), notes: [...def.notes, trivial],
        },
        detectors: r.detectors, scenarios: r.scenarios, published: def.published,
        params: { seed: ctx.seed, trees: ctx.trees, folds: split.folds.length, iforest: { trees: 100, sampleSize: 256 }, logistic: { C: 1, epochs: 40, batchSize: 256 } },
        seconds: (Date.now() - started) / 1000,
      };
    },
  };
  return adapter;
}
