/**
 * The one framing for every way in (files, HTTP bodies, `sigma scan`): how a stream of text is cut
 * into records. Two shapes are recognised from the head of the stream:
 *
 * - `lines`: one record per line (syslog, CSV, NDJSON — a line that is a whole JSON value).
 * - `json`: JSON values that span lines — a (pretty-printed) array of events, as elastic/beats
 *   golden files, Kibana, Okta and Entra exports are written; a single pretty-printed object; a
 *   Microsoft Graph / Azure wrapper (`{"value": [...]}`, `{"records": [...]}`); or concatenated
 *   pretty-printed objects (`ConvertTo-Json` output). Each array element (or top-level object) is
 *   one record, its line breaks folded so it is one line of JSON (JSON strings cannot hold a raw
 *   line break, so folding never changes a value).
 *
 * The JSON splitter is streaming: it keeps only the element being read, so a 2 GB array is never
 * held in memory. It does not validate JSON: an element that is not valid JSON reaches the parser,
 * which dead-letters it with the reason.
 */

/** How a stream is cut into records. */
export type FramingKind = 'lines' | 'json';

/** One record cut from a stream: its text and the 1-based line where it starts. */
export interface Frame {
  data: string;
  /** 1-based line number (in the whole stream) where the record starts. */
  line: number;
}

/** Keys of a top-level object whose array holds the records (Graph `value`, Azure `records`, CloudTrail `Records`). */
const WRAPPER_KEYS = new Set(['value', 'records', 'Records']);

/**
 * Which framing the head of a stream needs. `json` when it opens with a JSON array of objects
 * (`[` then `{`), or with an object that does not close on its first line (a pretty-printed
 * object); `lines` otherwise — NDJSON included, since each of its lines is a whole value and a
 * bad line must stay one dead letter instead of swallowing the rest.
 *
 * @example
 * detectFraming('[\n  {\n    "@timestamp": "2026-01-05T10:00:00Z"') // 'json'
 * detectFraming('{"a":1}\n{"a":2}\n') // 'lines'
 * detectFraming('[Mon Dec 05 19:14:11 2026] [error] client denied') // 'lines'
 */
export function detectFraming(head: string): FramingKind {
  let i = 0;
  if (head.charCodeAt(0) === 0xfeff) i = 1;
  while (i < head.length && isSpace(head.charCodeAt(i))) i++;
  const c = head[i];
  if (c === '[') {
    // An array of objects (or an empty one); `[Mon Dec 05…` (Apache) and `[  12.3]` (dmesg) are lines.
    let j = i + 1;
    while (j < head.length && isSpace(head.charCodeAt(j))) j++;
    return head[j] === '{' || head[j] === ']' || j === head.length ? 'json' : 'lines';
  }
  if (c === '{') {
    let nl = head.indexOf('\n', i);
    if (nl < 0) nl = head.length;
    const first = head.slice(i, nl).trim();
    try {
      JSON.parse(first);
      return 'lines';
    } catch {
      return 'json';
    }
  }
  return 'lines';
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Fold the line breaks (and their indentation) of a JSON text so it is one line. */
function fold(text: string): string {
  return text.includes('\n') ? text.replace(/[ \t]*\r?\n[ \t]*/g, '') : text.trim();
}

/**
 * Streaming splitter of JSON values: feed text chunks, get the records completed so far.
 * Records are the elements of a top-level array, the elements of a wrapper object's `value` /
 * `records` / `Records` array, or any other top-level value whole. Text between values that is
 * not JSON is yielded as its own record (up to the end of its line), so nothing is dropped
 * silently.
 *
 * @example
 * const s = new JsonValueSplitter();
 * [...s.push('[\n {"a": 1},\n {"a"'), ...s.push(': 2}\n]'), ...s.end()].map((f) => f.data) // ['{"a": 1}', '{"a": 2}']
 */
export class JsonValueSplitter {
  private buf = '';
  /** Index in `buf` where the current record starts (-1: none). */
  private start = -1;
  private startLine = 1;
  private line = 1;
  private depth = 0;
  private inString = false;
  private escape = false;
  /** Depth at which elements are records: 1 inside a top-level array, 2 inside a wrapper's array. */
  private recordDepth = 0;
  /** The top-level value is an object whose records come from a wrapper array (it is not itself a record). */
  private unwrapped = false;
  /** Last string seen at depth 1 inside a top-level object, and where it started (for wrapper keys). */
  private lastString = '';
  private stringStart = -1;
  /** Inside stray text at depth 0 (not JSON): runs to the end of the line. */
  private stray = false;
  private readonly rootStack: string[] = [];

  /**
   * Feed the next chunk; returns the records that it completed.
   *
   * @example
   * new JsonValueSplitter().push('[{"a":1},{"a":2}]').length // 2
   */
  push(chunk: string): Frame[] {
    const out: Frame[] = [];
    const base = this.buf.length;
    this.buf += chunk;
    const b = this.buf;
    for (let i = base; i < b.length; i++) {
      const ch = b.charCodeAt(i);
      if (ch === 10) this.line++;
      if (this.stray) {
        if (ch === 10) {
          this.emit(out, i);
          this.stray = false;
        }
        continue;
      }
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (ch === 92) this.escape = true;
        else if (ch === 34) {
          this.inString = false;
          if (this.depth === 1 && this.rootStack[0] === '{' && this.stringStart >= 0) this.lastString = b.slice(this.stringStart + 1, i);
        }
        continue;
      }
      if (ch === 34) {
        this.inString = true;
        this.stringStart = i;
        this.beginIfRecord(i);
        continue;
      }
      if (ch === 123 || ch === 91) {
        // `{` or `[`
        if (this.depth === 0) {
          this.rootStack.length = 0;
          this.rootStack.push(ch === 91 ? '[' : '{');
          this.recordDepth = ch === 91 ? 1 : 0;
          this.unwrapped = false;
          this.lastString = '';
          if (ch === 123) {
            this.start = i;
            this.startLine = this.line;
          }
          this.depth = 1;
          continue;
        }
        if (this.depth === 1 && ch === 91 && this.rootStack[0] === '{' && !this.unwrapped && WRAPPER_KEYS.has(this.lastString)) {
          // `{"value": [ … ]}`: the array's elements are the records, the wrapper is not.
          this.unwrapped = true;
          this.recordDepth = 2;
          this.start = -1;
          this.depth = 2;
          continue;
        }
        this.beginIfRecord(i);
        this.depth++;
        continue;
      }
      if (ch === 125 || ch === 93) {
        // `}` or `]`
        if (this.depth === 0) {
          this.beginStray(i);
          continue;
        }
        this.depth--;
        if (this.recordDepth > 0 && this.depth === this.recordDepth - 1) {
          // The array holding the records closed: emit its last element.
          if (this.start >= 0) this.emit(out, i);
          this.recordDepth = this.unwrapped ? 0 : this.recordDepth;
          if (this.depth === 0) this.reset();
          continue;
        }
        if (this.depth === 0) {
          if (this.rootStack[0] === '{' && !this.unwrapped) this.emit(out, i + 1);
          this.reset();
        }
        continue;
      }
      if (ch === 44) {
        // `,` between elements of the records' array
        if (this.recordDepth > 0 && this.depth === this.recordDepth && this.start >= 0) this.emit(out, i);
        continue;
      }
      if (isSpace(ch)) continue;
      if (this.depth === 0) {
        if (ch !== 0xfeff) this.beginStray(i);
        continue;
      }
      this.beginIfRecord(i);
    }
    // Keep only the unfinished record (or nothing) in the buffer.
    if (this.start >= 0) {
      this.buf = b.slice(this.start);
      if (this.stringStart >= this.start) this.stringStart -= this.start;
      else this.stringStart = -1;
      this.start = 0;
    } else {
      const keepFrom = this.inString && this.stringStart >= 0 ? this.stringStart : b.length;
      this.buf = b.slice(keepFrom);
      this.stringStart = this.inString && this.stringStart >= 0 ? 0 : -1;
    }
    return out;
  }

  /**
   * End of the stream: an unfinished record (a truncated file) is returned as it is, so the
   * parser dead-letters it with the reason instead of it vanishing.
   *
   * @example
   * new JsonValueSplitter().push('[{"a":1},{"a"').length // 1, and end() returns the cut '{"a"'
   */
  end(): Frame[] {
    const out: Frame[] = [];
    if (this.start >= 0) {
      const text = this.buf.slice(this.start).trim();
      if (text.length > 0) out.push({ data: fold(text), line: this.startLine });
    }
    this.buf = '';
    this.start = -1;
    return out;
  }

  private beginIfRecord(i: number): void {
    if (this.recordDepth > 0 && this.depth === this.recordDepth && this.start < 0) {
      this.start = i;
      this.startLine = this.line;
    }
  }

  private beginStray(i: number): void {
    this.stray = true;
    this.start = i;
    this.startLine = this.line;
  }

  private emit(out: Frame[], end: number): void {
    const text = this.buf.slice(this.start, end).trim();
    if (text.length > 0) out.push({ data: fold(text), line: this.startLine });
    this.start = -1;
  }

  private reset(): void {
    this.depth = 0;
    this.recordDepth = 0;
    this.unwrapped = false;
    this.rootStack.length = 0;
    this.start = -1;
  }
}

/**
 * Cut a whole text into line records (empty lines skipped, `\r\n` handled).
 *
 * @example
 * splitLines('a\r\n\nb') // [{ data: 'a', line: 1 }, { data: 'b', line: 3 }]
 */
export function splitLines(text: string): Frame[] {
  const out: Frame[] = [];
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    line++;
    let end = nl;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    if (end > start && text.slice(start, end).trim().length > 0) out.push({ data: text.slice(start, end), line });
    start = nl + 1;
  }
  return out;
}

/**
 * Cut a whole text (an HTTP body, a small file) into records with the framing its head needs.
 *
 * @example
 * frameText('[\n  {"a": 1},\n  {"a": 2}\n]').map((f) => f.data) // ['{"a": 1}', '{"a": 2}']
 * frameText('line one\nline two').length // 2
 */
export function frameText(text: string): Frame[] {
  if (detectFraming(text.slice(0, 65536)) === 'lines') return splitLines(text);
  const s = new JsonValueSplitter();
  return [...s.push(text), ...s.end()];
}

/**
 * Cut a stream of text chunks into batches of records, with the framing its head needs. The
 * framing is decided on the first chunk of at least 4 KiB (or the whole stream if shorter).
 *
 * @example
 * for await (const batch of frameStream(chunks, 5000)) console.log(batch.frames.length);
 */
export async function* frameStream(
  chunks: AsyncIterable<string>,
  batchSize: number,
  kind?: FramingKind,
): AsyncGenerator<{ frames: Frame[]; kind: FramingKind }> {
  let framing = kind;
  let head = '';
  let splitter: JsonValueSplitter | undefined;
  let carry = '';
  let line = 1;
  let batch: Frame[] = [];
  const take = function* (frames: Frame[]): Generator<{ frames: Frame[]; kind: FramingKind }> {
    for (const f of frames) {
      batch.push(f);
      if (batch.length >= batchSize) {
        yield { frames: batch, kind: framing ?? 'lines' };
        batch = [];
      }
    }
  };
  const lineFrames = (text: string, final: boolean): Frame[] => {
    const frames: Frame[] = [];
    const all = carry + text;
    let start = 0;
    for (;;) {
      const nl = all.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && all.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (all.slice(start, end).trim().length > 0) frames.push({ data: all.slice(start, end), line });
      line++;
      start = nl + 1;
    }
    carry = all.slice(start);
    if (final && carry.trim().length > 0) frames.push({ data: carry.endsWith('\r') ? carry.slice(0, -1) : carry, line });
    if (final) carry = '';
    return frames;
  };
  const feed = (text: string, final: boolean): Frame[] => {
    if (framing === 'json') {
      splitter ??= new JsonValueSplitter();
      return final ? [...splitter.push(text), ...splitter.end()] : splitter.push(text);
    }
    return lineFrames(text, final);
  };
  for await (const chunk of chunks) {
    if (framing === undefined) {
      head += chunk;
      if (head.length < 4096) continue;
      framing = detectFraming(head);
      yield* take(feed(head, false));
      head = '';
      continue;
    }
    yield* take(feed(chunk, false));
  }
  if (framing === undefined) framing = detectFraming(head);
  yield* take(feed(head, true));
  if (batch.length > 0) yield { frames: batch, kind: framing };
}
