import type { z } from 'zod';
import type { AlertDraft } from './alert.js';
import type { EventBody, EventFieldsBase, WardEvent } from './event.js';
import type { RawRecord } from './record.js';

/** What a parser returns: an event whose id the runtime assigns at ingest. */
export interface ParsedEvent extends EventBody {
  event: EventFieldsBase;
}

/**
 * A parser turns one raw record into zero or more normalised events, or throws
 * {@link ParseError} (the runtime then dead-letters the record with the reason).
 */
export interface Parser {
  readonly name: string;
  parse(record: RawRecord): ParsedEvent[];
}

/** Registration of a parser format: config schema + build + format sniffing for `--format auto`. */
export interface ParserDef<C = unknown> {
  name: string;
  description: string;
  config: z.ZodType<C>;
  build(config: C, ctx: ComponentContext): Parser;
  /**
   * How a file or HTTP body is cut into records for this parser: `line` (default) — one record
   * per line; `document` — the whole file/body is one record (a FHIR Bundle, an .eml message);
   * a function — split the whole text into records (e.g. an mbox into messages).
   */
  framing?: 'line' | 'document' | ((text: string) => string[]);
  /**
   * The raw records carry patient data (HL7, FHIR, EHR exports): the runtime seals their raw
   * bytes (events' raw column and dead letters) with the data directory's key before storing.
   */
  phi?: boolean;
  /**
   * Records may carry patient data though the format does not require it (generic JSON, mapped
   * site JSON, device telemetry, e-mail): the runtime seals their dead letters, whose content is
   * by definition not understood. Dead letters of a parser the registry does not know are sealed too.
   */
  mayCarryPhi?: boolean;
  /**
   * Confidence 0..1 that a sample of the first lines of a stream is in this format.
   * Used by `--format auto`; the highest non-zero score wins.
   */
  sniff?(lines: string[]): number;
}

/** Emitted by a detector from one shard. */
export type EmitAlert = (draft: AlertDraft) => void;

/**
 * A stateful detector. The same instance type runs on the router (for `accepts` and `key`)
 * and in each shard worker (for `process`), so all three must be deterministic functions of config.
 */
export interface Detector {
  /** Cheap test run on the router thread: does this event concern the detector at all? */
  accepts(e: WardEvent): boolean;
  /** Entity key that shards the detector's state (e.g. the user name). `undefined` skips the event. */
  key(e: WardEvent): string | undefined;
  /** Update the key's state with the event and emit alerts. Events of one key arrive in ingest order. */
  process(e: WardEvent, key: string, emit: EmitAlert): void;
  /** State of every key, to persist (JSON-serialisable). Keys whose state is empty are omitted. */
  snapshot(): Array<[string, unknown]>;
  /** Restore one key's persisted state (called before any event). */
  restore(key: string, state: unknown): void;
}

export interface DetectorDef<C = unknown> {
  type: string;
  description: string;
  config: z.ZodType<C>;
  build(config: C, ctx: ComponentContext & { name: string }): Detector;
}

/** What every component may use while building; no I/O handles here (those belong to the runtime). */
export interface ComponentContext {
  /** Data directory (for components that keep files, e.g. secrets). */
  dataDir: string;
  /** Clinical context (patients, staff, treatment relationships), opened on first use by the runtime. */
  clinicalContext?: () => import('./context.js').ContextLookup;
  /** Mined EHR explanation templates not retired (read from the store, refreshed by the runtime). */
  ehrTemplates?: () => import('./context.js').ExplanationTemplate[];
}

/** Outcome of handing records to the pipeline. */
export interface IngestResult {
  records: number;
  events: number;
  deadLetters: number;
}

/**
 * An idempotency key sent with a batch: committed with the batch's events, so a resend of the
 * same batch can be recognised after a crash. `fingerprint` identifies the content (a digest).
 */
export interface BatchKey {
  key: string;
  fingerprint: string;
}

/** `ok`, or why a batch cannot be taken now: `busy` (try later: 429) or `closed` (shutting down: 503). */
export type Admission = 'ok' | 'busy' | 'closed';

/** What a source hands records to: parse, store durably, detect. */
export interface IngestSink {
  /**
   * Resolves once the records are durably stored (events or dead letters). With `key`, the key
   * and the answer are stored in the same transaction (see {@link BatchKey}).
   */
  ingest(records: import('./record.js').RawRecord[], parser: Parser, opts?: { key?: BatchKey }): Promise<IngestResult>;
  /** A parser by registered name (fails with the config path if unknown). */
  parser(name: string, where?: string): Parser;
  admission(): Admission;
  /** Resolves when the pipeline has room again. */
  capacity(): Promise<void>;
}

/** Counters a source reports (the same four every component has). */
export interface SourceTelemetry {
  received(n?: number): void;
  emitted(n?: number): void;
  dropped(reason: string, n?: number): void;
  error(n?: number): void;
}

/**
 * What `/api/health` shows of one listener: `listening`/`connected` are healthy; `connecting` and
 * `reconnecting` degrade health; `failed` carries the error (no secrets: URLs are redacted).
 */
export interface ListenerState {
  /** `udp://127.0.0.1:5514`, `tls://0.0.0.0:6514`, `mqtts://broker:8883`… */
  endpoint: string;
  state: 'starting' | 'listening' | 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'stopped';
  error?: string;
  /** When the state last changed (ISO 8601). */
  since: string;
  /** Listener-specific numbers (UDP receive buffer, kernel drops…). */
  detail?: Record<string, number | string | boolean>;
}

/** A running source: it listens or reads until stopped. */
export interface Source {
  start(): Promise<void>;
  /** Stop accepting, finish what was received. */
  stop(): Promise<void>;
  /** Where it listens, once started (for logs and tests). */
  describe(): string;
  /** State of each of its listeners or connections, for health reporting. */
  listeners?(): ListenerState[];
}

export interface SourceDef<C = unknown> {
  type: string;
  description: string;
  config: z.ZodType<C>;
  build(config: C, ctx: ComponentContext & { name: string; sink: IngestSink; telemetry: SourceTelemetry; log: (msg: string) => void }): Source;
}

/** Adds context to an event in place (geo, assets, identity, threat intel…), after parsing and before storage. */
export interface Enricher {
  readonly name: string;
  /** Returns true when it changed the event (for telemetry). */
  enrich(e: WardEvent): boolean;
}

export interface EnricherDef<C = unknown> {
  type: string;
  description: string;
  config: z.ZodType<C>;
  build(config: C, ctx: ComponentContext & { name: string }): Enricher;
}

/** Receives stored alerts (a file, a webhook, a ticketing system…). */
export interface Sink {
  /** Deliver alerts; rejects when delivery failed after the sink's own retries. */
  write(alerts: import('./alert.js').Alert[]): Promise<void>;
  close(): Promise<void>;
}

export interface SinkDef<C = unknown> {
  type: string;
  description: string;
  config: z.ZodType<C>;
  build(config: C, ctx: ComponentContext & { name: string; log: (msg: string) => void }): Sink;
}
