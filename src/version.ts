import { readFileSync } from 'node:fs';

import { fileURLToPath } from 'node:url';

/** The package root (where package.json, rules/ and models/ are), from src/ or dist/src/. */
export const PACKAGE_ROOT: string = (() => {
  for (const rel of ['../', '../../']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(`${rel}package.json`, import.meta.url), 'utf8')) as { name?: string };
      if (pkg.name === 'wardwatch') return fileURLToPath(new URL(rel, import.meta.url));
    } catch {
      // try the next location
    }
  }
  return process.cwd();
})();

/** The package version, read once from package.json. */
export const VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(`${PACKAGE_ROOT}/package.json`, 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
