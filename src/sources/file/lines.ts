import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** True when the file starts with the gzip magic bytes (regardless of its name). */
export async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await fh.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** Longest line kept (characters); a longer one is cut to its first {@link LONG_LINE_HEAD} characters and flagged. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;
/** How much of an over-long line is kept (for the dead letter). */
export const LONG_LINE_HEAD = 64 * 1024;

/**
 * Read a plain or gzipped file as batches of lines (without line endings), with 1-based line
 * numbers and the compressed bytes consumed so far (for progress). Splitting is done on
 * buffers, not with `readline`, which is several times slower. A line longer than `maxLineChars`
 * (a file with no newlines, or garbage) is not held whole: its first {@link LONG_LINE_HEAD}
 * characters are yielded in its place and its index in `tooLong`, with its length.
 *
 * @example
 * for await (const b of readLines('auth.log.gz', 5000)) console.log(b.firstLine, b.lines.length);
 */
export async function* readLines(
  path: string,
  batchLines: number,
  maxLineChars = MAX_LINE_CHARS,
): AsyncGenerator<{ lines: string[]; firstLine: number; bytesRead: number; tooLong?: Map<number, number> }> {
  const gz = await isGzip(path);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream: Readable = gz ? file.pipe(createGunzip()) : file;
  let carry = '';
  let lineNo = 1;
  let lines: string[] = [];
  let first = 1;
  let tooLong: Map<number, number> | undefined;
  /** Characters of the current over-long line seen so far (0 when not in one). */
  let skipped = 0;
  const batch = () => ({ lines, firstLine: first, bytesRead: file.bytesRead, ...(tooLong ? { tooLong } : {}) });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let text = chunk.toString('utf8');
    if (skipped) {
      // Inside an over-long line: drop everything up to its end.
      const nl = text.indexOf('\n');
      if (nl < 0) {
        skipped += text.length;
        continue;
      }
      (tooLong ??= new Map()).set(lines.length, skipped + nl);
      lines.push(carry);
      lineNo++;
      carry = '';
      skipped = 0;
      text = text.slice(nl + 1);
    }
    text = carry + text;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (end - start > maxLineChars) {
        (tooLong ??= new Map()).set(lines.length, end - start);
        lines.push(text.slice(start, start + LONG_LINE_HEAD));
      } else {
        lines.push(text.slice(start, end));
      }
      lineNo++;
      start = nl + 1;
      if (lines.length >= batchLines) {
        yield batch();
        lines = [];
        tooLong = undefined;
        first = lineNo;
      }
    }
    carry = text.slice(start);
    if (carry.length > maxLineChars) {
      skipped = carry.length;
      carry = carry.slice(0, LONG_LINE_HEAD);
    }
  }
  if (skipped) {
    (tooLong ??= new Map()).set(lines.length, skipped);
    lines.push(carry);
  } else if (carry.length) {
    lines.push(carry.endsWith('\r') ? carry.slice(0, -1) : carry);
  }
  if (lines.length) yield batch();
}

/** The first `n` lines of a file (for format sniffing). */
export async function headLines(path: string, n: number): Promise<string[]> {
  const out: string[] = [];
  for await (const b of readLines(path, n)) {
    out.push(...b.lines);
    break;
  }
  return out.slice(0, n);
}

/** Largest file read whole for document framing; a larger one is refused with a clear error. */
export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

/**
 * Read a whole plain or gzipped file as text (for parsers that take whole documents).
 *
 * @example
 * const text = await readWhole('export.ndjson.gz');
 */
export async function readWhole(path: string): Promise<string> {
  const gz = await isGzip(path);
  const file = createReadStream(path);
  const stream: Readable = gz ? file.pipe(createGunzip()) : file;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_DOCUMENT_BYTES) {
      stream.destroy();
      throw new Error(`${path}: larger than ${MAX_DOCUMENT_BYTES} bytes, too large to read as one document`);
    }
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Read a plain or gzipped file as UTF-8 text chunks (multi-byte characters never split), with the
 * compressed bytes consumed so far (for progress). Feed to `frameStream` (sources/framing).
 *
 * @example
 * for await (const c of readTextChunks('golden.json.gz')) console.log(c.text.length, c.bytesRead);
 */
export async function* readTextChunks(path: string): AsyncGenerator<{ text: string; bytesRead: number }> {
  const gz = await isGzip(path);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream: Readable = gz ? file.pipe(createGunzip()) : file;
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) yield { text: decoder.write(chunk), bytesRead: file.bytesRead };
    const rest = decoder.end();
    if (rest.length > 0) yield { text: rest, bytesRead: file.bytesRead };
  } finally {
    // Stopping early (a head read) must not leave the file open behind a destroyed gunzip stream.
    file.destroy();
  }
}

/**
 * The first `maxChars` characters of a plain or gzipped file (for framing and format sniffing);
 * a corrupt gzip stream throws (zlib's error, which names the problem).
 *
 * @example
 * detectFraming(await headText('golden.json'))
 */
export async function headText(path: string, maxChars = 65536): Promise<string> {
  let text = '';
  for await (const c of readTextChunks(path)) {
    text += c.text;
    if (text.length >= maxChars) break;
  }
  return text.slice(0, maxChars);
}
