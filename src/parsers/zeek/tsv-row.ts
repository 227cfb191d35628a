import { ParseError } from '../../core/errors.js';
import { Kind, type TsvSchema } from './tsv-schema.js';

const HEX_ESCAPE = /\\x([0-9a-fA-F]{2})/g;

/** Zeek writes the separator and non-printable bytes of a string as `\xHH`. */
function unescape(s: string): string {
  return s.indexOf('\\x') < 0 ? s : s.replace(HEX_ESCAPE, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function fail(schema: TsvSchema, field: string, value: string, what: string): never {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  throw new ParseError(`Zeek ${schema.path ?? 'TSV'} field "${field}": ${what}, got "${shown}"`);
}

function toNumber(schema: TsvSchema, field: string, s: string): number {
  // Ports and counts are plain digits: add them up rather than go through Number().
  if (s.length > 0 && s.length < 16) {
    let n = 0;
    let i = 0;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      n = n * 10 + c;
    }
    if (i === s.length) return n;
  }
  const n = s.length === 0 ? Number.NaN : Number(s);
  if (!Number.isFinite(n)) fail(schema, field, s, 'expected a number');
  return n;
}

function toList(schema: TsvSchema, field: string, s: string, numbers: boolean): unknown[] {
  if (s === schema.emptyField) return [];
  const parts = s.split(schema.setSeparator);
  const out: unknown[] = new Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    out[i] = numbers ? toNumber(schema, field, p) : unescape(p);
  }
  return out;
}

/**
 * One TSV data line → a flat record keyed by the `#fields` names (`id.orig_h` stays dotted, as in
 * Zeek's JSON output), typed by `#types`: numbers for count/int/port/double/time/interval,
 * booleans for `T`/`F`, arrays for sets and vectors. Unset fields (`-`) are left out; `(empty)`
 * is `""` or `[]`. Hand-scanned: one `indexOf` per column.
 *
 * @example
 * // with #fields ts uid proto and #types time string enum
 * readTsvRow(schema, '1632928690.500620\tCvVb\tudp') // { ts: 1632928690.50062, uid: 'CvVb', proto: 'udp' }
 */
export function readTsvRow(schema: TsvSchema, line: string): Record<string, unknown> {
  const { fields, kinds, separator } = schema;
  const out: Record<string, unknown> = {};
  let start = 0;
  for (let col = 0; col < fields.length; col++) {
    let end = line.indexOf(separator, start);
    if (end < 0) {
      if (col !== fields.length - 1) {
        throw new ParseError(`Zeek ${schema.path ?? 'TSV'} line has ${col + 1} fields, "#fields" declares ${fields.length}`);
      }
      end = line.length;
    } else if (col === fields.length - 1) {
      let n = fields.length;
      for (let i = end; i >= 0; i = line.indexOf(separator, i + separator.length)) n++;
      throw new ParseError(`Zeek ${schema.path ?? 'TSV'} line has ${n} fields, "#fields" declares ${fields.length}`);
    }
    const text = line.slice(start, end);
    start = end + separator.length;
    if (text === schema.unsetField) continue;
    const field = fields[col]!;
    let value: unknown;
    switch (kinds[col]) {
      case Kind.Number: value = toNumber(schema, field, text); break;
      case Kind.Bool:
        if (text === 'T') value = true;
        else if (text === 'F') value = false;
        else fail(schema, field, text, 'expected T or F');
        break;
      case Kind.StringList: value = toList(schema, field, text, false); break;
      case Kind.NumberList: value = toList(schema, field, text, true); break;
      default: value = text === schema.emptyField ? '' : unescape(text);
    }
    // `__proto__` as a column name would reach the prototype: define it as an own property.
    if (field === '__proto__') Object.defineProperty(out, field, { value, enumerable: true, writable: true, configurable: true });
    else out[field] = value;
  }
  return out;
}
