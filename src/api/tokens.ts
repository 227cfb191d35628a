import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WardError } from '../core/errors.js';

const FILE = 'api-tokens.json';
/** Shortest admin token accepted from `WARDWATCH_ADMIN_TOKEN`. */
const MIN_TOKEN = 16;

interface TokenFile { tokens: Array<{ name: string; sha256: string; created: string }> }

const digest = (t: string) => createHash('sha256').update(t).digest('hex');

/**
 * API bearer tokens. Only SHA-256 digests are kept in the data directory; the admin token is
 * made on first start and shown once (or taken from `WARDWATCH_ADMIN_TOKEN`, then never shown).
 *
 * @example
 * const { created, generated, token } = ensureAdminToken('./data'); if (created && generated) console.log(token);
 * verifyToken('./data', token) // true
 */
export function ensureAdminToken(dataDir: string, preset = process.env.WARDWATCH_ADMIN_TOKEN): { created: boolean; token?: string; generated?: boolean; presetTooShort?: boolean } {
  const path = join(dataDir, FILE);
  if (existsSync(path)) return { created: false };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const usable = preset !== undefined && preset.length >= MIN_TOKEN;
  const token = usable ? preset : `ww_${randomBytes(24).toString('base64url')}`;
  const file: TokenFile = { tokens: [{ name: 'admin', sha256: digest(token), created: new Date().toISOString() }] };
  writeFileSync(path, JSON.stringify(file, null, 2), { mode: 0o600 });
  // `generated` tells the caller it may show the token once; an operator's own token is never echoed.
  return { created: true, token, generated: !usable, ...(preset !== undefined && !usable ? { presetTooShort: true } : {}) };
}

/**
 * A constant-time checker over the token digests. The file is re-read when it changes (checked at
 * most once a second), so a token made or revoked with `wardwatch tokens` applies to a running server.
 */
export function tokenChecker(dataDir: string): (token: string) => string | undefined {
  const path = join(dataDir, FILE);
  let known: Array<{ name: string; d: Buffer }> = [];
  let mtime = -1;
  let checked = 0;
  const load = () => {
    const m = statSync(path).mtimeMs;
    if (m === mtime) return;
    const file = JSON.parse(readFileSync(path, 'utf8')) as TokenFile;
    known = file.tokens.map((t) => ({ name: t.name, d: Buffer.from(t.sha256, 'hex') }));
    mtime = m;
  };
  load();
  return (token) => {
    const now = Date.now();
    if (now - checked >= 1000) {
      checked = now;
      try {
        load();
      } catch {
        // Keep the last good list if the file is being replaced or is unreadable.
      }
    }
    const d = Buffer.from(digest(token), 'hex');
    return known.find((k) => k.d.length === d.length && timingSafeEqual(k.d, d))?.name;
  };
}

/** A token's record without its digest. */
export interface TokenInfo { name: string; created: string }

function readTokens(dataDir: string): TokenFile {
  const path = join(dataDir, FILE);
  if (!existsSync(path)) return { tokens: [] };
  return JSON.parse(readFileSync(path, 'utf8')) as TokenFile;
}

/** Write atomically (rename) and privately (0600): a reader never sees half a file. */
function writeTokens(dataDir: string, file: TokenFile): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(file, null, 2), { mode: 0o600 });
  renameSync(tmp, path);
}

/**
 * Make a new API token named `name` and return it (only its digest is kept: show it once).
 * With `replace`, a token of the same name is replaced (the way to recover a lost admin token).
 *
 * @example
 * const t = createToken('./data', 'siem-forwarder'); // 'ww_…'
 */
export function createToken(dataDir: string, name: string, opts: { replace?: boolean } = {}): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) throw new WardError('request.invalid', 'a token name is 1-64 letters, digits, . _ -', 'NAME');
  const file = readTokens(dataDir);
  if (file.tokens.some((t) => t.name === name) && !opts.replace) {
    throw new WardError('request.invalid', `a token named "${name}" exists (use --replace to replace it, or another name)`, 'NAME');
  }
  const token = `ww_${randomBytes(24).toString('base64url')}`;
  file.tokens = [...file.tokens.filter((t) => t.name !== name), { name, sha256: digest(token), created: new Date().toISOString() }];
  writeTokens(dataDir, file);
  return token;
}

/**
 * The tokens' names and creation times (never their digests).
 *
 * @example
 * listTokens('./data') // [{ name: 'admin', created: '2026-…' }]
 */
export function listTokens(dataDir: string): TokenInfo[] {
  return readTokens(dataDir).tokens.map((t) => ({ name: t.name, created: t.created }));
}

/**
 * Remove the token named `name`; false when there was none.
 *
 * @example
 * revokeToken('./data', 'siem-forwarder') // true
 */
export function revokeToken(dataDir: string, name: string): boolean {
  const file = readTokens(dataDir);
  const kept = file.tokens.filter((t) => t.name !== name);
  if (kept.length === file.tokens.length) return false;
  writeTokens(dataDir, { tokens: kept });
  return true;
}
