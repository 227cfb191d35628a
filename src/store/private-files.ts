import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Mode of the data directory and every directory in it: owner only. */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of every file in the data directory: owner read/write only. */
export const PRIVATE_FILE_MODE = 0o600;

/** How deep and how far {@link securePrivateDir} walks (the data directory is small; this bounds a misconfigured `dataDir`). */
const MAX_DEPTH = 4;
const MAX_ENTRIES = 10_000;

/**
 * Make the process create private files from now on: the data directory holds password hashes,
 * session and CSRF tokens, the pseudonymisation key and every event, and SQLite creates its
 * `-wal`/`-shm` files itself with the process umask (and the database file's mode). Call it at
 * the start of every command that writes to the data directory.
 *
 * @example
 * usePrivateUmask(); // files created afterwards are 0600, directories 0700
 */
export function usePrivateUmask(): void {
  try {
    process.umask(0o077);
  } catch {
    // Worker threads cannot change the umask; the explicit chmod in securePrivateDir still applies.
  }
}

/**
 * Create the data directory 0700 if it is missing and tighten what is already there: group and
 * other permissions are removed from every directory and regular file (0644 → 0600, 0755 → 0700;
 * the owner's own bits are kept, so a `dataDir` pointed at the wrong folder loses no access);
 * symbolic links are not followed. Returns the paths (relative to the directory) that were
 * readable or writable by others, so the caller can log a warning naming them; the names are
 * file names, never contents.
 *
 * @example
 * const fixed = securePrivateDir('./data');
 * if (fixed.length) log(`tightened permissions of ${fixed.join(', ')} to owner-only`);
 */
export function securePrivateDir(dir: string): string[] {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const fixed: string[] = [];
  let seen = 0;
  const visit = (path: string, depth: number) => {
    if (++seen > MAX_ENTRIES) return;
    const st = lstatSync(path);
    if (st.isSymbolicLink() || (!st.isDirectory() && !st.isFile())) return;
    if ((st.mode & 0o077) !== 0) {
      chmodSync(path, (st.mode & 0o700) | (st.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE));
      fixed.push(relative(dir, path) || '.');
    }
    if (st.isDirectory() && depth < MAX_DEPTH) {
      for (const name of readdirSync(path)) visit(join(path, name), depth + 1);
    }
  };
  visit(dir, 0);
  return fixed;
}

/**
 * Owner-only mode check, for tests and `doctor`-style reports: the paths in `dir` that others
 * can read or write.
 *
 * @example
 * expect(loosePaths('./data')).toEqual([]);
 */
export function loosePaths(dir: string): string[] {
  const out: string[] = [];
  const visit = (path: string, depth: number) => {
    const st = statSync(path);
    if ((st.mode & 0o077) !== 0) out.push(relative(dir, path) || '.');
    if (st.isDirectory() && depth < MAX_DEPTH) for (const name of readdirSync(path)) visit(join(path, name), depth + 1);
  };
  visit(dir, 0);
  return out;
}
