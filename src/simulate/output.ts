import { closeSync, mkdirSync, openSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Incident } from './labels.js';
import { STREAMS, type StreamDef, type StreamId } from './streams.js';

/** One generated record before it is written: its time, its text, and its incident if malicious. */
export interface Item {
  t: number;
  line: string;
  inc?: Incident;
}

/** A day's records, per stream, in the order they were generated (sorted by the writer). */
export type DayBatch = Map<StreamId, Item[]>;

/** Where generated days go: files (`FileOutput`), a live server (`LiveOutput`), or both. */
export interface Output {
  writeDay(day: number, dayStart: number, batch: DayBatch): Promise<void>;
  close(): Promise<void>;
}

/** Per-file figures for the manifest. */
export interface FileEntry {
  path: string;
  stream: StreamId;
  parser: string;
  format: string;
  day: string;
  /** Records (lines; messages for mail). */
  records: number;
  bytes: number;
}

const dayFolder = (dayStart: number) => new Date(dayStart).toISOString().slice(0, 10);

/** Sort a day's items by time; ties keep generation order (a stable sort). */
export function sortItems(items: Item[]): Item[] {
  return items.sort((a, b) => a.t - b.t);
}

/**
 * Writes each day to `DIR/days/YYYY-MM-DD/<stream file>` (one `.eml` per message under
 * `mail/`), records where every malicious record landed (file and line), and keeps the
 * per-file counts. auth.log gets the day's end as its modification time, as a rotated log
 * would, so readers that resolve the year of RFC 3164 timestamps from mtime get it right.
 */
export class FileOutput implements Output {
  readonly files: FileEntry[] = [];

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  async writeDay(_day: number, dayStart: number, batch: DayBatch): Promise<void> {
    const folder = dayFolder(dayStart);
    for (const def of STREAMS) {
      const items = batch.get(def.id);
      if (!items || items.length === 0) continue;
      sortItems(items);
      if (def.perRecord) this.writeMessages(def, folder, items);
      else this.writeLines(def, folder, dayStart, items);
    }
  }

  private writeLines(def: StreamDef, folder: string, dayStart: number, items: Item[]): void {
    const rel = `days/${folder}/${def.file}`;
    const path = join(this.dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'w');
    let bytes = 0;
    let line = 0;
    let chunk: string[] = [];
    let size = 0;
    const flush = () => {
      if (chunk.length === 0) return;
      const buf = Buffer.from(chunk.join(''), 'utf8');
      writeSync(fd, buf);
      bytes += buf.length;
      chunk = [];
      size = 0;
    };
    const put = (s: string) => {
      chunk.push(s, '\n');
      size += s.length + 1;
      line++;
      if (size > 1 << 20) flush();
    };
    try {
      for (const h of def.header?.(dayStart) ?? []) put(h);
      for (const it of items) {
        put(it.line);
        it.inc?.landed(rel, line, it.t);
      }
      for (const f of def.footer?.(dayStart + 86_400_000) ?? []) put(f);
      flush();
    } finally {
      closeSync(fd);
    }
    if (def.id === 'auth') {
      const end = (dayStart + 86_400_000) / 1000;
      utimesSync(path, end, end);
    }
    this.files.push({ path: rel, stream: def.id, parser: def.parser, format: def.format, day: folder, records: items.length, bytes });
  }

  private writeMessages(def: StreamDef, folder: string, items: Item[]): void {
    const relDir = `days/${folder}/${def.file}`;
    mkdirSync(join(this.dir, relDir), { recursive: true });
    let bytes = 0;
    items.forEach((it, i) => {
      const rel = `${relDir}/${String(i + 1).padStart(6, '0')}.eml`;
      const buf = Buffer.from(it.line, 'utf8');
      writeFileSync(join(this.dir, rel), buf);
      bytes += buf.length;
      it.inc?.landedFile(rel, it.t);
    });
    this.files.push({ path: relDir, stream: def.id, parser: def.parser, format: def.format, day: folder, records: items.length, bytes });
  }

  async close(): Promise<void> {}
}
