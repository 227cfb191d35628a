import { ParseError } from '../../core/errors.js';
import { setOwn } from '../common/own-property.js';

/**
 * Parsed STRUCTURED-DATA and the index just past it.
 *
 * @example
 * const r: StructuredDataResult = { data: { 'origin@1': { ip: '192.0.2.1' } }, end: 24 };
 */
export interface StructuredDataResult {
  data: Record<string, Record<string, string>>;
  end: number;
}

const SP = 32;
const QUOTE = 34;
const EQ = 61;
const BACKSLASH = 92;
const CLOSE = 93;

function fail(s: string, i: number, what: string): never {
  throw new ParseError(`malformed RFC 5424 STRUCTURED-DATA at column ${i + 1}: ${what}${i >= s.length ? ' (line ends)' : ''}`);
}

/** SD-NAME: printable US-ASCII except `=`, space, `]` and `"`; 1..32 characters. */
function readName(s: string, i: number, what: string): number {
  const start = i;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= SP || c > 126 || c === EQ || c === CLOSE || c === QUOTE) break;
  }
  if (i === start) fail(s, i, `expected ${what}`);
  return i;
}

/**
 * Parse RFC 5424 STRUCTURED-DATA starting at `start`, which must hold `[`. Inside a
 * PARAM-VALUE, `\"`, `\\` and `\]` stand for the character; any other backslash is kept as
 * written (RFC 5424 §6.3.3). A repeated SD-ID merges into the first; a repeated PARAM-NAME
 * keeps the last value (the RFC allows repeats, the output map holds one value per name).
 *
 * @example
 * parseStructuredData('[exampleSDID@32473 iut="3" eventSource="Application"] msg', 0)
 * // { data: { 'exampleSDID@32473': { iut: '3', eventSource: 'Application' } }, end: 52 }
 */
export function parseStructuredData(s: string, start: number): StructuredDataResult {
  const data: Record<string, Record<string, string>> = {};
  let i = start;
  while (s.charCodeAt(i) === 91) {
    const idEnd = readName(s, i + 1, 'an SD-ID after "["');
    const id = s.slice(i + 1, idEnd);
    const params: Record<string, string> = Object.prototype.hasOwnProperty.call(data, id) ? data[id]! : {};
    setOwn(data, id, params);
    i = idEnd;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === CLOSE) {
        i++;
        break;
      }
      if (c !== SP) fail(s, i, `expected " " or "]" in SD-ELEMENT "${id}"`);
      const nameEnd = readName(s, i + 1, `a PARAM-NAME in SD-ELEMENT "${id}"`);
      const name = s.slice(i + 1, nameEnd);
      if (s.charCodeAt(nameEnd) !== EQ) fail(s, nameEnd, `expected "=" after PARAM-NAME "${name}"`);
      if (s.charCodeAt(nameEnd + 1) !== QUOTE) fail(s, nameEnd + 1, `expected '"' to open the value of "${name}"`);
      const vStart = nameEnd + 2;
      const close = s.indexOf('"', vStart);
      if (close < 0) fail(s, s.length, `unterminated value of "${name}"`);
      let value: string;
      let vEnd = close;
      const backslash = s.indexOf('\\', vStart);
      if (backslash < 0 || backslash > close) {
        // Fast path: no escapes before the closing quote.
        value = s.slice(vStart, close);
      } else {
        value = '';
        let j = vStart;
        let from = vStart;
        for (;;) {
          if (j >= s.length) fail(s, j, `unterminated value of "${name}"`);
          const v = s.charCodeAt(j);
          if (v === QUOTE) break;
          if (v === BACKSLASH) {
            const n = s.charCodeAt(j + 1);
            if (n === QUOTE || n === BACKSLASH || n === CLOSE) {
              value += s.slice(from, j);
              from = j + 1;
              j += 2;
              continue;
            }
          }
          j++;
        }
        value += s.slice(from, j);
        vEnd = j;
      }
      setOwn(params, name, value);
      i = vEnd + 1;
    }
  }
  return { data, end: i };
}
