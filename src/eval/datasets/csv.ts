import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/**
 * An RFC 4180 CSV parser fed in chunks: quoted fields may hold commas, doubled quotes and line
 * breaks, and a chunk may end anywhere (mid-field, mid-quote, between `\r` and `\n`). A UTF-8 BOM
 * at the very start is dropped. Empty lines are skipped.
 *
 * @example
 * const p = new CsvParser();
 * p.push('a,"b,\n');  // []
 * p.push('c"\n1,2\n'); // [['a', 'b,\nc'], ['1', '2']]
 */
export class CsvParser {
  private field = '';
  private row: string[] = [];
  private quoted = false;
  /** Inside quotes, a quote was just read: it ends the quotes unless another quote follows. */
  private quoteSeen = false;
  private started = false;
  private lastWasCr = false;

  constructor(private readonly delimiter = ',') {}

  push(chunk: string): string[][] {
    const out: string[][] = [];
    let i = 0;
    if (!this.started && chunk.length) { this.started = true; if (chunk.charCodeAt(0) === 0xfeff) i = 1; }
    for (; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (this.lastWasCr) { this.lastWasCr = false; if (ch === '\n' && !this.quoted) continue; }
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (ch === '"') { this.field += '"'; continue; }
          this.quoted = false; // fall through: ch is read as unquoted
        } else if (ch === '"') { this.quoteSeen = true; continue; } else { this.field += ch; continue; }
      }
      if (ch === '"' && this.field === '') { this.quoted = true; continue; }
      if (ch === this.delimiter) { this.row.push(this.field); this.field = ''; continue; }
      if (ch === '\n' || ch === '\r') { this.lastWasCr = ch === '\r'; this.endRow(out); continue; }
      // Unquoted text: take the whole run up to the next delimiter or line break in one slice.
      let j = i + 1;
      while (j < chunk.length) {
        const c = chunk[j]!;
        if (c === this.delimiter || c === '\n' || c === '\r') break;
        j++;
      }
      this.field += chunk.slice(i, j);
      i = j - 1;
    }
    return out;
  }

  /** Flush the last row (a file need not end with a line break). */
  end(): string[][] {
    const out: string[][] = [];
    if (this.quoteSeen) { this.quoteSeen = false; this.quoted = false; }
    this.endRow(out);
    return out;
  }

  private endRow(out: string[][]): void {
    this.row.push(this.field);
    this.field = '';
    const row = this.row;
    this.row = [];
    if (row.length === 1 && row[0] === '') return;
    out.push(row);
  }
}

/**
 * A CSV cell as a number: blanks and `NaN`/`nan`/`NA`/`?` are NaN, `Infinity`/`inf` (any case, with sign) are ±Infinity,
 * anything else goes through `Number` after trimming (so `" 12 "` is 12 and `"abc"` is NaN).
 *
 * @example
 * parseNumber(' -Infinity ') // -Infinity
 */
export function parseNumber(s: string): number {
  const t = s.trim();
  if (t === '') return NaN;
  const n = Number(t);
  if (!Number.isNaN(n)) return n;
  const l = t.toLowerCase();
  if (l === 'inf' || l === '+inf' || l === 'infinity' || l === '+infinity') return Infinity;
  if (l === '-inf' || l === '-infinity') return -Infinity;
  return NaN;
}

/**
 * Stream a CSV file (gunzipped when the name ends in `.gz`) row by row, without holding the text.
 *
 * @example
 * await readCsv('flows.csv.gz', (row, i) => { if (i === 0) header = row; });
 */
export async function readCsv(path: string, onRow: (row: string[], index: number) => void): Promise<number> {
  const parser = new CsvParser();
  let n = 0;
  const input = createReadStream(path);
  const stream = path.endsWith('.gz') ? input.pipe(createGunzip()) : input;
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) for (const row of parser.push(chunk)) onRow(row, n++);
  for (const row of parser.end()) onRow(row, n++);
  return n;
}
