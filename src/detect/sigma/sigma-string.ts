import { escapeRegExp } from './condition.js';

/**
 * `*` (any run of characters) inside a parsed Sigma string.
 *
 * @example
 * parseSigmaString('a*') // ['a', STAR]
 */
export const STAR = 0;
/**
 * `?` (exactly one character) inside a parsed Sigma string.
 *
 * @example
 * parseSigmaString('a?') // ['a', ONE]
 */
export const ONE = 1;
/** A parsed Sigma string: literal chunks and wildcard markers, escapes already resolved. */
export type Part = string | typeof STAR | typeof ONE;

/**
 * Parse a Sigma string value: `*` and `?` are wildcards, `\*`, `\?` and `\\` are literals, and
 * a backslash before anything else stays a backslash (so `C:\Windows\` needs no doubling).
 *
 * @example
 * parseSigmaString('*\\cmd.exe') // [STAR, '\\cmd.exe']
 */
export function parseSigmaString(s: string): Part[] {
  const parts: Part[] = [];
  let lit = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      const n = s[i + 1];
      if (n === '*' || n === '?' || n === '\\') {
        lit += n;
        i++;
      } else lit += c;
    } else if (c === '*' || c === '?') {
      if (lit) parts.push(lit);
      lit = '';
      parts.push(c === '*' ? STAR : ONE);
    } else lit += c;
  }
  if (lit) parts.push(lit);
  return normalise(parts);
}

/**
 * Merge adjacent literals and collapse runs of `*`.
 *
 * @example
 * normalise(['a', 'b', STAR, STAR]) // ['ab', STAR]
 */
export function normalise(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else if (p === STAR && last === STAR) continue;
    else if (p !== '') out.push(p);
  }
  return out;
}

/**
 * A parsed string made of one literal (no wildcards).
 *
 * @example
 * literal('YWJj') // ['YWJj']
 */
export function literal(s: string): Part[] {
  return s ? [s] : [];
}

/**
 * True when the string has no wildcard.
 *
 * @example
 * isPlain(['abc']) // true
 */
export function isPlain(parts: Part[]): boolean {
  return parts.every((p) => typeof p === 'string');
}

/**
 * The literal text, with wildcards rendered back as `*` and `?` (for messages and encodings).
 *
 * @example
 * plainText([STAR, 'a', ONE]) // '*a?'
 */
export function plainText(parts: Part[]): string {
  return parts.map((p) => (p === STAR ? '*' : p === ONE ? '?' : p)).join('');
}

/**
 * Wrap for `contains`/`startswith`/`endswith`.
 *
 * @example
 * wrap(['abc'], true, true) // [STAR, 'abc', STAR]
 */
export function wrap(parts: Part[], before: boolean, after: boolean): Part[] {
  const out = [...parts];
  if (before && out[0] !== STAR) out.unshift(STAR);
  if (after && out[out.length - 1] !== STAR) out.push(STAR);
  return out;
}

/**
 * The longest literal chunk: any value the pattern matches contains it.
 *
 * @example
 * longestLiteral([STAR, '\\\\', STAR, '.exe']) // '.exe'
 */
export function longestLiteral(parts: Part[]): string {
  let best = '';
  for (const p of parts) if (typeof p === 'string' && p.length > best.length) best = p;
  return best;
}

/**
 * Anchored RegExp source for a wildcard pattern (used only for shapes the fast paths cannot take).
 *
 * @example
 * toRegExpSource(['a', ONE, 'c']) // '^a[\\s\\S]c$'
 */
export function toRegExpSource(parts: Part[]): string {
  return `^${parts.map((p) => (p === STAR ? '[\\s\\S]*' : p === ONE ? '[\\s\\S]' : escapeRegExp(p))).join('')}$`;
}

/**
 * Lower-case the literal chunks (case-insensitive matching compares lower-cased text).
 *
 * @example
 * lowerParts(['ABC', STAR]) // ['abc', STAR]
 */
export function lowerParts(parts: Part[]): Part[] {
  return parts.map((p) => (typeof p === 'string' ? p.toLowerCase() : p));
}
