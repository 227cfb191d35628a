import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * URL of a compiled worker-thread script next to `from` (an `import.meta.url`). When running
 * from TypeScript sources (vitest), workers still need JavaScript: use the build in `dist/`.
 *
 * @example
 * new Worker(workerUrl('./writer-worker.js', import.meta.url))
 */
export function workerUrl(relative: string, from: string): URL {
  const here = new URL(relative, from);
  if (existsSync(fileURLToPath(here))) return here;
  const compiled = fileURLToPath(here).replace(/\/src\//, '/dist/src/');
  if (!existsSync(compiled)) throw new Error(`worker script not built: run "npm run build" (looked for ${compiled})`);
  return pathToFileURL(compiled);
}
