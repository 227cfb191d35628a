import { Worker } from 'node:worker_threads';
import type { Alert } from '../../core/alert.js';
import type { WardEvent } from '../../core/event.js';
import type { DeadLetter } from '../../core/record.js';
import type { EventWriter, StoredBatchKey } from '../store.js';
import { EventPacker } from './pack.js';
import type { SqliteStore, SqliteStoreOptions } from './sqlite-store.js';
import { workerUrl } from './worker-url.js';
import type { FromWriter, ToWriter } from './writer-worker.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Writes on the calling thread (tests, tiny installs). */
export class InlineWriter implements EventWriter {
  constructor(private readonly store: SqliteStore) {}
  append(events: WardEvent[], raws: ReadonlyArray<string | undefined>, dead: DeadLetter[], docs?: string[], keys?: StoredBatchKey[]): Promise<number[]> {
    return this.run(() => this.store.appendBatch(events, [...raws], dead, docs, keys));
  }
  insertAlerts(alerts: Alert[]): Promise<number> {
    return this.run(() => this.store.insertAlerts(alerts));
  }

  saveDetectorStates(checkpoint: number, detectors: string[], states: Array<{ detector: string; key: string; state: unknown }>): Promise<void> {
    return this.run(() => this.store.saveDetectorStates(checkpoint, detectors, states));
  }

  private run<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  async close(): Promise<void> {}
}

/**
 * Writes on a dedicated thread with its own SQLite connection. Batches are packed into flat
 * column arrays here (cheap to copy) and committed there in order; each promise resolves after
 * the commit, with the sequence numbers.
 */
export class ThreadWriter implements EventWriter {
  private readonly worker: Worker;
  private readonly packer = new EventPacker();
  private readonly waiting = new Map<number, { resolve: (r: any) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private closed?: Promise<void>;
  private failure?: Error;

  constructor(file: string, opts: SqliteStoreOptions) {
    this.worker = new Worker(workerUrl('./writer-worker.js', import.meta.url), { workerData: { file, opts } });
    this.worker.on('message', (m: FromWriter) => {
      if (m.t === 'closed') return;
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.t === 'done') w.resolve(m.result);
      else w.reject(new Error(m.message));
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => { if (!this.closed) this.fail(new Error(`store writer thread exited (${code})`)); });
  }

  private fail(err: Error): void {
    this.failure = err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  append(events: WardEvent[], raws: ReadonlyArray<string | undefined>, dead: DeadLetter[], docs?: string[], keys?: StoredBatchKey[]): Promise<number[]> {
    const batch = this.packer.pack(events, docs, raws, dead);
    if (keys?.length) batch.keys = keys;
    return this.call({ t: 'append', batch });
  }

  insertAlerts(alerts: Alert[]): Promise<number> {
    return this.call({ t: 'alerts', alerts });
  }

  saveDetectorStates(checkpoint: number, detectors: string[], states: Array<{ detector: string; key: string; state: unknown }>): Promise<void> {
    return this.call({ t: 'state', checkpoint, detectors, states });
  }

  /** Send one request; requests are handled strictly in order by the writer thread. */
  private call<T>(msg: DistributiveOmit<Exclude<ToWriter, { t: 'close' }>, 'id'>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id } as ToWriter);
    });
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      this.worker.once('exit', () => resolve());
      this.worker.once('message', (m: FromWriter) => { if (m.t === 'closed') void this.worker.terminate(); });
      this.worker.postMessage({ t: 'close' } satisfies ToWriter);
    });
    return this.closed;
  }
}
