/**
 * Worker-thread entry: the SQLite writer. It owns its own connection and commits each packed
 * batch in one transaction, so the main thread keeps parsing while the disk work happens here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Alert } from '../../core/alert.js';
import type { PackedBatch } from './pack.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';

export type ToWriter =
  | { t: 'append'; id: number; batch: PackedBatch }
  | { t: 'alerts'; id: number; alerts: Alert[] }
  | { t: 'state'; id: number; checkpoint: number; detectors: string[]; states: Array<{ detector: string; key: string; state: unknown }> }
  | { t: 'close' };
export type FromWriter = { t: 'done'; id: number; result: unknown } | { t: 'error'; id: number; message: string } | { t: 'closed' };

if (parentPort) {
  const port = parentPort;
  const { file, opts } = workerData as { file: string; opts: SqliteStoreOptions };
  const store = new SqliteStore(file, opts);
  port.on('message', (m: ToWriter) => {
    if (m.t === 'close') {
      store.close();
      port.postMessage({ t: 'closed' } satisfies FromWriter);
      return;
    }
    try {
      let result: unknown;
      if (m.t === 'append') result = store.appendPacked(m.batch);
      else if (m.t === 'alerts') result = store.insertAlerts(m.alerts);
      else store.saveDetectorStates(m.checkpoint, m.detectors, m.states);
      port.postMessage({ t: 'done', id: m.id, result } satisfies FromWriter);
    } catch (err) {
      port.postMessage({ t: 'error', id: m.id, message: err instanceof Error ? err.message : String(err) } satisfies FromWriter);
    }
  });
}
