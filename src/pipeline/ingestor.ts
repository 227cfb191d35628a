import type { Admission, BatchKey, Enricher, IngestResult, IngestSink, Parser, ParsedEvent } from '../core/components.js';
import { ParseError, TooDeepError, WardError, errorMessage } from '../core/errors.js';
import { maxJsonDepth, valueDepthExceeds } from '../core/json-depth.js';
import type { WardEvent } from '../core/event.js';
import { newEventId } from '../core/ids.js';
import type { DeadLetter, RawRecord } from '../core/record.js';
import type { EventWriter, StoredBatchKey, StoredEvent } from '../store/store.js';
import { sealerFor } from '../enrich/pseudonymise/index.js';
import { parsers as registry } from './builtins.js';
import type { DetectionHost } from './detection-host.js';
import type { Telemetry } from './telemetry.js';

const MAX_WRITES = 2;
/** Quoted fragments in a parse error's reason (JSON-style strings, escapes allowed). */
const QUOTED = /"(?:[^"\\]|\\.)*"/g;

interface PendingWrite {
  events: WardEvent[];
  raws: string[];
  dead: DeadLetter[];
  keys: StoredBatchKey[];
  /** Each event serialised (by {@link Ingestor.parse}); computed at flush when absent. */
  docs: string[] | undefined;
  resolve: () => void;
  reject: (err: Error) => void;
}

/** The store's write outcomes as the ingest path saw them. */
export interface StoreWriteHealth {
  /** Time of the last committed batch. */
  lastOkAt: string | undefined;
  /** The last failed batch: the store's error message (SQLite's, e.g. "database or disk is full") and when. */
  lastError: { message: string; at: string } | undefined;
  /** Failed batches since the last committed one; above 0 the store is failing now. */
  consecutiveFailures: number;
  failuresTotal: number;
}

export interface IngestorOptions {
  /** Durable event writer (a dedicated thread by default). */
  writer: EventWriter;
  detection: DetectionHost;
  telemetry: Telemetry;
  dataDir: string;
  /** Validated settings per parser name. */
  parserConfig?: Record<string, unknown>;
  /** Events in flight to the detectors above which new batches are refused or paused. */
  maxInflight: number;
  /** Applied in order to every parsed event, before it is stored. */
  enrichers?: Enricher[];
  /** Sees every parsed batch before it is stored (e.g. to keep treatment relationships HL7 carries). */
  onParsed?: (events: WardEvent[]) => void;
}

/**
 * The write path every source shares: parse records, store events and dead letters durably
 * (concurrent callers are group-committed into one transaction), then hand the stored events
 * to the detectors. A promise from {@link ingest} resolves only after the commit, so a source
 * can acknowledge its sender knowing the data survives a crash.
 */
export class Ingestor implements IngestSink {
  private readonly built = new Map<string, Parser>();
  private queue: PendingWrite[] = [];
  private flushScheduled = false;
  private closed = false;
  /** Batches handed to the writer and not yet committed (at most {@link MAX_WRITES}). */
  private writing = 0;
  /** Events accepted by {@link write} and not yet committed. */
  private queuedEvents = 0;
  private idleWaiters: Array<() => void> = [];
  /** Outcome of the store's writes, for health: a failing disk shows here, not only as 503s. */
  private readonly writes: StoreWriteHealth = { lastOkAt: undefined, lastError: undefined, consecutiveFailures: 0, failuresTotal: 0 };

  constructor(private readonly opts: IngestorOptions) {}

  /** How the last writes went (a copy). */
  storeHealth(): StoreWriteHealth {
    return { ...this.writes, ...(this.writes.lastError ? { lastError: { ...this.writes.lastError } } : {}) };
  }

  /** Events accepted and not yet committed. */
  get backlog(): number {
    return this.queuedEvents;
  }

  /** The queue limit above which batches are refused (429) or senders paused. */
  get maxInflight(): number {
    return this.opts.maxInflight;
  }

  /** A parser instance by registered name, built once with its configured settings. */
  parser(name: string, where?: string): Parser {
    let p = this.built.get(name);
    if (!p) {
      const def = registry.get(name, where);
      let cfg = this.opts.parserConfig?.[name];
      if (cfg === undefined) {
        // A parser that needs settings (ehr-csv's columns) and has none is a request error, not a crash.
        const r = def.config.safeParse({});
        if (!r.success) {
          const what = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
          throw new WardError('config.invalid', `parser "${name}" is not configured (add parsers.${name} to the config): ${what}`, where);
        }
        cfg = r.data;
      }
      p = def.build(cfg, { dataDir: this.opts.dataDir });
      this.built.set(name, p);
    }
    return p;
  }

  admission(): Admission {
    if (this.closed) return 'closed';
    // Bounded on both sides of the store: events waiting to be written, and written but not yet detected.
    const backlog = Math.max(this.opts.detection.inflight, this.queuedEvents);
    return backlog >= this.opts.maxInflight ? 'busy' : 'ok';
  }

  /** Wait until the detectors have room (used by sources that can pause their sender). */
  capacity(): Promise<void> {
    return this.opts.detection.whenBelow(this.opts.maxInflight);
  }

  /**
   * Whether dead letters of this parser are sealed: formats that carry or may carry patient
   * data, and any parser the registry does not know (when unsure, seal).
   */
  sealsDeadLetters(parserName: string): boolean {
    if (!registry.has(parserName)) return true;
    const def = registry.get(parserName);
    return def.phi === true || def.mayCarryPhi === true;
  }

  /**
   * The sealed form of a dead letter: its bytes sealed, and quoted fragments of its reason blanked
   * (a parser's reason may quote a few characters of the record: `unparseable @timestamp "…"`),
   * so nothing of a sealed record is kept in clear.
   */
  sealDeadLetter(d: Pick<DeadLetter, 'data' | 'reason'>): { data: string; reason: string } {
    return { reason: d.reason.replace(QUOTED, '"…"'), data: sealerFor(this.opts.dataDir).seal(d.data) as string };
  }

  /**
   * Parse records into events; failures become dead letters. Pure CPU, no I/O. No record can
   * end the process: a parser's throw (any error), an event nested deeper than
   * `pipeline.maxJsonDepth` or one that cannot be serialised dead-letters that record only.
   */
  parse(records: RawRecord[], parser: Parser): { events: WardEvent[]; raws: string[]; dead: DeadLetter[]; docs: string[] } {
    // Raw bytes of formats that carry patient data are sealed before they reach the store.
    const seal = registry.has(parser.name) && registry.get(parser.name).phi
      ? (t: string) => sealerFor(this.opts.dataDir).seal(t) as string
      : (t: string) => t;
    const tele = this.opts.telemetry.component('parser', parser.name);
    const limit = maxJsonDepth();
    let events: WardEvent[] = [];
    let raws: string[] = [];
    /** The record each event came from, to dead-letter it if the event cannot be stored. */
    let from: RawRecord[] = [];
    const dead: DeadLetter[] = [];
    const deadLetter = (rec: RawRecord, err: unknown) => {
      if (!(err instanceof ParseError)) tele.error();
      tele.dropped(err instanceof TooDeepError ? 'too_deep' : 'unparseable');
      dead.push({
        source: rec.source,
        ...(rec.offset !== undefined ? { offset: rec.offset } : {}),
        receivedAt: rec.receivedAt,
        parser: parser.name,
        reason: errorMessage(err),
        data: rec.data,
      });
    };
    tele.received(records.length);
    for (const rec of records) {
      let parsed: ParsedEvent[];
      try {
        parsed = parser.parse(rec);
        // Whatever the parser built (XML, MIME, mappings), nothing deeper than the limit goes on.
        if (parsed.some((p) => valueDepthExceeds(p, limit))) throw new TooDeepError(limit, `${rec.source}:${rec.offset ?? 0}`, 'after parsing');
      } catch (err) {
        deadLetter(rec, err);
        continue;
      }
      const ingested = new Date(rec.receivedAt).toISOString();
      const raw = parsed.length ? seal(rec.data) : '';
      for (const p of parsed) {
        const ev = p as WardEvent;
        ev.event.id ??= newEventId();
        ev.event.ingested ??= ingested;
        events.push(ev);
        raws.push(raw);
        from.push(rec);
      }
    }
    for (const en of this.opts.enrichers ?? []) {
      const et = this.opts.telemetry.component('enricher', en.name);
      et.received(events.length);
      let changed = 0;
      for (const ev of events) {
        try {
          if (en.enrich(ev)) changed++;
        } catch {
          et.error();
        }
      }
      et.emitted(changed);
    }
    // Serialise once here (the same JSON is stored and sent to the detector threads), so an
    // event that cannot be serialised is dead-lettered with its record, not a crash at flush.
    let docs: string[] = [];
    const failed = new Set<RawRecord>();
    for (let i = 0; i < events.length; i++) {
      try {
        docs.push(JSON.stringify(events[i]));
      } catch (err) {
        docs.push('');
        const rec = from[i]!;
        if (!failed.has(rec)) {
          failed.add(rec);
          deadLetter(rec, new ParseError(`event cannot be stored: ${errorMessage(err)}`, `${rec.source}:${rec.offset ?? 0}`));
        }
      }
    }
    if (failed.size) {
      const keep = from.map((r) => !failed.has(r));
      events = events.filter((_, i) => keep[i]);
      raws = raws.filter((_, i) => keep[i]);
      docs = docs.filter((_, i) => keep[i]);
      from = [];
    }
    tele.emitted(events.length);
    this.opts.onParsed?.(events);
    return { events, raws, dead, docs };
  }

  /**
   * Parse and durably store records, then submit the events to the detectors. With a batch key,
   * the key and this answer are committed in the same transaction as the events (the caller
   * checks for a repeat key before calling).
   */
  async ingest(records: RawRecord[], parser: Parser, opts: { key?: BatchKey } = {}): Promise<IngestResult> {
    const { events, raws, dead, docs } = this.parse(records, parser);
    const answer: IngestResult = { records: records.length, events: events.length, deadLetters: dead.length };
    const keys: StoredBatchKey[] = opts.key
      ? [{ key: opts.key.key, fingerprint: opts.key.fingerprint, created: Date.now(), answer: JSON.stringify(answer) }]
      : [];
    await this.write(events, raws, dead, docs, keys);
    return answer;
  }

  /**
   * Store already-parsed events and dead letters (group-committed), with any batch keys. Every
   * dead letter's bytes are sealed here when its parser may carry patient data, whoever produced it.
   */
  write(events: WardEvent[], raws: string[], dead: DeadLetter[], docs?: string[], keys: StoredBatchKey[] = []): Promise<void> {
    if (this.closed) return Promise.reject(new Error('ingest is shut down'));
    if (events.length === 0 && dead.length === 0 && keys.length === 0) return Promise.resolve();
    const sealed = dead.map((d) => (this.sealsDeadLetters(d.parser) ? { ...d, ...this.sealDeadLetter(d) } : d));
    return new Promise((resolve, reject) => {
      this.queue.push({ events, raws, dead: sealed, docs, keys, resolve, reject });
      this.queuedEvents += events.length;
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Hand everything queued to the writer as one batch (one transaction). Two batches may be in
   * flight, so the main thread prepares the next while the writer commits; commits and the
   * hand-off to the detectors stay in order.
   */
  private flush(): void {
    this.flushScheduled = false;
    if (this.queue.length === 0 || this.writing >= MAX_WRITES) return;
    const batch = this.queue;
    this.queue = [];
    const events = batch.length === 1 ? batch[0]!.events : batch.flatMap((b) => b.events);
    const raws = batch.length === 1 ? batch[0]!.raws : batch.flatMap((b) => b.raws);
    const dead = batch.length === 1 ? batch[0]!.dead : batch.flatMap((b) => b.dead);
    const keys = batch.flatMap((b) => b.keys);
    const storeTele = this.opts.telemetry.component('sink', 'store');
    storeTele.received(events.length + dead.length);
    // Serialised once (by parse(), or here for events handed to write() directly): the same
    // JSON is stored and sent to the detector threads.
    const docs = batch.flatMap((b) => b.docs ?? b.events.map((e) => JSON.stringify(e)));
    this.writing++;
    const queued = events.length;
    this.opts.writer.append(events, raws, dead, docs, keys.length ? keys : undefined).then(
      (seqs) => {
        this.writes.lastOkAt = new Date().toISOString();
        this.writes.consecutiveFailures = 0;
        storeTele.emitted(events.length + dead.length);
        for (const b of batch) b.resolve();
        const stored: StoredEvent[] = events.map((event, i) => ({ seq: seqs[i]!, event, doc: docs[i]! }));
        this.opts.detection.submit(stored);
      },
      (err: unknown) => {
        storeTele.error();
        this.writes.lastError = { message: errorMessage(err), at: new Date().toISOString() };
        this.writes.consecutiveFailures++;
        this.writes.failuresTotal++;
        const e = new Error(`store write failed: ${errorMessage(err)}`);
        for (const b of batch) b.reject(e);
      },
    ).finally(() => {
      this.queuedEvents -= queued;
      this.writing--;
      if (this.queue.length) this.flush();
      else if (this.writing === 0) for (const w of this.idleWaiters.splice(0)) w();
    });
  }

  /** Resolves when nothing is queued or being written. */
  idle(): Promise<void> {
    if (this.queue.length === 0 && this.writing === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /** Refuse new batches and wait for queued writes to commit (the writer stays open for the detectors). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.queue.length) this.flush();
    await this.idle();
  }
}
