import type { DatasetAdapter } from './adapter.js';
import { bgl } from './bgl.js';
import { cicids2017 } from './cicids2017.js';
import { email } from './email.js';
import { hdfs } from './hdfs.js';
import { loghubParsing } from './loghub-parsing.js';
import { nslKdd } from './nsl-kdd.js';
import { tonIot } from './ton-iot.js';
import { unswNb15 } from './unsw-nb15.js';
import { wustlEhms } from './wustl-ehms.js';

/**
 * Public datasets by name. Adding one = one file exporting a {@link DatasetAdapter}
 * and one line here.
 */
export const DATASETS: Readonly<Record<string, DatasetAdapter>> = Object.freeze({
  'nsl-kdd': nslKdd,
  'unsw-nb15': unswNb15,
  'wustl-ehms': wustlEhms,
  cicids2017,
  'ton-iot': tonIot,
  hdfs,
  bgl,
  'loghub-parsing': loghubParsing,
  email,
});

/**
 * The adapter registered as `name`, or undefined.
 *
 * @example
 * datasetAdapter('nsl-kdd')?.evaluate(ctx)
 */
export function datasetAdapter(name: string): DatasetAdapter | undefined {
  return Object.prototype.hasOwnProperty.call(DATASETS, name) ? DATASETS[name] : undefined;
}
