import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WardError } from '../../core/errors.js';

/** Length of the pseudonymisation secret in bytes. */
export const SECRET_BYTES = 32;

/**
 * Where the secret lives inside a data directory.
 *
 * @example
 * secretPath('/var/lib/wardwatch') // '/var/lib/wardwatch/secrets/pseudonym.key'
 */
export function secretPath(dataDir: string): string {
  return join(dataDir, 'secrets', 'pseudonym.key');
}

/**
 * Read the pseudonymisation secret, creating it (32 random bytes) on first use. The folder is
 * made 0700 and the file 0600; looser modes found on an existing file are tightened. The
 * secret is never logged, and an error names the path, never the bytes.
 *
 * Creation uses the exclusive `wx` flag, so two processes starting together cannot each write
 * a different secret: the loser reads the winner's file.
 *
 * @example
 * const key = loadOrCreateSecret('/var/lib/wardwatch'); // Buffer of 32 bytes
 */
export function loadOrCreateSecret(dataDir: string): Buffer {
  const dir = join(dataDir, 'secrets');
  const file = secretPath(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  try {
    writeFileSync(file, randomBytes(SECRET_BYTES), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new WardError('config.invalid', 'cannot create the pseudonymisation secret', file, { cause: err });
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const key = readFileSync(file);
  if (key.length !== SECRET_BYTES) {
    throw new WardError('config.invalid', `pseudonymisation secret must be ${SECRET_BYTES} bytes, found ${key.length}`, file);
  }
  return key;
}
