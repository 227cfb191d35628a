import type Database from 'better-sqlite3';
import type { WardEvent } from '../core/event.js';
import { classify, criticalityOf } from './classify.js';
import { Inventory } from './inventory.js';
import { vendorOfMac } from './oui.js';
import { DeviceRepo, type DeviceRow } from './repo.js';
import type { DeviceRecord } from './types.js';

/** Classify a record for storage: its type and default criticality (overrides are applied on read and by the gate). */
export function rowOf(record: DeviceRecord): DeviceRow {
  const { type } = classify(record, vendorOfMac(record.mac));
  return { record, type, criticality: criticalityOf(type) };
}

/**
 * Keeps the device inventory up to date from the events the pipeline parses: folds each parsed
 * batch in memory (cheap, on the ingest thread) and writes the changed devices in one
 * transaction every `flushMs`, so the store sees one small write per interval, not per event.
 *
 * @example
 * const t = DeviceTracker.open(store.db, { log }); ingestor.onParsed = (evs) => t.observe(evs); await t.close();
 */
export class DeviceTracker {
  private readonly timer: NodeJS.Timeout;
  private failures = 0;

  private constructor(readonly repo: DeviceRepo, readonly inventory: Inventory, private readonly log: (m: string) => void, flushMs: number) {
    this.timer = setInterval(() => this.flush(), flushMs);
    this.timer.unref();
  }

  /** Load the stored inventory and start the periodic flush. */
  static open(db: Database.Database, opts: { flushMs?: number; log?: (m: string) => void } = {}): DeviceTracker {
    const repo = new DeviceRepo(db);
    return new DeviceTracker(repo, new Inventory(repo.all()), opts.log ?? (() => {}), opts.flushMs ?? 2000);
  }

  /** Fold a parsed batch. Never throws: the inventory must not stop ingest. */
  observe(events: readonly WardEvent[]): void {
    try {
      this.inventory.observe(events);
    } catch (err) {
      this.log(`device inventory: ${(err as Error).message}`);
    }
  }

  /** Write what changed since the last flush; a failed write is retried at the next one. */
  flush(): number {
    const { changed, renamed } = this.inventory.drain();
    if (!changed.length && !renamed.length) return 0;
    try {
      this.repo.save(changed.map(rowOf), renamed);
      this.failures = 0;
      return changed.length;
    } catch (err) {
      // Keep the records dirty: they are re-drained at the next flush.
      this.inventory.touch(changed.map((r) => r.id));
      if (this.failures++ === 0) this.log(`device inventory: write failed, will retry: ${(err as Error).message}`);
      return 0;
    }
  }

  /** Stop the timer and write the last changes. */
  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
