import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Parser, ParserDef } from '../core/components.js';
import type { RawRecord } from '../core/record.js';
import { parsers } from '../pipeline/builtins.js';
import type { Runtime } from '../pipeline/runtime.js';
import type { FileEntry } from '../simulate/output.js';
import type { Dataset } from './dataset.js';

export interface ReplaySummary {
  files: number;
  records: number;
  events: number;
  deadLetters: number;
  seconds: number;
  /** Per stream: records read, events stored, dead letters. */
  streams: Record<string, { records: number; events: number; deadLetters: number }>;
  /** Streams not replayed, with why (e.g. their parser is not registered yet). */
  skipped: Array<{ stream: string; parser: string; reason: string }>;
}

export interface ReplayProgress {
  day: number;
  days: number;
  records: number;
  events: number;
}

interface Timed {
  t: number;
  file: number;
  rec: RawRecord;
}

/** The records of one dataset file, cut by its parser's framing. */
function recordsOf(ds: Dataset, f: FileEntry, def: ParserDef): RawRecord[] {
  const path = join(ds.dir, f.path);
  const now = Date.now();
  if (f.stream === 'mail') {
    return readdirSync(path).filter((n) => n.endsWith('.eml')).sort().map((n, i) => ({
      data: readFileSync(join(path, n), 'utf8'), source: `file:${join(path, n)}`, offset: i + 1, receivedAt: now,
    }));
  }
  const text = readFileSync(path, 'utf8');
  const source = `file:${path}`;
  const referenceTime = statSync(path).mtimeMs;
  const framing = def.framing ?? 'line';
  if (framing === 'document') return [{ data: text, source, offset: 1, receivedAt: now, referenceTime }];
  if (typeof framing === 'function') return framing(text).map((data, i) => ({ data, source, offset: i + 1, receivedAt: now, referenceTime }));
  const out: RawRecord[] = [];
  let line = 0;
  for (const data of text.split('\n')) {
    line++;
    if (data.length > 0) out.push({ data, source, offset: line, receivedAt: now, referenceTime });
  }
  return out;
}

/**
 * Feed a dataset through the running pipeline in event-time order across its sources.
 * Detectors keep per-entity windows in event time, so the day's files are merged: every record
 * is timed by a private instance of its parser, then handed to the real ingest path in slots
 * of `slotMs` (5 minutes: shorter than the detectors' idle horizon, so reordering within a
 * slot cannot lose state), one batch per file per slot. A stream whose parser is not registered is skipped
 * and reported, so the same dataset scores more detectors as parsers arrive.
 *
 * @example
 * const s = await replayDataset(rt, loadDataset('/tmp/sim'));
 */
export async function replayDataset(
  rt: Runtime, ds: Dataset, o: { slotMs?: number; skipStreams?: string[]; onProgress?: (p: ReplayProgress) => void } = {},
): Promise<ReplaySummary> {
  const started = process.hrtime.bigint();
  const slotMs = o.slotMs ?? 300_000;
  const batchMax = rt.loaded.config.pipeline.batchEvents;
  const summary: ReplaySummary = { files: 0, records: 0, events: 0, deadLetters: 0, seconds: 0, streams: {}, skipped: [] };
  const timers = new Map<string, Parser>();
  const timerFor = (name: string): Parser => {
    let p = timers.get(name);
    if (!p) {
      const def = parsers.get(name);
      p = def.build(rt.loaded.parserConfig[name] ?? def.config.parse({}), { dataDir: rt.dataDir });
      timers.set(name, p);
    }
    return p;
  };
  const days = [...new Set(ds.manifest.files.map((f) => f.day))].sort();
  const skipped = new Set<string>();
  for (const [di, day] of days.entries()) {
    const files = ds.manifest.files.filter((f) => f.day === day);
    const timed: Timed[] = [];
    const usable: Array<{ f: FileEntry; parser: Parser }> = [];
    for (const f of files) {
      const why = o.skipStreams?.includes(f.stream) ? 'left out on request (--skip-streams)'
        : parsers.has(f.parser) ? undefined : `parser "${f.parser}" is not registered`;
      if (why) {
        if (!skipped.has(f.stream)) {
          skipped.add(f.stream);
          summary.skipped.push({ stream: f.stream, parser: f.parser, reason: why });
        }
        continue;
      }
      const def = parsers.get(f.parser);
      const timer = timerFor(f.parser);
      const idx = usable.length;
      usable.push({ f, parser: rt.ingestor.parser(f.parser) });
      summary.files++;
      let last = Date.parse(`${day}T00:00:00Z`);
      for (const rec of recordsOf(ds, f, def)) {
        let t = last;
        try {
          for (const e of timer.parse(rec)) {
            const et = Date.parse(e['@timestamp']);
            if (Number.isFinite(et)) { t = et; break; }
          }
        } catch {
          // Dead-lettered at ingest; keep its place in its file.
        }
        last = t;
        timed.push({ t, file: idx, rec });
      }
    }
    timed.sort((a, b) => a.t - b.t || a.file - b.file);
    const inflight: Array<Promise<void>> = [];
    const ingest = async (fileIdx: number, recs: RawRecord[]) => {
      const u = usable[fileIdx]!;
      await rt.ingestor.capacity();
      while (inflight.length >= 3) await inflight.shift();
      const p = rt.ingestor.ingest(recs, u.parser).then((r) => {
        const s = (summary.streams[u.f.stream] ??= { records: 0, events: 0, deadLetters: 0 });
        s.records += r.records;
        s.events += r.events;
        s.deadLetters += r.deadLetters;
        summary.records += r.records;
        summary.events += r.events;
        summary.deadLetters += r.deadLetters;
      });
      p.catch(() => {});
      inflight.push(p);
    };
    let i = 0;
    while (i < timed.length) {
      const slotEnd = Math.floor(timed[i]!.t / slotMs) * slotMs + slotMs;
      const perFile = new Map<number, RawRecord[]>();
      while (i < timed.length && timed[i]!.t < slotEnd) {
        const x = timed[i++]!;
        let list = perFile.get(x.file);
        if (!list) perFile.set(x.file, (list = []));
        list.push(x.rec);
      }
      for (const [fileIdx, recs] of [...perFile].sort((a, b) => a[0] - b[0])) {
        for (let k = 0; k < recs.length; k += batchMax) await ingest(fileIdx, recs.slice(k, k + batchMax));
      }
    }
    await Promise.all(inflight);
    o.onProgress?.({ day: di + 1, days: days.length, records: summary.records, events: summary.events });
  }
  await rt.detection.drain();
  await rt.detection.checkpoint();
  summary.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return summary;
}
