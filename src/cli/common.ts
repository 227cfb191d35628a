import type { Command } from 'commander';
import { WardError, errorMessage } from '../core/errors.js';
import { loadConfigFile, type LoadedConfig } from '../pipeline/config-loader.js';
import { usePrivateUmask } from '../store/private-files.js';

/** Options every command shares. */
export interface CommonOptions {
  config?: string;
  dataDir?: string;
  json?: boolean;
}

/** Add `--config`, `--data-dir` and `--json` to a command. */
export function withCommon(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'YAML configuration file')
    .option('-d, --data-dir <dir>', 'data directory (store, secrets); default from config, else ./data')
    .option('--json', 'machine-readable JSON output');
}

/** Load the config and resolve the data directory (flag > config > ./data); sets a private umask. */
export function loadFor(opts: CommonOptions): { loaded: LoadedConfig; dataDir: string } {
  // Every command that resolves the data directory may create files in it: owner-only from here on.
  usePrivateUmask();
  const loaded = loadConfigFile(opts.config);
  return { loaded, dataDir: opts.dataDir ?? loaded.config.dataDir };
}

/**
 * Run a command body; errors print one clear line (or a JSON object with `--json`) and set a
 * non-zero exit code, instead of a stack trace.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      const json = args.some((a) => typeof a === 'object' && a !== null && (a as CommonOptions).json === true);
      const code = err instanceof WardError ? err.code : 'error';
      if (json) process.stdout.write(`${JSON.stringify({ error: code, message: errorMessage(err) })}\n`);
      else process.stderr.write(`wardwatch: ${errorMessage(err)}\n`);
      if (process.env.WARDWATCH_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
      process.exitCode = err instanceof WardError && err.code.startsWith('config') ? 2 : 1;
    }
  };
}

/** Print a table with padded columns (for humans; `--json` prints objects instead). */
export function table(rows: string[][], headers: string[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
