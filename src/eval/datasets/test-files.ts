import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { WardError } from '../../core/errors.js';

/** A file given with `--test`, and whether its records are anomalous (from its name), when it says. */
export interface TestFile { path: string; anomalous: boolean | undefined }

/**
 * The files behind `--test PATH`: PATH itself, or every regular file in it (not hidden, sorted).
 * A name holding `abnormal`/`anomal` marks anomalous records, `normal` normal ones, otherwise the
 * format decides (BGL lines carry their own label). Fails naming PATH when there is nothing to read.
 *
 * @example
 * testFiles('/data/hdfs_test')  // [{ path: '/data/hdfs_test/hdfs_test_abnormal', anomalous: true }, …]
 */
export function testFiles(path: string): TestFile[] {
  if (!existsSync(path)) throw new WardError('not_found', 'test data not found', path);
  const paths = statSync(path).isDirectory()
    ? readdirSync(path).filter((f) => !f.startsWith('.')).sort().map((f) => join(path, f)).filter((p) => statSync(p).isFile())
    : [path];
  if (!paths.length) throw new WardError('request.invalid', 'no files to score in the test folder', path);
  return paths.map((p) => {
    const name = basename(p).toLowerCase();
    return { path: p, anomalous: /abnormal|anomal/.test(name) ? true : /normal/.test(name) ? false : undefined };
  });
}
