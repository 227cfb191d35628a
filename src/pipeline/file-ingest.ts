import { statSync } from 'node:fs';
import { WardError } from '../core/errors.js';
import { open, readFile } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import type { DeadLetter, RawRecord } from '../core/record.js';
import { isBinaryParserDef } from '../parsers/evtx/index.js';
import { sniffFormat } from '../parsers/index.js';
import { MAX_LINE_CHARS, headLines, readLines, readWhole, walk } from '../sources/file/index.js';
import { parsers } from './builtins.js';
import type { Runtime } from './runtime.js';

export interface FileIngestSummary {
  files: number;
  /** Records (lines) read. */
  read: number;
  events: number;
  alerts: number;
  deadLetters: number;
  bytes: number;
  seconds: number;
  /** Format chosen per file. */
  formats: Record<string, string>;
}

export interface FileIngestProgress {
  file: string;
  bytesDone: number;
  bytesTotal: number;
  read: number;
  events: number;
}

/**
 * Ingest files and folders (plain or gzipped) through the full pipeline: read → parse →
 * store → detectors. With `format: 'auto'` each file's format is recognised from its first
 * lines; an explicit format that cannot read the file fails clearly, naming the file.
 */
export async function ingestFiles(
  rt: Runtime,
  paths: string[],
  opts: { format?: string; batchLines?: number; onProgress?: (p: FileIngestProgress) => void } = {},
): Promise<FileIngestSummary> {
  const started = process.hrtime.bigint();
  const files = await walk(paths);
  const bytesTotal = files.reduce((s, f) => s + f.size, 0);
  const batchLines = opts.batchLines ?? rt.loaded.config.pipeline.batchEvents;
  const summary: FileIngestSummary = { files: files.length, read: 0, events: 0, alerts: 0, deadLetters: 0, bytes: bytesTotal, seconds: 0, formats: {} };
  const off = rt.onAlerts((a) => { summary.alerts += a.length; });
  const tele = rt.telemetry.component('source', 'file');
  let bytesBefore = 0;
  try {
    for (const f of files) {
      let format = opts.format ?? 'auto';
      // Binary formats (.evtx) are recognised by their magic bytes, before any text sniffing.
      if (format === 'auto') {
        const head = await headBytes(f.path);
        const binary = parsers.entries().find(([, d]) => isBinaryParserDef(d) && d.binary.detect(head));
        if (binary) format = binary[0];
      }
      if (format === 'auto') {
        const head = (await headLines(f.path, 20)).filter((l) => l.trim().length > 0);
        if (head.length === 0) continue; // an empty file has nothing to say
        const found = sniffFormat(parsers.entries().map(([, d]) => d), head);
        if (!found) {
          throw new WardError('parse.unknown_format', 'cannot recognise the format from the first lines; pass --format NAME', f.path);
        }
        format = found;
      }
      summary.formats[f.path] = format;
      const parser = rt.ingestor.parser(format, '--format');
      const referenceTime = statSync(f.path).mtimeMs;
      const source = `file:${f.path}`;
      const fileStats = { read: 0, events: 0 };
      const def = parsers.has(format) ? parsers.get(format) : undefined;
      if (def && isBinaryParserDef(def)) {
        let buf: Buffer = await readFile(f.path);
        if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
        let records: RawRecord[] = [];
        let dead: DeadLetter[] = [];
        const flush = async () => {
          if (records.length === 0 && dead.length === 0) return;
          await rt.ingestor.capacity();
          const r = await rt.ingestor.ingest(records, parser);
          // Records the binary reader could not decode are dead letters already (bytes + reason).
          if (dead.length > 0) await rt.ingestor.write([], [], dead);
          tele.received(records.length + dead.length);
          tele.emitted(records.length);
          if (dead.length > 0) tele.dropped('unreadable_record', dead.length);
          summary.read += r.records + dead.length;
          summary.events += r.events;
          summary.deadLetters += r.deadLetters + dead.length;
          fileStats.read += r.records + dead.length;
          fileStats.events += r.events;
          records = [];
          dead = [];
        };
        for (const fr of def.binary.frame(buf, { source, receivedAt: Date.now(), referenceTime })) {
          if (fr.kind === 'record') records.push(fr.record);
          else dead.push(fr.dead);
          if (records.length + dead.length >= batchLines) await flush();
        }
        await flush();
        bytesBefore += f.size;
        opts.onProgress?.({ file: f.path, bytesDone: bytesBefore, bytesTotal, read: summary.read, events: summary.events });
        continue;
      }
      const framing = def?.framing;
      if (framing && framing !== 'line') {
        const text = await readWhole(f.path);
        const docs = framing === 'document' ? [text] : framing(text);
        const now = Date.now();
        const records: RawRecord[] = docs.map((data, i) => ({ data, source, offset: i + 1, receivedAt: now, referenceTime }));
        for (let i = 0; i < records.length; i += batchLines) {
          await rt.ingestor.capacity();
          const r = await rt.ingestor.ingest(records.slice(i, i + batchLines), parser);
          summary.read += r.records;
          summary.events += r.events;
          summary.deadLetters += r.deadLetters;
          fileStats.read += r.records;
          fileStats.events += r.events;
        }
        bytesBefore += f.size;
        opts.onProgress?.({ file: f.path, bytesDone: bytesBefore, bytesTotal, read: summary.read, events: summary.events });
        continue;
      }
      // Keep a few batches in flight, so reading and parsing the next overlap with the commit of the last.
      const inflight: Array<Promise<void>> = [];
      const tally = (r: { records: number; events: number; deadLetters: number }) => {
        tele.emitted(r.records);
        summary.read += r.records;
        summary.events += r.events;
        summary.deadLetters += r.deadLetters;
        fileStats.read += r.records;
        fileStats.events += r.events;
      };
      for await (const batch of readLines(f.path, batchLines)) {
        const now = Date.now();
        const records: RawRecord[] = [];
        const tooLong: DeadLetter[] = [];
        batch.lines.forEach((line, i) => {
          if (line.length === 0) return;
          const chars = batch.tooLong?.get(i);
          if (chars !== undefined) {
            // Not parsed: only its head was kept. Dead-lettered with that head and the reason.
            tooLong.push({
              source, offset: batch.firstLine + i, receivedAt: now, parser: format,
              reason: `${source}:${batch.firstLine + i}: parse.too_large: line of ${chars} characters is longer than ${MAX_LINE_CHARS}; its first ${line.length} are kept`,
              data: line,
            });
            return;
          }
          records.push({ data: line, source, offset: batch.firstLine + i, receivedAt: now, referenceTime });
        });
        if (tooLong.length) {
          await rt.ingestor.write([], [], tooLong);
          tele.dropped('too_large', tooLong.length);
          summary.read += tooLong.length;
          summary.deadLetters += tooLong.length;
          fileStats.read += tooLong.length;
        }
        tele.received(batch.lines.length);
        if (records.length < batch.lines.length) tele.dropped('empty_line', batch.lines.length - records.length);
        await rt.ingestor.capacity();
        while (inflight.length >= 3) await inflight.shift();
        const pending = rt.ingestor.ingest(records, parser).then(tally);
        pending.catch(() => {}); // rejections surface where it is awaited, not as unhandled
        inflight.push(pending);
        opts.onProgress?.({ file: f.path, bytesDone: bytesBefore + batch.bytesRead, bytesTotal, read: summary.read, events: summary.events });
      }
      await Promise.all(inflight);
      // An explicit format that read nothing of a non-empty file is the wrong format.
      if (opts.format && opts.format !== 'auto' && fileStats.read > 0 && fileStats.events === 0) {
        throw new WardError('parse.failed', `format "${format}" could not read any of its ${fileStats.read} records (all dead-lettered); is it the right format?`, f.path);
      }
      bytesBefore += f.size;
    }
    await rt.detection.drain();
    await rt.detection.checkpoint();
  } finally {
    off();
    summary.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  }
  return summary;
}

/** The first bytes of a file, decompressed when it is gzipped (for binary format detection). */
async function headBytes(path: string, n = 8): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head[0] !== 0x1f || head[1] !== 0x8b) return head.subarray(0, n);
    try {
      return gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, n);
    } catch {
      return Buffer.alloc(0);
    }
  } finally {
    await fh.close();
  }
}
