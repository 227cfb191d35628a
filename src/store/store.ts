import type { Alert, Severity } from '../core/alert.js';
import type { WardEvent } from '../core/event.js';
import type { DeadLetter } from '../core/record.js';

/** An ingest batch's idempotency key as stored: when, what content, and the answer given. */
export interface StoredBatchKey {
  key: string;
  /** Epoch ms. */
  created: number;
  fingerprint: string;
  /** The answer's JSON (the counts returned to the client). */
  answer: string;
}

/** A stored event with its storage sequence number (the replay cursor). */
export interface StoredEvent {
  seq: number;
  event: WardEvent;
  /** The event serialised as stored (JSON), when at hand: saves serialising it again for worker threads. */
  doc?: string;
}

export interface EventQuery {
  from?: string;
  to?: string;
  /** Matches user.name, host.name, source.ip or destination.ip exactly. */
  entity?: string;
  category?: string;
  /** Free text, matched against the message and raw record. */
  text?: string;
  limit?: number;
  /** Opaque cursor from a previous page (events are returned newest first). */
  cursor?: string;
}

export interface AlertQuery {
  from?: string;
  to?: string;
  severity?: Severity[];
  detector?: string;
  entity?: string;
  status?: Alert['status'];
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  next?: string;
}

export interface DeadLetterRow extends DeadLetter {
  id: number;
}

export interface AuditEntry {
  time: string;
  actor: string;
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
}

export interface StoreCounts {
  events: number;
  alerts: number;
  deadLetters: number;
}

/**
 * The durable write path for events and dead letters. Each promise resolves after the commit,
 * with the events' sequence numbers in order; batches commit in the order they were given.
 */
export interface EventWriter {
  /** `keys` are the batches' idempotency keys, committed in the same transaction as the events. */
  append(events: WardEvent[], raws: ReadonlyArray<string | undefined>, dead: DeadLetter[], docs?: string[], keys?: StoredBatchKey[]): Promise<number[]>;
  /** Insert alerts (existing ids ignored); resolves with how many were new. */
  insertAlerts(alerts: Alert[]): Promise<number>;
  /** See {@link Store.saveDetectorStates}. */
  saveDetectorStates(checkpoint: number, detectors: string[], states: Array<{ detector: string; key: string; state: unknown }>): Promise<void>;
  close(): Promise<void>;
}

/**
 * Everything Wardwatch keeps. The default is embedded SQLite; PostgreSQL/ClickHouse implement
 * the same interface when a health system outgrows one machine.
 */
export interface Store {
  /** Append events durably (one transaction); returns their sequence numbers in order. */
  appendEvents(events: WardEvent[], raws?: (string | undefined)[]): number[];
  appendDeadLetters(items: DeadLetter[]): void;
  /** Append events and dead letters (and the batches' idempotency keys) in one durable transaction. */
  appendBatch(events: WardEvent[], raws: (string | undefined)[], dead: DeadLetter[], docs?: string[], keys?: StoredBatchKey[]): number[];
  /** An ingest batch key stored at or after `since` (epoch ms), if any. */
  batchKey(key: string, since: number): StoredBatchKey | undefined;
  /** Forget batch keys stored before `before` (epoch ms); returns how many. */
  pruneBatchKeys(before: number): number;
  /** Events after a sequence number, in order (for detector replay after a restart). */
  eventsAfter(seq: number, limit: number): StoredEvent[];
  lastSeq(): number;
  searchEvents(q: EventQuery): Page<StoredEvent>;
  getEvents(ids: string[]): WardEvent[];
  /** Insert alerts; an alert whose id exists is ignored (replays are idempotent). Returns how many were new. */
  insertAlerts(alerts: Alert[]): number;
  listAlerts(q: AlertQuery): Page<Alert>;
  /** Alerts with their time in [from, to), oldest first, read lazily. */
  alertsInOrder(q?: { from?: string; to?: string }): IterableIterator<Alert>;
  getAlert(id: string): Alert | undefined;
  listDeadLetters(limit: number): DeadLetterRow[];
  /** One dead letter by id, or undefined. */
  getDeadLetter(id: number): DeadLetterRow | undefined;
  /** Detector state per entity key, with the event sequence it reflects. */
  loadDetectorState(detector: string): { checkpoint: number; states: Array<[string, unknown]> };
  /**
   * Replace the whole state of the named detectors and record the event sequence it reflects,
   * in one transaction (so state and checkpoint never disagree after a crash).
   */
  saveDetectorStates(checkpoint: number, detectors: string[], states: Array<{ detector: string; key: string; state: unknown }>): void;
  /** Lowest checkpoint over all detectors (where replay starts). */
  checkpoint(): number;
  setCheckpoint(seq: number): void;
  audit(entry: AuditEntry): void;
  listAudit(limit: number): AuditEntry[];
  /** Entities of a type (user, host, device), most recently seen first. */
  listEntities(type: string, limit: number): Array<{ type: string; id: string; firstSeen: string; lastSeen: string }>;
  upsertEntities(entities: Array<{ type: string; id: string; seen: string }>): void;
  /** Delete events older than the cutoff; returns how many. */
  applyRetention(cutoffIso: string): number;
  /**
   * Rewrite the dead letters `seal` decides to change (bytes and reason), in one transaction;
   * returns how many changed. Used at start to seal letters stored in clear by older versions.
   */
  resealDeadLetters(seal: (d: DeadLetterRow) => { data: string; reason: string } | undefined): number;
  counts(): StoreCounts;
  close(): void;
}
