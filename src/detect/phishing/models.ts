import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../version.js';
import { FusionModel, type FusionJSON } from './fusion.js';
import { LogisticModel } from './logistic.js';

/** The three trained models the scorer needs, with where they came from. */
export interface PhishingModels {
  content: LogisticModel;
  url?: LogisticModel | undefined;
  fusion: FusionModel;
  /** File each model was read from (for model cards, logs and `--json` output). */
  files: { content: string; url?: string; fusion?: string };
}

type ModelFile = { name: string; version: number; model: ReturnType<LogisticModel['toJSON']> };

/** The shipped models directory. */
export const MODELS_DIR = join(PACKAGE_ROOT, 'models');

/** The content model updated by feedback, under a data directory. */
export const feedbackContentPath = (dataDir: string) => join(dataDir, 'models', 'phishing-content.json');

const cache = new Map<string, PhishingModels>();

function newest(dir: string, name: string): string | undefined {
  for (let v = 9; v >= 1; v--) {
    const f = join(dir, `${name}-v${v}.json`);
    if (existsSync(f)) return f;
  }
  return undefined;
}

/**
 * Load the newest shipped model of each kind from `modelsDir` (default `models/`); a content
 * model updated by feedback under `dataDir/models/` wins over the shipped one. Loaded once
 * per process and path. Throws when there is no content model at all.
 *
 * @example
 * const m = loadPhishingModels({ dataDir: './data' }); m.fusion.thresholds.phishing
 */
export function loadPhishingModels(opts: { modelsDir?: string; dataDir?: string } = {}): PhishingModels {
  const dir = opts.modelsDir ?? MODELS_DIR;
  const own = opts.dataDir ? feedbackContentPath(opts.dataDir) : undefined;
  const contentFile = own && existsSync(own) ? own : newest(dir, 'phishing-content');
  if (!contentFile) throw new Error(`no phishing content model in ${dir} (expected phishing-content-vN.json; run the phishing bench to train one)`);
  const key = `${dir}\u0000${contentFile}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as ModelFile;
  const content = LogisticModel.fromJSON(read(contentFile).model);
  const urlFile = newest(dir, 'phishing-url');
  const fusionFile = newest(dir, 'phishing-fusion');
  const fusion = fusionFile ? FusionModel.fromJSON((JSON.parse(readFileSync(fusionFile, 'utf8')) as { model: FusionJSON }).model) : new FusionModel();
  const models: PhishingModels = {
    content,
    url: urlFile ? LogisticModel.fromJSON(read(urlFile).model) : undefined,
    fusion,
    files: { content: contentFile, ...(urlFile ? { url: urlFile } : {}), ...(fusionFile ? { fusion: fusionFile } : {}) },
  };
  cache.set(key, models);
  return models;
}

/** Forget loaded models (after `phishing train` wrote new ones, and in tests). */
export function clearModelCache(): void {
  cache.clear();
}
