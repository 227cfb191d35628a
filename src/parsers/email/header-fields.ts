import { decodeWords } from 'postal-mime';
import { TextDecoder } from 'node:util';

/**
 * One header field, unfolded: `name` lower-cased, `value` with the folding removed but
 * RFC 2047 encoded-words left as they are (decode with {@link decodeHeader}).
 *
 * @example
 * const f: HeaderField = { name: 'subject', value: '=?utf-8?B?SGk=?=' };
 */
export interface HeaderField {
  name: string;
  value: string;
}

/** A header field name: printable US-ASCII except `:` (RFC 5322 §3.6.8). */
const FIELD_NAME = /^[!-9;-~]+$/;

/**
 * Where the header section ends: index of the empty line and of the body start. A section
 * with no empty line is all header (a message without a body).
 *
 * @example
 * splitHeaderBody('A: 1\n\nbody') // { headerEnd: 4, bodyStart: 6 }
 */
export function splitHeaderBody(text: string, from = 0): { headerEnd: number; bodyStart: number } {
  if (text.startsWith('\n', from)) return { headerEnd: from, bodyStart: from + 1 };
  if (text.startsWith('\r\n', from)) return { headerEnd: from, bodyStart: from + 2 };
  const lf = text.indexOf('\n\n', from);
  const crlf = text.indexOf('\r\n\r\n', from);
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { headerEnd: crlf, bodyStart: crlf + 4 };
  if (lf >= 0) return { headerEnd: lf, bodyStart: lf + 2 };
  return { headerEnd: text.length, bodyStart: text.length };
}

/**
 * Unfold and split a header section into fields, in order (top first). Lines that are
 * neither a field nor a continuation are returned in `bad` (1-based line numbers), so a
 * caller can decide whether the text is a message at all.
 *
 * @example
 * readHeaderFields('Subject: a\n b\nTo: x@y').fields // [{ name: 'subject', value: 'a b' }, { name: 'to', value: 'x@y' }]
 */
export function readHeaderFields(section: string): { fields: HeaderField[]; bad: number[] } {
  const fields: HeaderField[] = [];
  const bad: number[] = [];
  const lines = section.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length === 0) continue;
    const c = line.charCodeAt(0);
    if (c === 32 || c === 9) {
      const last = fields[fields.length - 1];
      if (last) last.value += ' ' + line.trim();
      else bad.push(i + 1);
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trimEnd() : '';
    if (name.length === 0 || !FIELD_NAME.test(name)) {
      bad.push(i + 1);
      continue;
    }
    fields.push({ name: name.toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return { fields, bad };
}

/**
 * Decode RFC 2047 encoded-words (`=?utf-8?Q?…?=`) with postal-mime's decoder; a value it
 * cannot decode is returned as it is.
 *
 * @example
 * decodeHeader('=?utf-8?B?SGVsbG8=?= world') // 'Hello world'
 */
export function decodeHeader(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return decodeWords(value);
  } catch {
    return value;
  }
}

/**
 * A structured header value split into its main token and `;`-separated parameters, as in
 * `Content-Type` and `Content-Disposition` (RFC 2045, with RFC 2231 `name*` and `name*0*`
 * continuations and charsets).
 *
 * @example
 * parseParams('text/plain; charset="utf-8"') // { value: 'text/plain', params: { charset: 'utf-8' } }
 */
export function parseParams(raw: string): { value: string; params: Record<string, string> } {
  const parts = splitParams(raw);
  const value = (parts.shift() ?? '').trim().toLowerCase();
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  const continued: Record<string, Array<{ n: number; v: string; enc: boolean }>> = Object.create(null) as Record<string, Array<{ n: number; v: string; enc: boolean }>>;
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    let key = p.slice(0, eq).trim().toLowerCase();
    let v = p.slice(eq + 1).trim();
    if (v.startsWith('"')) v = v.slice(1, v.endsWith('"') && v.length > 1 ? -1 : undefined).replace(/\\(.)/g, '$1');
    const m = /^([^*]+)\*(?:(\d+)\*?)?$/.exec(key);
    if (m) {
      key = m[1]!;
      const enc = p.slice(0, eq).trim().endsWith('*');
      (continued[key] ??= []).push({ n: m[2] === undefined ? 0 : Number(m[2]), v, enc });
      continue;
    }
    params[key] = v;
  }
  for (const [key, pieces] of Object.entries(continued)) {
    pieces.sort((a, b) => a.n - b.n);
    let charset = 'utf-8';
    const out = pieces.map((piece, i) => {
      let v = piece.v;
      if (piece.enc && i === 0) {
        const q = /^([^']*)'[^']*'(.*)$/.exec(v);
        if (q) {
          charset = q[1] || charset;
          v = q[2]!;
        }
      }
      return piece.enc ? percentDecode(v, charset) : v;
    });
    params[key] = out.join('');
  }
  return { value, params };
}

function splitParams(raw: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\\' && quoted) {
      cur += ch + (raw[i + 1] ?? '');
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      cur += ch;
    } else if (ch === ';' && !quoted) {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

function percentDecode(v: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < v.length; i++) {
    if (v[i] === '%' && /^[0-9a-fA-F]{2}$/.test(v.slice(i + 1, i + 3))) {
      bytes.push(parseInt(v.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(v[i]!, 'utf8')) bytes.push(b);
    }
  }
  return decodeBytes(Uint8Array.from(bytes), charset);
}

const decoders = new Map<string, TextDecoder | null>();

/**
 * Decode bytes in a MIME charset; unknown charsets fall back to UTF-8 (with replacement
 * characters), since a body must never make the message unreadable.
 *
 * @example
 * decodeBytes(Uint8Array.of(0xe9), 'iso-8859-1') // 'é'
 */
export function decodeBytes(bytes: Uint8Array, charset: string | undefined): string {
  const label = (charset ?? 'utf-8').trim().toLowerCase() || 'utf-8';
  let dec = decoders.get(label);
  if (dec === undefined) {
    try {
      dec = new TextDecoder(label);
    } catch {
      dec = null;
    }
    decoders.set(label, dec);
  }
  return (dec ?? new TextDecoder('utf-8')).decode(bytes);
}
