import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** Load the token digests once; returns a constant-time checker. */
export function tokenChecker(dataDir: string): (token: string) => string | undefined {
  const path = join(dataDir, FILE);
  const file = JSON.parse(readFileSync(path, 'utf8')) as TokenFile;
  const known = file.tokens.map((t) => ({ name: t.name, d: Buffer.from(t.sha256, 'hex') }));
  return (token) => {
    const d = Buffer.from(digest(token), 'hex');
    return known.find((k) => k.d.length === d.length && timingSafeEqual(k.d, d))?.name;
  };
}
