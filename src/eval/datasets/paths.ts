import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Root of the public data: `WARDWATCH_DATASETS` if set, else `../shared/data` next to the repository
 * (found by walking up from this file to Wardwatch's package.json, so it works from src/ and dist/).
 *
 * @example
 * defaultDataDir() // '/work/shared/data'
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WARDWATCH_DATASETS) return resolve(env.WARDWATCH_DATASETS);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'wardwatch') return resolve(dir, '../shared/data');
    dir = dirname(dir);
  }
  return resolve(process.cwd(), '../shared/data');
}
