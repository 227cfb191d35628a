/**
 * Worker-thread entry point: owns one shard of every stateful detector.
 * Messages are processed strictly in order, which the host relies on for consistent checkpoints.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Shard, type StateRow, type WorkItem } from './shard.js';
import type { ComponentSpec } from './config-loader.js';
import type { WardEvent } from '../core/event.js';

export type ToWorker =
  | { t: 'batch'; seq: number; items: WorkItem[]; events: WardEvent[] | string[] }
  | { t: 'restore'; rows: StateRow[] }
  | { t: 'snapshot'; id: number };

export type FromWorker =
  | { t: 'done'; seq: number; count: number; alerts: ReturnType<Shard['process']> }
  | { t: 'snapshot'; id: number; rows: StateRow[] }
  | { t: 'error'; message: string };

if (parentPort) {
  const port = parentPort;
  const { specs, dataDir } = workerData as { specs: ComponentSpec[]; dataDir: string };
  const shard = new Shard(specs, dataDir);
  port.on('message', (msg: ToWorker) => {
    try {
      if (msg.t === 'batch') {
        const alerts = shard.process(msg.items, msg.events);
        port.postMessage({ t: 'done', seq: msg.seq, count: msg.items.length, alerts } satisfies FromWorker);
      } else if (msg.t === 'restore') {
        shard.restore(msg.rows);
      } else {
        port.postMessage({ t: 'snapshot', id: msg.id, rows: shard.snapshot() } satisfies FromWorker);
      }
    } catch (err) {
      port.postMessage({ t: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies FromWorker);
    }
  });
}
