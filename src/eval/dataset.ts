import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { WardError } from '../core/errors.js';
import type { IncidentLabel } from '../simulate/labels.js';
import type { Manifest } from '../simulate/manifest.js';

/** A labelled dataset on disk: its manifest, its incidents, where it lives. */
export interface Dataset {
  dir: string;
  /** Folder name, used for `bench/results/eval-<name>.json`. */
  name: string;
  manifest: Manifest;
  labels: IncidentLabel[];
}

/**
 * Read `manifest.json` and `labels.jsonl` of a simulated dataset; a missing or unreadable
 * file fails with its path.
 *
 * @example
 * const ds = loadDataset('/tmp/sim'); ds.labels.length
 */
export function loadDataset(dir: string): Dataset {
  const abs = resolve(dir);
  const mf = join(abs, 'manifest.json');
  if (!existsSync(mf)) throw new WardError('request.invalid', 'not a dataset: manifest.json is missing (make one with wardwatch simulate)', mf);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(mf, 'utf8')) as Manifest;
  } catch (err) {
    throw new WardError('parse.failed', `manifest.json is not valid JSON: ${(err as Error).message}`, mf);
  }
  if (!Array.isArray(manifest.files)) throw new WardError('parse.failed', 'manifest.json has no files list', mf);
  const lf = join(abs, 'labels.jsonl');
  const labels: IncidentLabel[] = [];
  if (existsSync(lf)) {
    readFileSync(lf, 'utf8').split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        labels.push(JSON.parse(line) as IncidentLabel);
      } catch (err) {
        throw new WardError('parse.failed', `not valid JSON: ${(err as Error).message}`, `${lf}:${i + 1}`);
      }
    });
  }
  return { dir: abs, name: basename(abs), manifest, labels };
}
