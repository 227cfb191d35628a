import type { z } from 'zod';
import type { AlertDraft } from './alert.js';
import type { EventFields, WardEvent } from './event.js';
import type { RawRecord } from './record.js';

/** What a parser returns: an event whose id the runtime assigns at ingest. */
export type ParsedEvent = Omit<WardEvent, 'event'> & { event: Omit<EventFields, 'id'> & { id?: string } };

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
}
