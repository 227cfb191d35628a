import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { WardError, errorMessage } from '../core/errors.js';
import { open, readFile } from 'node:fs/promises';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import type { DeadLetter, RawRecord } from '../core/record.js';
import { isBinaryParserDef } from '../parsers/evtx/index.js';
import { sniffFormat } from '../parsers/index.js';
import { sealerFor } from '../enrich/pseudonymise/index.js';
import { MAX_LINE_CHARS, headLines, headText, isGzip, readLines, readTextChunks, readWhole, walk } from '../sources/file/index.js';
import { JsonValueSplitter, detectFraming, frameStream, type FramingKind } from '../sources/framing.js';
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
  /** Every file with its format and what became of it, in the order read. */
  perFile: FileOutcome[];
}

/**
 * What became of one file: `ingested` (its records went through the pipeline; some may be dead
 * letters), `skipped` (its format could not be recognised: nothing of it was stored but a
 * file-level dead letter), `failed` (it could not be read, or the format chosen could read none
 * of it; records stored before the failure stay stored).
 */
export interface FileOutcome {
  path: string;
  size: number;
  format?: string;
  /** `json` when the file is a (pretty-printed) JSON array/object rather than lines. */
  framing?: FramingKind;
  status: 'ingested' | 'skipped' | 'failed';
  events: number;
  read: number;
  deadLetters: number;
  reason?: string;
}

/** Characters of an unrecognised file kept (sealed) in its file-level dead letter. */
const FILE_DEAD_LETTER_PREFIX = 4096;

/** A file the pipeline cannot take: reported and kept as a file-level dead letter, the rest go on. */
class FileProblem extends Error {
  constructor(readonly status: 'skipped' | 'failed', message: string) {
    super(message);
  }
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
 * store → detectors. Each file is framed as lines or, when it is a (pretty-printed) JSON array or
 * object, as one record per element (sources/framing). With `format: 'auto'` each file's format
 * is recognised from its first records. A file that cannot be read or recognised does not stop
 * the run: it is reported in `perFile` (skipped/failed with the reason) and kept as a file-level
 * dead letter (reason, path, a sealed prefix), and the other files are ingested.
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
  const summary: FileIngestSummary = { files: files.length, read: 0, events: 0, alerts: 0, deadLetters: 0, bytes: bytesTotal, seconds: 0, formats: {}, perFile: [] };
  const off = rt.onAlerts((a) => { summary.alerts += a.length; });
  const tele = rt.telemetry.component('source', 'file');
  let bytesBefore = 0;
  try {
    for (const f of files) {
      const outcome: FileOutcome = { path: f.path, size: f.size, status: 'ingested', events: 0, read: 0, deadLetters: 0 };
      summary.perFile.push(outcome);
      const before = { read: summary.read, events: summary.events, deadLetters: summary.deadLetters };
      try {
        await ingestOne(f, outcome);
      } catch (err) {
        // A store or pipeline failure ends the run; a file the pipeline cannot read does not.
        if (!isFileProblem(err)) throw err;
        outcome.status = err instanceof FileProblem ? err.status : 'failed';
        outcome.reason = err instanceof FileProblem ? err.message : errorMessage(err).replace(`${f.path}: `, '');
        tele.dropped(`file_${outcome.status}`);
        await keepFileDeadLetter(f.path, outcome);
        summary.deadLetters++;
      }
      outcome.read = summary.read - before.read;
      outcome.events = summary.events - before.events;
      outcome.deadLetters = summary.deadLetters - before.deadLetters;
      bytesBefore = Math.max(bytesBefore, bytesAfter(f));
      opts.onProgress?.({ file: f.path, bytesDone: bytesBefore, bytesTotal, read: summary.read, events: summary.events });
    }
    await rt.detection.drain();
    await rt.detection.checkpoint();
  } finally {
    off();
    summary.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  }
  return summary;

  /** Bytes of all files up to and including `f` (progress after a file, whatever became of it). */
  function bytesAfter(f: { path: string }): number {
    let n = 0;
    for (const g of files) {
      n += g.size;
      if (g === f) break;
    }
    return n;
  }

  /** Keep a file the pipeline could not take: reason, path, and a bounded, sealed prefix (it may be PHI). */
  async function keepFileDeadLetter(path: string, outcome: FileOutcome): Promise<void> {
    let prefix = '';
    try {
      prefix = (await headText(path, FILE_DEAD_LETTER_PREFIX)).slice(0, FILE_DEAD_LETTER_PREFIX);
    } catch {
      // Unreadable: the reason says so; there are no bytes to keep.
    }
    await rt.ingestor.write([], [], [{
      source: `file:${path}`,
      receivedAt: Date.now(),
      parser: outcome.format ?? opts.format ?? 'auto',
      reason: `file ${outcome.status}: ${outcome.reason ?? 'unknown'}`,
      data: prefix.length > 0 ? (sealerFor(rt.dataDir).seal(prefix) as string) : '',
    }]);
  }

  async function ingestOne(f: { path: string; size: number }, outcome: FileOutcome): Promise<void> {
      let format = opts.format ?? 'auto';
      // Binary formats (.evtx) are recognised by their magic bytes, before any text sniffing.
      if (format === 'auto') {
        const head = await headBytes(f.path);
        const binary = parsers.entries().find(([, d]) => isBinaryParserDef(d) && d.binary.detect(head));
        if (binary) format = binary[0];
      }
      const binaryChosen = format !== 'auto' && parsers.has(format) && isBinaryParserDef(parsers.get(format));
      const head = binaryChosen ? '' : await headText(f.path);
      const framingKind: FramingKind = detectFraming(head);
      outcome.framing = framingKind;
      if (format === 'auto') {
        if (head.trim().length === 0) {
          outcome.format = 'none';
          return; // an empty file has nothing to say
        }
        const defs = parsers.entries().map(([, d]) => d);
        let found: string | undefined;
        if (framingKind === 'json') {
          // A pretty-printed array or object: sniff its first records (each folded onto one line).
          const sample = new JsonValueSplitter().push(head).slice(0, 20).map((r) => r.data);
          if (sample.length > 0) found = sniffFormat(defs, sample);
        }
        if (found === undefined) {
          const lines = (await headLines(f.path, 20)).filter((l) => l.trim().length > 0);
          found = sniffFormat(defs, lines);
        }
        if (!found) {
          throw new FileProblem('skipped', 'cannot recognise the format from the first records; pass --format NAME');
        }
        format = found;
      }
      outcome.format = format;
      summary.formats[f.path] = format;
      const parser = rt.ingestor.parser(format, '--format');
      const referenceTime = statSync(f.path).mtimeMs;
      const source = `file:${f.path}`;
      const fileStats = { read: 0, events: 0 };
      const def = parsers.has(format) ? parsers.get(format) : undefined;
      if (def && isBinaryParserDef(def)) {
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
          if (streamed > 0) opts.onProgress?.({ file: f.path, bytesDone: bytesBefore + streamed, bytesTotal, read: summary.read, events: summary.events });
        };
        const ctx = { source, receivedAt: Date.now(), referenceTime };
        let streamed = 0;
        const stream = def.binary.stream;
        let frames: Iterable<BinaryFrame> | AsyncIterable<BinaryFrame>;
        if (stream !== undefined) {
          // Streamed (packet captures): chunks of the file, gunzipped on the fly, never read whole.
          frames = stream(await fileChunks(f.path, (n) => { streamed = n; }), ctx);
        } else {
          let buf: Buffer = await readFile(f.path);
          if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
          frames = def.binary.frame!(buf, ctx);
        }
        for await (const fr of frames) {
          if (fr.kind === 'record') records.push(fr.record);
          else dead.push(fr.dead);
          if (records.length + dead.length >= batchLines) await flush();
        }
        await flush();
        return;
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
        checkExplicit(format, fileStats);
        return;
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
      if (framingKind === 'json') {
        // A (pretty-printed) JSON array or object: one record per element, streamed, never read whole.
        let bytesRead = 0;
        const chunks = (async function* () {
          for await (const c of readTextChunks(f.path)) {
            bytesRead = c.bytesRead;
            yield c.text;
          }
        })();
        for await (const batch of frameStream(chunks, batchLines, 'json')) {
          const now = Date.now();
          const records: RawRecord[] = batch.frames.map((fr) => ({ data: fr.data, source, offset: fr.line, receivedAt: now, referenceTime }));
          tele.received(records.length);
          await rt.ingestor.capacity();
          while (inflight.length >= 3) await inflight.shift();
          const pending = rt.ingestor.ingest(records, parser).then(tally);
          pending.catch(() => {});
          inflight.push(pending);
          opts.onProgress?.({ file: f.path, bytesDone: bytesBefore + bytesRead, bytesTotal, read: summary.read, events: summary.events });
        }
        await Promise.all(inflight);
        checkExplicit(format, fileStats);
        return;
      }
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
      checkExplicit(format, fileStats);
  }

  /** An explicit format that read nothing of a non-empty file is the wrong format (its records are dead letters already). */
  function checkExplicit(format: string, fileStats: { read: number; events: number }): void {
    if (opts.format !== undefined && opts.format !== 'auto' && fileStats.read > 0 && fileStats.events === 0) {
      throw new FileProblem('failed', `format "${format}" could not read any of its ${fileStats.read} records (all dead-lettered); is it the right format?`);
    }
  }
}

/** A frame of a binary format: a record for the parser, or a dead letter. */
type BinaryFrame = { kind: 'record'; record: RawRecord } | { kind: 'dead'; dead: DeadLetter };

/** A file's bytes as chunks (gunzipped when it is gzipped), reporting the file bytes read. */
async function fileChunks(path: string, onRead: (bytes: number) => void): Promise<AsyncIterable<Buffer>> {
  const gz = await isGzip(path);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream: Readable = gz ? file.pipe(createGunzip()) : file;
  return (async function* () {
    for await (const c of stream as AsyncIterable<Buffer>) {
      onRead(file.bytesRead);
      yield c;
    }
  })();
}

/** Errors that concern one file (unreadable, unrecognised, wrong format, corrupt gzip, too large), not the pipeline. */
function isFileProblem(err: unknown): boolean {
  if (err instanceof FileProblem) return true;
  if (err instanceof WardError) return err.code.startsWith('parse.');
  const code = (err as { code?: unknown } | null)?.code;
  // fs (EACCES, EISDIR, …) and zlib (Z_DATA_ERROR, Z_BUF_ERROR) errors; readWhole's size limit.
  return typeof code === 'string' ? /^(E[A-Z]+|Z_[A-Z_]+)$/.test(code) : errorMessage(err).includes('too large to read');
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
