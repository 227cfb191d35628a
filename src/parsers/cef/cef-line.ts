import { ParseError } from '../../core/errors.js';
import { setOwn } from '../common/own-property.js';

/**
 * The seven header fields and the extension of a CEF record, unescaped.
 *
 * @example
 * const c: CefRecord = { version: '0', vendor: 'Security', product: 'threatmanager', deviceVersion: '1.0', signatureId: '100', name: 'worm successfully stopped', severity: '10', extension: { src: '10.0.0.1' } };
 */
export interface CefRecord {
  version: string;
  vendor: string;
  product: string;
  deviceVersion: string;
  signatureId: string;
  name: string;
  severity: string;
  /** Extension keys as written (`src`, `cs1Label`, `sourceAddress`…) → unescaped values. */
  extension: Record<string, string>;
}

const VERSION = /^\d+(\.\d+)?$/;
const HEADER_NAMES = ['Version', 'Device Vendor', 'Device Product', 'Device Version', 'Device Event Class ID', 'Name', 'Severity'];

/**
 * Split `CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|Extension` starting at `start`
 * (just after `CEF:`). In the header `\|` and `\\` are escapes; in the extension `\=`, `\\`, `\n`
 * and `\r`. An extension value runs until the space before the next `key=`, so values may hold
 * spaces. A missing header field is a {@link ParseError} naming it.
 *
 * @example
 * parseCef('CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232', 4).extension
 * // { src: '10.0.0.1', dst: '2.1.2.2', spt: '1232' }
 */
export function parseCef(s: string, start: number): CefRecord {
  const header: string[] = [];
  let i = start;
  let cur = '';
  let from = i;
  while (header.length < 7) {
    if (i >= s.length) {
      throw new ParseError(`truncated CEF header: it ends in "${HEADER_NAMES[header.length]}" (field ${header.length + 1} of 7; each header field ends with "|")`);
    }
    const c = s.charCodeAt(i);
    if (c === 92 && (s.charCodeAt(i + 1) === 124 || s.charCodeAt(i + 1) === 92)) {
      cur += s.slice(from, i) + s[i + 1];
      i += 2;
      from = i;
    } else if (c === 124) {
      header.push(cur + s.slice(from, i));
      cur = '';
      i++;
      from = i;
    } else {
      i++;
    }
  }
  const [version, vendor, product, deviceVersion, signatureId, name, severity] = header as [string, string, string, string, string, string, string];
  if (!VERSION.test(version)) throw new ParseError(`CEF Version "${version.slice(0, 10)}" is not a number`);
  return { version, vendor, product, deviceVersion, signatureId, name, severity, extension: parseExtension(s, i) };
}

function isKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 91 || c === 93 || c === 45;
}

/** Index of the `=` of a key that starts at `i` (`key=`), or -1. */
function keyAt(s: string, i: number): number {
  let j = i;
  while (j < s.length && isKeyChar(s.charCodeAt(j))) j++;
  return j > i && s.charCodeAt(j) === 61 && s.charCodeAt(j - 1) !== 92 ? j : -1;
}

function unescapeValue(v: string): string {
  if (v.indexOf('\\') < 0) return v;
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '\\' && i + 1 < v.length) {
      const n = v[i + 1]!;
      out += n === 'n' ? '\n' : n === 'r' ? '\r' : n;
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * Extension `k1=v1 k2=v with spaces k3=v3` → map. A value ends at the last space before the next
 * unescaped `key=`; an escaped `\=` never starts a key. Text before the first key (no `=`) is a
 * {@link ParseError}.
 *
 * @example
 * parseExtension('msg=a b\\=c dst=1.2.3.4', 0) // { msg: 'a b=c', dst: '1.2.3.4' }
 */
export function parseExtension(s: string, start: number): Record<string, string> {
  const out: Record<string, string> = {};
  let i = start;
  while (s.charCodeAt(i) === 32) i++;
  let end = s.length;
  while (end > i && (s.charCodeAt(end - 1) === 32 || s.charCodeAt(end - 1) === 13 || s.charCodeAt(end - 1) === 10)) end--;
  if (i >= end) return out;
  let eq = keyAt(s, i);
  if (eq < 0) throw new ParseError(`CEF extension at column ${i + 1} does not start with "key=": "${s.slice(i, i + 30)}"`);
  while (eq >= 0) {
    const key = s.slice(i, eq);
    // Find the next " key=" after the value start, skipping escaped characters.
    let j = eq + 1;
    let nextKey = -1;
    let nextEq = -1;
    for (; j < end; j++) {
      const c = s.charCodeAt(j);
      if (c === 92) {
        j++;
        continue;
      }
      if (c === 32) {
        let k = j + 1;
        while (s.charCodeAt(k) === 32) k++;
        const e = keyAt(s, k);
        if (e >= 0 && e < end) {
          nextKey = k;
          nextEq = e;
          break;
        }
      }
    }
    let valueEnd = nextKey < 0 ? end : j;
    while (valueEnd > eq + 1 && s.charCodeAt(valueEnd - 1) === 32) valueEnd--;
    setOwn(out, key, unescapeValue(s.slice(eq + 1, valueEnd)));
    i = nextKey;
    eq = nextEq;
  }
  return out;
}
