import { SigmaError } from './errors.js';

/**
 * Value transformations of the encoding modifiers. Strings here are "binary strings": one
 * char per byte (0–255) once an encoding modifier has run, so they chain (`wide|base64offset`).
 */

/**
 * `utf16le` / `wide`: each UTF-16 code unit as two bytes, little end first.
 *
 * @example
 * utf16le('cmd') // 'c\\0m\\0d\\0'
 */
export function utf16le(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += String.fromCharCode(c & 0xff, c >> 8);
  }
  return out;
}

/**
 * `utf16be`: each UTF-16 code unit as two bytes, big end first.
 *
 * @example
 * utf16be('cmd') // '\\0c\\0m\\0d'
 */
export function utf16be(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += String.fromCharCode(c >> 8, c & 0xff);
  }
  return out;
}

/**
 * `utf16`: byte-order mark then little-endian code units.
 *
 * @example
 * utf16('a') // '\\xff\\xfea\\0'
 */
export function utf16(s: string): string {
  return '\xff\xfe' + utf16le(s);
}

function bytes(s: string): Buffer {
  // A string with chars above 0xff has not been through utf16*: encode it as UTF-8.
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return Buffer.from(s, 'utf8');
  return Buffer.from(s, 'latin1');
}

/**
 * `base64`.
 *
 * @example
 * base64('abc') // 'YWJj'
 */
export function base64(s: string): string {
  return bytes(s).toString('base64');
}

/**
 * `base64offset`: the three encodings of the value at byte offsets 0, 1 and 2 inside a longer
 * base64 text, trimmed to the characters that do not depend on the neighbouring bytes.
 *
 * @example
 * base64offset('/bin/bash') // ['L2Jpbi9iYXNo', '9iaW4vYmFza', 'vYmluL2Jhc2']
 */
export function base64offset(s: string): string[] {
  const b = bytes(s);
  const start = [0, 2, 3];
  const endTrim = [0, 3, 2];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const enc = Buffer.concat([Buffer.alloc(i, 0x20), b]).toString('base64');
    const trim = endTrim[(b.length + i) % 3]!;
    out.push(enc.slice(start[i]!, trim ? enc.length - trim : enc.length));
  }
  return out;
}

const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];

/**
 * `windash`: every dash or slash that starts a command-line flag (`\B[-/]\b`) in each of its
 * five spellings. Past four flags the permutations are limited to `-` and `/` to stay bounded.
 *
 * @example
 * windash(' -enc ') // [' -enc ', ' /enc ', ' –enc ', ' —enc ', ' ―enc ']
 */
export function windash(s: string): string[] {
  const positions: number[] = [];
  const re = /\B[-/]\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) positions.push(m.index);
  if (positions.length === 0) return [s];
  const alphabet = positions.length <= 4 ? DASHES : DASHES.slice(0, 2);
  if (positions.length > 12) throw new SigmaError('value', `windash value has ${positions.length} flags (limit 12)`);
  let variants = [''];
  let prev = 0;
  for (const pos of positions) {
    const chunk = s.slice(prev, pos);
    const next: string[] = [];
    for (const v of variants) for (const d of alphabet) next.push(v + chunk + d);
    variants = next;
    prev = pos + 1;
  }
  const tail = s.slice(prev);
  return variants.map((v) => v + tail);
}
