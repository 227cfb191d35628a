import { availableParallelism } from 'node:os';
import type { Alert } from '../core/alert.js';
import { parseDuration } from '../core/duration.js';
import { SqliteStore } from '../store/sqlite/index.js';
import type { LoadedConfig } from './config-loader.js';
import { DetectionHost } from './detection-host.js';
import { Ingestor } from './ingestor.js';
import { Telemetry } from './telemetry.js';

export interface Runtime {
  loaded: LoadedConfig;
  dataDir: string;
  store: SqliteStore;
  telemetry: Telemetry;
  detection: DetectionHost;
  ingestor: Ingestor;
  /** Subscribe to newly stored alerts (the live feed, latency measurement). */
  onAlerts(fn: (alerts: Alert[]) => void): () => void;
  /** Drain the pipeline, checkpoint detector state, close the store. */
  close(): Promise<void>;
}

/** How many detector worker threads `auto` means: one per core. */
export function resolveWorkers(w: number | 'auto'): number {
  return w === 'auto' ? Math.max(1, availableParallelism()) : w;
}

/**
 * Open the store, start the detector shards (replaying anything stored after the last
 * checkpoint) and build the shared ingest path. Used by `serve`, `ingest` and the benchmarks.
 */
export async function openRuntime(loaded: LoadedConfig, opts: { dataDir?: string; log?: (m: string) => void } = {}): Promise<Runtime> {
  const dataDir = opts.dataDir ?? loaded.config.dataDir;
  const store = SqliteStore.open(dataDir, { synchronous: loaded.config.store.synchronous });
  const telemetry = new Telemetry();
  const listeners = new Set<(a: Alert[]) => void>();
  const log = opts.log ?? (() => {});
  const detection = new DetectionHost({
    specs: loaded.detectors,
    store,
    telemetry,
    dataDir,
    workers: resolveWorkers(loaded.config.pipeline.workers),
    onAlerts: (a) => { for (const l of listeners) l(a); },
    log,
  });
  try {
    await detection.start();
  } catch (err) {
    await detection.stop().catch(() => {});
    store.close();
    throw err;
  }
  const ingestor = new Ingestor({
    store, detection, telemetry, dataDir,
    parserConfig: loaded.parserConfig,
    maxInflight: loaded.config.pipeline.queueEvents,
  });
  const every = parseDuration(loaded.config.pipeline.checkpointEvery, 'pipeline.checkpointEvery');
  const timer = setInterval(() => {
    detection.checkpoint().catch((err: Error) => log(`checkpoint failed: ${err.message}`));
  }, every);
  timer.unref();
  telemetry.gauge('wardwatch_store_last_seq', 'Sequence number of the newest stored event.', () => store.lastSeq());
  let closed = false;
  return {
    loaded, dataDir, store, telemetry, detection, ingestor,
    onAlerts(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await ingestor.close();
      await detection.stop();
      store.close();
    },
  };
}
