import { IntelError } from '../stix/errors.js';

export type TokKind = 'ident' | 'string' | 'int' | 'float' | 'bool' | 'timestamp' | 'binary' | 'hex' | 'op' | 'punct' | 'keyword' | 'eof';

export interface Token {
  kind: TokKind;
  text: string;
  /** Decoded value for literals (string content without quotes/escapes). */
  value?: string;
  /** 0-based character offset in the pattern. */
  pos: number;
}

/** Keywords are upper case only in the STIX grammar (STIXPattern.g4). */
const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'FOLLOWEDBY', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET', 'LAST', 'IN', 'START', 'STOP', 'SECONDS', 'WITHIN', 'REPEATS', 'TIMES', 'EXISTS']);
const TIMESTAMP_RE = /^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)(\.[0-9]+)?Z$/;

/** Raise a pattern error at a character position. */
export function patternError(message: string, pos: number): IntelError {
  return new IntelError('pattern', message, { path: `char ${pos + 1}` });
}

/**
 * Split a pattern into tokens; a bad character or an unterminated string is an error with
 * its position.
 */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const start = i;
    const quoted = (prefixLen: number): string => {
      // Inside '...': \' and \\ are the only escapes (the grammar's StringLiteral).
      let j = i + prefixLen + 1;
      let s = '';
      while (j < src.length && src[j] !== "'") {
        if (src[j] === '\\') {
          const n = src[j + 1];
          if (n !== "'" && n !== '\\') throw patternError(`invalid escape \\${n ?? ''} in string (only \\' and \\\\ are allowed)`, j);
          s += n;
          j += 2;
        } else s += src[j++];
      }
      if (j >= src.length) throw patternError('unterminated string literal', start);
      i = j + 1;
      return s;
    };
    if (c === "'") { out.push({ kind: 'string', text: '', value: quoted(0), pos: start }); out[out.length - 1]!.text = src.slice(start, i); continue; }
    if ((c === 't' || c === 'b' || c === 'h') && src[i + 1] === "'") {
      const v = quoted(1);
      const kind = c === 't' ? 'timestamp' : c === 'b' ? 'binary' : 'hex';
      if (kind === 'timestamp' && !TIMESTAMP_RE.test(v)) throw patternError(`invalid timestamp t'${v}' (expected RFC 3339 UTC, e.g. 2016-06-01T00:00:00Z)`, start);
      if (kind === 'hex' && !/^([0-9a-fA-F]{2})*$/.test(v)) throw patternError(`invalid hex literal h'${v}'`, start);
      if (kind === 'binary' && !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) throw patternError(`invalid base64 literal b'${v}'`, start);
      out.push({ kind, text: src.slice(start, i), value: v, pos: start });
      continue;
    }
    const num = /^[-+]?[0-9]+(\.[0-9]+)?/.exec(src.slice(i));
    if (num && (c !== '-' && c !== '+' || /[0-9]/.test(src[i + 1] ?? ''))) {
      i += num[0].length;
      out.push({ kind: num[1] ? 'float' : 'int', text: num[0], pos: start });
      continue;
    }
    const id = /^[a-zA-Z_][a-zA-Z0-9_-]*/.exec(src.slice(i));
    if (id) {
      i += id[0].length;
      const w = id[0];
      out.push({ kind: KEYWORDS.has(w) ? 'keyword' : w === 'true' || w === 'false' ? 'bool' : 'ident', text: w, pos: start });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '<>', '>=', '<='].includes(two)) { i += 2; out.push({ kind: 'op', text: two === '==' ? '=' : two === '<>' ? '!=' : two, pos: start }); continue; }
    if ('=<>'.includes(c)) { i++; out.push({ kind: 'op', text: c, pos: start }); continue; }
    if ('[]():,.*'.includes(c)) { i++; out.push({ kind: 'punct', text: c, pos: start }); continue; }
    throw patternError(`unexpected character '${c}'`, i);
  }
  out.push({ kind: 'eof', text: '', pos: src.length });
  return out;
}
