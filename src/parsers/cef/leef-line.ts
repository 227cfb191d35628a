import { ParseError } from '../../core/errors.js';
import { setOwn } from '../common/own-property.js';

/**
 * The header and attributes of a LEEF record.
 *
 * @example
 * const l: LeefRecord = { version: '2.0', vendor: 'Lancope', product: 'StealthWatch', productVersion: '1.0', eventId: 'is', delimiter: '^', attributes: { src: '192.0.2.0' } };
 */
export interface LeefRecord {
  version: string;
  vendor: string;
  product: string;
  productVersion: string;
  eventId: string;
  delimiter: string;
  attributes: Record<string, string>;
}

const HEADER_NAMES = ['LEEF Version', 'Vendor', 'Product Name', 'Product Version', 'EventID'];

/** LEEF 2.0's delimiter field: one character, or its code as `0x5E` / `x5E` / `5E` hex. */
function delimiterOf(field: string): string | undefined {
  if (field.length === 1) return field;
  const hex = field.startsWith('0x') || field.startsWith('0X') ? field.slice(2) : field.startsWith('x') || field.startsWith('X') ? field.slice(1) : field;
  if (hex.length < 1 || hex.length > 4) return undefined;
  for (let i = 0; i < hex.length; i++) {
    const c = hex.charCodeAt(i) | 32;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return undefined;
  }
  return String.fromCharCode(parseInt(hex, 16));
}

/**
 * Split `LEEF:Version|Vendor|Product|Version|EventID|[Delimiter|]attributes` starting at `start`
 * (just after `LEEF:`). LEEF 1.0 separates attributes with a tab; 2.0 names its delimiter in a
 * sixth header field (a character or its hex code; absent means tab). A missing header field is a
 * {@link ParseError} naming it.
 *
 * @example
 * parseLeef('LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5', 5).attributes // { src: '10.0.1.8', dst: '10.0.0.5' }
 */
export function parseLeef(s: string, start: number): LeefRecord {
  const header: string[] = [];
  let i = start;
  while (header.length < 5) {
    const bar = s.indexOf('|', i);
    if (bar < 0) throw new ParseError(`truncated LEEF header: it ends in "${HEADER_NAMES[header.length]}" (field ${header.length + 1} of 5; each header field ends with "|")`);
    header.push(s.slice(i, bar));
    i = bar + 1;
  }
  const [version, vendor, product, productVersion, eventId] = header as [string, string, string, string, string];
  if (version !== '1.0' && version !== '2.0' && version !== '1' && version !== '2') throw new ParseError(`unsupported LEEF version "${version.slice(0, 10)}" (expected 1.0 or 2.0)`);
  let delimiter = '\t';
  if (version.startsWith('2')) {
    const bar = s.indexOf('|', i);
    const d = bar < 0 ? undefined : delimiterOf(s.slice(i, bar));
    if (d !== undefined) {
      delimiter = d;
      i = bar + 1;
    }
  }
  const attributes: Record<string, string> = {};
  let end = s.length;
  while (end > i && (s.charCodeAt(end - 1) === 13 || s.charCodeAt(end - 1) === 10)) end--;
  for (const part of s.slice(i, end).split(delimiter)) {
    if (part.length === 0) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new ParseError(`LEEF attribute "${part.slice(0, 30)}" is not "key=value" (delimiter ${JSON.stringify(delimiter)})`);
    setOwn(attributes, part.slice(0, eq).trim(), part.slice(eq + 1));
  }
  return { version, vendor, product, productVersion, eventId, delimiter, attributes };
}
