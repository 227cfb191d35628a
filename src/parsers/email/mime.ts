import { decodeBytes, decodeHeader, parseParams, readHeaderFields, splitHeaderBody, type HeaderField } from './header-fields.js';

/**
 * A message read into what the event needs: its top-level header fields, the text and HTML
 * bodies, and every attachment's decoded bytes.
 *
 * Why not postal-mime's `PostalMime.parse`: it is `async`, and a {@link Parser} is synchronous.
 * This walker does the MIME structure (RFC 2045/2046) itself and leaves the subtle parts of
 * header decoding to postal-mime's synchronous `addressParser` and `decodeWords`.
 *
 * @example
 * const m: MimeMessage = readMime('Subject: hi\n\nbody');
 */
export interface MimeMessage {
  headers: HeaderField[];
  /** Lines of the top header section that were neither fields nor continuations (1-based). */
  badHeaderLines: number[];
  contentType: string;
  text: string[];
  html: string[];
  attachments: MimeAttachment[];
  /** A multipart whose closing boundary was missing (the message was cut). */
  truncated: boolean;
}

/** An attachment (or inline non-text part) with its bytes decoded from the transfer encoding. */
export interface MimeAttachment {
  filename?: string;
  mimeType: string;
  disposition?: string;
  content: Buffer;
}

/** Deeper nesting than this is read as opaque bytes: real mail nests 3–4 levels; loops of `message/rfc822` do not. */
const MAX_DEPTH = 12;

/**
 * Read a whole RFC 5322 message (LF or CRLF) into headers, bodies and attachments.
 *
 * @example
 * readMime('Content-Type: text/plain; charset=utf-8\n\nhi').text // ['hi']
 */
export function readMime(text: string): MimeMessage {
  const { headerEnd, bodyStart } = splitHeaderBody(text);
  const { fields, bad } = readHeaderFields(text.slice(0, headerEnd));
  const msg: MimeMessage = { headers: fields, badHeaderLines: bad, contentType: 'text/plain', text: [], html: [], attachments: [], truncated: false };
  const ct = parseParams(header(fields, 'content-type') ?? 'text/plain');
  msg.contentType = ct.value || 'text/plain';
  walk(msg, fields, text.slice(bodyStart), 0);
  return msg;
}

/**
 * First value of a header field by lower-case name.
 *
 * @example
 * header([{ name: 'subject', value: 'hi' }], 'subject') // 'hi'
 */
export function header(fields: HeaderField[], name: string): string | undefined {
  for (const f of fields) if (f.name === name) return f.value;
  return undefined;
}

function walk(msg: MimeMessage, fields: HeaderField[], body: string, depth: number): void {
  const ct = parseParams(header(fields, 'content-type') ?? 'text/plain');
  const type = ct.value.includes('/') ? ct.value : 'text/plain';
  const cd = parseParams(header(fields, 'content-disposition') ?? '');
  const cte = (header(fields, 'content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  const rawName = cd.params.filename ?? ct.params.name;
  const filename = rawName === undefined ? undefined : decodeHeader(rawName);

  if (type.startsWith('multipart/') && ct.params.boundary && depth < MAX_DEPTH) {
    const parts = splitMultipart(body, ct.params.boundary);
    if (!parts.closed) msg.truncated = true;
    for (const part of parts.parts) {
      const { headerEnd, bodyStart } = splitHeaderBody(part);
      walk(msg, readHeaderFields(part.slice(0, headerEnd)).fields, part.slice(bodyStart), depth + 1);
    }
    return;
  }
  const isAttachment = cd.value === 'attachment' || (filename !== undefined && cd.value !== 'inline') || (filename !== undefined && !type.startsWith('text/'));
  if (!isAttachment && (type === 'text/plain' || type === 'text/html' || type === 'text/enriched')) {
    const s = decodeText(body, cte, ct.params.charset);
    (type === 'text/html' ? msg.html : msg.text).push(s);
    return;
  }
  if (type === 'message/rfc822' && !isAttachment && depth < MAX_DEPTH) {
    // A forwarded message shown inline: its bodies and attachments count as this message's.
    const { headerEnd, bodyStart } = splitHeaderBody(body);
    walk(msg, readHeaderFields(body.slice(0, headerEnd)).fields, body.slice(bodyStart), depth + 1);
    return;
  }
  msg.attachments.push({
    ...(filename !== undefined ? { filename } : {}),
    mimeType: type,
    ...(cd.value ? { disposition: cd.value } : {}),
    content: decodeTransfer(body, cte),
  });
}

/**
 * Split a multipart body at its boundary lines (RFC 2046 §5.1.1): the preamble and epilogue
 * are dropped; `closed` is false when the `--boundary--` line never came.
 *
 * @example
 * splitMultipart('--b\nA: 1\n\nx\n--b--\n', 'b') // { parts: ['A: 1\n\nx'], closed: true }
 */
export function splitMultipart(body: string, boundary: string): { parts: string[]; closed: boolean } {
  const delim = '--' + boundary;
  const parts: string[] = [];
  let start = -1;
  let pos = 0;
  while (pos <= body.length) {
    const at = body.indexOf(delim, pos);
    if (at < 0) break;
    const lineStart = at === 0 || body.charCodeAt(at - 1) === 10;
    if (!lineStart) {
      pos = at + delim.length;
      continue;
    }
    const after = at + delim.length;
    const close = body.startsWith('--', after);
    const eol = body.indexOf('\n', after);
    const rest = body.slice(after + (close ? 2 : 0), eol < 0 ? body.length : eol);
    if (rest.trim().length > 0) {
      // `--boundaryXYZ`: a longer boundary, not ours.
      pos = after;
      continue;
    }
    if (start >= 0) {
      let end = at;
      if (body.charCodeAt(end - 1) === 10) end--;
      if (body.charCodeAt(end - 1) === 13) end--;
      parts.push(body.slice(start, Math.max(start, end)));
    }
    if (close) return { parts, closed: true };
    start = eol < 0 ? body.length : eol + 1;
    pos = start;
  }
  if (start >= 0 && start < body.length) parts.push(body.slice(start));
  return { parts, closed: false };
}

const UTF8_OR_ASCII = /^\s*(utf-?8|us-ascii|ascii|iso-8859-1|latin1|windows-1252)\s*$/i;
const ASCII_ONLY = /^[\x00-\x7f]*$/;

function decodeText(body: string, cte: string, charset: string | undefined): string {
  if (cte === 'base64' || cte === 'quoted-printable') return decodeBytes(decodeTransfer(body, cte), charset);
  // 7bit text in a stateful 7-bit charset (ISO-2022-JP) still needs its charset decoder;
  // 8bit text arrived as a JS string already (the source decoded it as UTF-8), so it stays.
  if (charset && !UTF8_OR_ASCII.test(charset) && ASCII_ONLY.test(body)) return decodeBytes(Buffer.from(body, 'latin1'), charset);
  return body;
}

/**
 * Bytes of a part body after its Content-Transfer-Encoding (base64, quoted-printable, or
 * identity for 7bit/8bit/binary). Text characters beyond Latin-1 are kept as UTF-8.
 *
 * @example
 * decodeTransfer('aGk=', 'base64').toString() // 'hi'
 */
export function decodeTransfer(body: string, cte: string): Buffer {
  if (cte === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
  if (cte === 'quoted-printable') return decodeQuotedPrintable(body);
  return Buffer.from(body, 'utf8');
}

/**
 * RFC 2045 §6.7 quoted-printable: `=XX` bytes, `=` soft line breaks, anything else literal.
 *
 * @example
 * decodeQuotedPrintable('a=3Db=\nc').toString() // 'a=bc'
 */
export function decodeQuotedPrintable(body: string): Buffer {
  const out = Buffer.allocUnsafe(Buffer.byteLength(body, 'utf8'));
  let n = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 61) {
      const h = body.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(h)) {
        out[n++] = parseInt(h, 16);
        i += 2;
        continue;
      }
      // Soft line break: `=` then optional trailing whitespace, then the line end.
      let j = i + 1;
      while (body.charCodeAt(j) === 32 || body.charCodeAt(j) === 9) j++;
      if (body.charCodeAt(j) === 13) j++;
      if (body.charCodeAt(j) === 10 || j >= body.length) {
        i = j;
        continue;
      }
      out[n++] = 61;
    } else if (c < 128) {
      out[n++] = c;
    } else {
      const cp = body.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      n += out.write(ch, n, 'utf8');
      i += ch.length - 1;
    }
  }
  return out.subarray(0, n);
}
