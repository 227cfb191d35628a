import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { WardError, errorMessage } from '../core/errors.js';
import { loadConfigFile, type LoadedConfig } from '../pipeline/config-loader.js';
import { usePrivateUmask } from '../store/private-files.js';
import { SqliteStore } from '../store/sqlite/index.js';

/** Options every command shares. */
export interface CommonOptions {
  config?: string;
  dataDir?: string;
  json?: boolean;
}

/** Add `--config`, `--data-dir` and `--json` to a command. */
export function withCommon(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'YAML configuration file (env WARDWATCH_CONFIG)')
    .option('-d, --data-dir <dir>', 'data directory (store, secrets); default $WARDWATCH_DATA_DIR, else from config, else ./data')
    .option('--json', 'machine-readable JSON output');
}

/**
 * Load the config and resolve the data directory: flag > environment (`WARDWATCH_DATA_DIR`,
 * applied by the config loader with every other `WARDWATCH_*` setting) > config file > ./data.
 * Sets a private umask: every command that resolves the data directory may create files in it.
 */
export function loadFor(opts: CommonOptions): { loaded: LoadedConfig; dataDir: string } {
  usePrivateUmask();
  const loaded = loadConfigFile(opts.config ?? (process.env.WARDWATCH_CONFIG || undefined));
  return { loaded, dataDir: opts.dataDir ?? loaded.config.dataDir };
}

/**
 * Open the store of a data directory that must already exist. Read commands use this: a mistyped
 * `--data-dir` is an error naming the path, never a silently created empty store (only `serve`,
 * `ingest` and the other writing commands create one).
 *
 * @example
 * const store = openExistingStore('./data'); // throws not_found for a folder without wardwatch.db
 */
export function openExistingStore(dataDir: string): SqliteStore {
  const file = SqliteStore.file(dataDir);
  if (!existsSync(file)) {
    throw new WardError('not_found', `no Wardwatch store in ${resolve(dataDir)} (expected ${file}); check --data-dir, or create one with "wardwatch serve" or "wardwatch ingest"`, '--data-dir');
  }
  return SqliteStore.open(dataDir);
}

/**
 * Check that `value` is one of `known`; otherwise a `request.invalid` error listing the valid names.
 *
 * @example
 * oneOf('nope', ['auth.spray', 'auth.bruteforce'], '--detector') // throws: unknown value "nope" for --detector (valid: auth.bruteforce, auth.spray)
 */
export function oneOf(value: string, known: readonly string[], where: string): string {
  if (!known.includes(value)) {
    throw new WardError('request.invalid', `unknown value "${value}" (valid: ${[...known].sort().join(', ')})`, where);
  }
  return value;
}

/**
 * A closed stdout (`wardwatch alerts | head`) ends the command quietly with status 0 instead of
 * crashing with EPIPE: the reader has all it wanted. Installed once by `main.ts` for every command.
 */
export function exitQuietlyOnBrokenPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
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
