import { availableParallelism } from 'node:os';
import { purge, retentionDays } from '../compliance/retention/index.js';
import type { Alert } from '../core/alert.js';
import { parseDuration } from '../core/duration.js';
import { setMaxJsonDepth } from '../core/json-depth.js';
import { suppressing } from '../incidents/suppress.js';
import { DeviceTracker } from '../devices/tracker.js';
import { configureVault, isSealedText, type VaultRow } from '../enrich/pseudonymise/index.js';
import { securePrivateDir } from '../store/private-files.js';
import { ContextStore, InlineWriter, SqliteStore, ThreadWriter } from '../store/sqlite/index.js';
import { SuppressionRepo } from '../store/sqlite/suppressions.js';
import { RuleSettingsRepo } from '../store/sqlite/triage.js';
import type { LoadedConfig } from './config-loader.js';
import { enrichers as enricherRegistry, sinks as sinkRegistry } from './builtins.js';
import { relationshipsFromEvents } from './context-load.js';
import { DetectionHost } from './detection-host.js';
import { HealthMonitor } from './health.js';
import { Ingestor } from './ingestor.js';
import { Telemetry } from './telemetry.js';

export interface Runtime {
  loaded: LoadedConfig;
  dataDir: string;
  store: SqliteStore;
  /** Patients, staff and treatment relationships (and the encrypted re-identification vault). */
  context: ContextStore;
  telemetry: Telemetry;
  detection: DetectionHost;
  ingestor: Ingestor;
  /** Store, ingest, detector, listener and drop health (`/api/health`); `serve` adds its sources. */
  health: HealthMonitor;
  /** The device inventory, folded from every parsed batch and written every few seconds. */
  devices: DeviceTracker;
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
  const log = opts.log ?? (() => {});
  // Owner-only data: fix what an older version (or a copy) left readable by others, and say so.
  const loose = securePrivateDir(dataDir);
  if (loose.length) log(`data directory ${dataDir}: ${loose.join(', ')} were readable by other users; set to owner-only (0700/0600)`);
  const store = SqliteStore.open(dataDir, { synchronous: loaded.config.store.synchronous });
  // The writer thread's connection and this one (reads, alerts, state) share the WAL.
  const telemetry = new Telemetry();
  // The re-identification vault: encrypted rows in the context database, every reveal audited.
  const context = ContextStore.open(dataDir);
  // SQLite created the files (and -wal/-shm) with the process umask; an embedding caller may not have set ours.
  securePrivateDir(dataDir);
  configureVault(dataDir, {
    storage: {
      get: (p) => context.vaultGet(p) as VaultRow | undefined,
      put: (row) => context.vaultPut(row),
    },
    audit: (r) => store.audit({ time: r.at, actor: r.actor, action: 'reidentify', target: r.pseudonym, detail: { reason: r.reason, found: r.found } }),
  });
  const listeners = new Set<(a: Alert[]) => void>();
  const sinks = loaded.sinks.map((spec) => {
    const sink = sinkRegistry.get(spec.type).build(spec.config, { dataDir, name: spec.name, log });
    const tele = telemetry.component('sink', spec.name);
    listeners.add((alerts) => {
      tele.received(alerts.length);
      sink.write(alerts).then(() => tele.emitted(alerts.length), (err: Error) => {
        tele.error();
        tele.dropped('delivery_failed', alerts.length);
        log(err.message);
      });
    });
    return sink;
  });
  // Analysts' scoped exceptions: matching alerts are stored closed, not sent on.
  const suppressions = new SuppressionRepo(store.db);
  const storeOpts = { synchronous: loaded.config.store.synchronous };
  const writer = loaded.config.store.writerThread ? new ThreadWriter(store.path, storeOpts) : new InlineWriter(store);
  const detection = new DetectionHost({
    specs: loaded.detectors,
    store,
    writer,
    telemetry,
    dataDir,
    workers: resolveWorkers(loaded.config.pipeline.workers),
    onAlerts: (a) => { for (const l of listeners) l(a); },
    suppress: (a) => suppressing(a, suppressions.current())?.id,
    log,
  });
  try {
    await detection.start();
  } catch (err) {
    await detection.stop().catch(() => {});
    await writer.close();
    store.close();
    throw err;
  }
  // Rule switches made in the console survive restarts.
  for (const [name, set] of new RuleSettingsRepo(store.db).all()) detection.setEnabled(name, set.enabled);
  // Every parser reads the nesting bound per record (see core/json-depth.ts).
  setMaxJsonDepth(loaded.config.pipeline.maxJsonDepth);
  // Devices seen in parsed events (MACs, addresses, protocols, peers): the inventory and its risk.
  const devices = DeviceTracker.open(store.db, { log });
  const ingestor = new Ingestor({
    writer, detection, telemetry, dataDir,
    parserConfig: loaded.parserConfig,
    maxInflight: loaded.config.pipeline.queueEvents,
    onParsed: (events) => {
      const rels = relationshipsFromEvents(events);
      if (rels.length) context.load({ relationships: rels });
      devices.observe(events);
    },
    enrichers: loaded.enrichers.map((s) => enricherRegistry.get(s.type).build(s.config, { dataDir, name: s.name })),
  });
  // Dead letters an older version kept in clear, from formats that may carry PHI, are sealed now.
  const resealed = store.resealDeadLetters((d) =>
    (ingestor.sealsDeadLetters(d.parser) && !isSealedText(d.data) ? ingestor.sealDeadLetter(d) : undefined));
  if (resealed) log(`sealed ${resealed} dead letter(s) of formats that may carry patient data, stored in clear by an older version`);
  const every = parseDuration(loaded.config.pipeline.checkpointEvery, 'pipeline.checkpointEvery');
  const timer = setInterval(() => {
    detection.checkpoint().catch((err: Error) => log(`checkpoint failed: ${err.message}`));
  }, every);
  // Copy the WAL into the database between bursts, so commits rarely pay for it.
  const walTimer = setInterval(() => {
    try {
      store.checkpointWal();
    } catch (err) {
      log(`WAL checkpoint failed: ${(err as Error).message}`);
    }
  }, 5_000);
  walTimer.unref();
  timer.unref();
  const retain = () => {
    try {
      // Each data class past its retention (privacy.retention); the report is audited.
      const report = purge(store.db, retentionDays(loaded.config.privacy.retention, loaded.config.store.retentionDays));
      const gone = report.classes.filter((c) => c.count > 0);
      if (gone.length) {
        store.audit({ time: report.at, actor: 'system:retention', action: 'purge', detail: { ...report } });
        log(`retention: purged ${gone.map((c) => `${c.count} ${c.class}`).join(', ')}`);
      }
      store.pruneBatchKeys(Date.now() - parseDuration(loaded.config.store.ingestKeyTtl, 'store.ingestKeyTtl'));
    } catch (err) {
      log(`retention failed: ${(err as Error).message}`);
    }
  };
  const retention = setInterval(retain, parseDuration(loaded.config.privacy.retention.every, 'privacy.retention.every'));
  retention.unref();
  telemetry.gauge('wardwatch_store_last_seq', 'Sequence number of the newest stored event.', () => store.lastSeq());
  const health = new HealthMonitor({
    telemetry,
    storeHealth: () => ingestor.storeHealth(),
    admission: () => ingestor.admission(),
    backlog: () => ingestor.backlog,
    limit: loaded.config.pipeline.queueEvents,
    detection,
  });
  telemetry.gauge('wardwatch_health_status', 'Overall health: 0 ok, 1 degraded, 2 failing (see /api/health/details).',
    () => ({ ok: 0, degraded: 1, failing: 2 })[health.report().status]);
  telemetry.gauge('wardwatch_store_consecutive_write_failures', 'Store batches failed since the last committed one (above 0: the store is failing now).',
    () => ingestor.storeHealth().consecutiveFailures);
  let closed = false;
  return {
    loaded, dataDir, store, context, telemetry, detection, ingestor, health, devices,
    onAlerts(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      clearInterval(retention);
      clearInterval(walTimer);
      health.close();
      await ingestor.close();
      devices.close();
      await detection.stop();
      await writer.close();
      await Promise.all(sinks.map((s) => s.close()));
      context.close();
      store.close();
    },
  };
}
