import { readFileSync } from 'node:fs';

/**
 * A password from a file (trimmed) or an environment variable, read when an action runs (so a
 * rotated secret is picked up). Errors name the config key, never the value.
 *
 * @example
 * readSecret({ file: '/run/secrets/ldap' }, 'respond.ldap.bindPassword')
 */
export function readSecret(from: { file?: string | undefined; env?: string | undefined }, key: string): string {
  if (from.file) {
    try {
      return readFileSync(from.file, 'utf8').trim();
    } catch (err) {
      throw new Error(`${key}File: cannot read ${from.file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  if (from.env) {
    const v = process.env[from.env];
    if (v === undefined) throw new Error(`${key}Env: environment variable ${from.env} is not set`);
    return v;
  }
  return '';
}
