import { Worker } from 'node:worker_threads';
import type { Alert } from '../core/alert.js';
import type { Detector } from '../core/components.js';
import type { WardEvent } from '../core/event.js';
import { errorMessage } from '../core/errors.js';
import { shardOf } from '../core/ids.js';
import { workerUrl } from '../store/sqlite/index.js';
import type { EventWriter, Store, StoredEvent } from '../store/store.js';
import type { ComponentSpec } from './config-loader.js';
import { Shard, buildDetectors, type ShardAlert, type StateRow, type WorkItem } from './shard.js';
import type { FromWorker, ToWorker } from './shard-worker.js';
import type { ComponentTelemetry, Telemetry } from './telemetry.js';

export interface DetectionHostOptions {
  specs: ComponentSpec[];
  /** Read side: persisted state and the events to replay. */
  store: Store;
  /** Write side: alerts and state go through the single writer, in order. */
  writer: EventWriter;
  telemetry: Telemetry;
  dataDir: string;
  /** Worker threads; 0 runs every detector on the calling thread. */
  workers: number;
  /** Called with alerts once they are stored (new ones only). */
  onAlerts?: (alerts: Alert[]) => void;
  /**
   * The suppression covering an alert, if any: the alert is stored closed with `suppressedBy`
   * (nothing is lost) and is not passed to `onAlerts` (no sink, no response).
   */
  suppress?: (alert: Alert) => string | undefined;
  log?: (msg: string) => void;
}

/** A batch in the shards: shards still to answer, its size, and when it was handed over (ms, monotonic). */
interface Pending { remaining: number; size: number; at: number }

/**
 * Runs the stateful detectors, sharded by entity key. The router (this thread) asks each
 * detector whether an event concerns it and for its entity key, then sends the work to the
 * shard that owns the key: a worker thread, or the local shard when `workers` is 0. Each key
 * always lands on the same shard, so per-entity state needs no locks and can later be
 * partitioned across processes the same way.
 *
 * Crash safety: events are stored before they reach the detectors; state is checkpointed with
 * the sequence number it reflects, and {@link start} replays the events stored after it.
 */
export class DetectionHost {
  private readonly router: Detector[];
  private readonly workers: Worker[] = [];
  private local?: Shard;
  private readonly pending = new Map<number, Pending>();
  private inflightEvents = 0;
  /** Indexes of detectors switched off at run time. */
  private readonly disabled = new Set<number>();
  /** Alert batches handed to the writer and not yet stored. */
  private alertWrites = 0;
  private submittedSeq = 0;
  private snapshotId = 0;
  private readonly snapshotWaits = new Map<number, { rows: StateRow[]; remaining: number; resolve: (r: StateRow[]) => void }>();
  private readonly drainWaiters: Array<() => void> = [];
  private readonly capacityWaiters: Array<{ below: number; resolve: () => void }> = [];
  private readonly tele: ComponentTelemetry[];
  private readonly hostTele: ComponentTelemetry;
  private failed?: Error;
  /** Latencies (ms) from ingest to stored alert, for the bench and `/metrics`. */
  readonly alertLatencies: number[] = [];

  constructor(private readonly opts: DetectionHostOptions) {
    this.router = buildDetectors(opts.specs, opts.dataDir);
    this.tele = opts.specs.map((s) => opts.telemetry.component('detector', s.name));
    this.hostTele = opts.telemetry.component('pipeline', 'detection');
    opts.telemetry.gauge('wardwatch_detection_inflight_events', 'Events stored but not yet through the detectors.', () => this.inflightEvents);
  }

  get shardCount(): number {
    return Math.max(1, this.workers.length);
  }

  /**
   * Switch a configured detector off or on at run time (the console's rule switch). A switched-off
   * detector receives no events; its state is kept, so switching it back on resumes it.
   */
  setEnabled(name: string, enabled: boolean): boolean {
    const i = this.opts.specs.findIndex((s) => s.name === name);
    if (i < 0) return false;
    if (enabled) this.disabled.delete(i);
    else this.disabled.add(i);
    return true;
  }

  isEnabled(name: string): boolean {
    const i = this.opts.specs.findIndex((s) => s.name === name);
    return i >= 0 && !this.disabled.has(i);
  }

  get inflight(): number {
    return this.inflightEvents;
  }

  /** Why detection stopped (a crashed worker), if it did. */
  get failure(): string | undefined {
    return this.failed?.message;
  }

  /** Events replayed from the store at start (stored after the last checkpoint). */
  replayedAtStart = 0;

  /** Start shards, restore persisted state and replay events stored after the last checkpoint. */
  async start(): Promise<{ replayed: number }> {
    const { specs, dataDir, store } = this.opts;
    if (this.opts.workers > 0 && specs.length > 0) {
      const script = workerUrl('./shard-worker.js', import.meta.url);
      for (let i = 0; i < this.opts.workers; i++) {
        const w = new Worker(script, { workerData: { specs, dataDir } });
        w.on('message', (m: FromWorker) => this.onMessage(m));
        w.on('error', (err) => this.fail(new Error(`detector worker ${i} crashed: ${errorMessage(err)}`)));
        this.workers.push(w);
      }
    } else {
      this.local = new Shard(specs, dataDir);
    }
    // Restore state, routed to the shard that owns each key.
    const perShard: StateRow[][] = Array.from({ length: this.shardCount }, () => []);
    for (const s of specs) {
      for (const [key, state] of store.loadDetectorState(s.name).states) {
        perShard[shardOf(key, this.shardCount)]!.push({ detector: s.name, key, state });
      }
    }
    perShard.forEach((rows, i) => this.send(i, { t: 'restore', rows }));
    // Replay what was stored but not yet reflected in the checkpointed state.
    let cursor = store.checkpoint();
    this.submittedSeq = cursor;
    let replayed = 0;
    for (;;) {
      const batch = store.eventsAfter(cursor, 5000);
      if (batch.length === 0) break;
      await this.whenBelow(50_000);
      this.submit(batch);
      replayed += batch.length;
      cursor = batch[batch.length - 1]!.seq;
    }
    this.replayedAtStart = replayed;
    if (replayed) this.opts.log?.(`replayed ${replayed} events stored after the last checkpoint`);
    await this.drain();
    return { replayed };
  }

  private send(shard: number, msg: ToWorker): void {
    if (this.local) {
      this.handleLocal(msg);
      return;
    }
    this.workers[shard]!.postMessage(msg);
  }

  private handleLocal(msg: ToWorker): void {
    const shard = this.local!;
    if (msg.t === 'batch') this.onMessage({ t: 'done', seq: msg.seq, count: msg.items.length, alerts: shard.process(msg.items, msg.events) });
    else if (msg.t === 'restore') shard.restore(msg.rows);
    else this.onMessage({ t: 'snapshot', id: msg.id, rows: shard.snapshot() });
  }

  /** Route stored events to their shards. Never blocks; use {@link whenBelow} for back-pressure. */
  submit(batch: StoredEvent[]): void {
    if (batch.length === 0) return;
    if (this.failed) throw this.failed;
    const n = this.shardCount;
    const local = this.local !== undefined;
    const items: WorkItem[][] = Array.from({ length: n }, () => []);
    // Per shard, the events it needs: objects on this thread, JSON for a worker (a string is
    // copied, not structurally cloned, and the JSON was made for the store anyway).
    const events: Array<Array<WardEvent | string>> = Array.from({ length: n }, () => []);
    const slot: number[][] = Array.from({ length: n }, () => []);
    batch.forEach(({ event, doc }, b) => {
      for (let d = 0; d < this.router.length; d++) {
        const det = this.router[d]!;
        if (this.disabled.has(d) || !det.accepts(event)) continue;
        const key = det.key(event);
        if (key === undefined) continue;
        this.tele[d]!.received();
        const s = shardOf(key, n);
        let i = slot[s]![b];
        if (i === undefined) {
          i = events[s]!.push(local ? event : doc ?? JSON.stringify(event)) - 1;
          slot[s]![b] = i;
        }
        items[s]!.push([d, key, i]);
      }
    });
    const seq = batch[batch.length - 1]!.seq;
    this.submittedSeq = seq;
    this.inflightEvents += batch.length;
    this.hostTele.received(batch.length);
    this.pending.set(seq, { remaining: n, size: batch.length, at: performance.now() });
    for (let i = 0; i < n; i++) this.send(i, { t: 'batch', seq, items: items[i]!, events: events[i] as WardEvent[] | string[] });
  }

  private onMessage(m: FromWorker): void {
    if (m.t === 'error') {
      this.fail(new Error(`detector failed: ${m.message}`));
      return;
    }
    if (m.t === 'snapshot') {
      const w = this.snapshotWaits.get(m.id);
      if (!w) return;
      w.rows.push(...m.rows);
      if (--w.remaining === 0) {
        this.snapshotWaits.delete(m.id);
        w.resolve(w.rows);
      }
      return;
    }
    const p = this.pending.get(m.seq);
    if (m.alerts.length) this.storeAlerts(m.alerts, p?.at);
    if (!p) return;
    if (--p.remaining > 0) return;
    this.pending.delete(m.seq);
    this.opts.telemetry.detectionSeconds.observe((performance.now() - p.at) / 1000);
    this.inflightEvents -= p.size;
    this.hostTele.emitted(p.size);
    this.wake();
  }

  /** Store a shard's alerts; `submittedAt` (the batch's hand-over time) feeds the event→alert histogram. */
  private storeAlerts(raw: ShardAlert[], submittedAt?: number): void {
    const now = Date.now();
    const created = new Date(now).toISOString();
    const alerts: Alert[] = raw.map(([d, draft]) => {
      this.tele[d]!.emitted();
      const spec = this.opts.specs[d]!;
      const a: Alert = { ...draft, created, status: 'open', detector: spec.type, rule: spec.name };
      const by = this.opts.suppress?.(a);
      if (by) {
        a.status = 'closed';
        a.suppressedBy = by;
      }
      return a;
    });
    this.alertWrites++;
    this.opts.writer.insertAlerts(alerts).then(
      (added) => {
        if (submittedAt !== undefined) this.opts.telemetry.eventToAlertSeconds.observe((performance.now() - submittedAt) / 1000);
        const live = alerts.filter((a) => !a.suppressedBy);
        if (added > 0 && live.length) this.opts.onAlerts?.(live);
      },
      (err: unknown) => {
        this.hostTele.error();
        this.opts.log?.(`cannot store ${alerts.length} alerts: ${errorMessage(err)}`);
      },
    ).finally(() => {
      this.alertWrites--;
      this.wake();
    });
  }

  private wake(): void {
    for (let i = this.capacityWaiters.length - 1; i >= 0; i--) {
      const w = this.capacityWaiters[i]!;
      if (this.inflightEvents < w.below) {
        this.capacityWaiters.splice(i, 1);
        w.resolve();
      }
    }
    if (this.inflightEvents === 0 && this.alertWrites === 0) for (const r of this.drainWaiters.splice(0)) r();
  }

  private fail(err: Error): void {
    this.failed = err;
    this.opts.log?.(err.message);
    for (const w of this.capacityWaiters.splice(0)) w.resolve();
    for (const r of this.drainWaiters.splice(0)) r();
  }

  /** Resolves once fewer than `n` events are in flight. */
  whenBelow(n: number): Promise<void> {
    if (this.inflightEvents < n || this.failed) return Promise.resolve();
    return new Promise((resolve) => this.capacityWaiters.push({ below: n, resolve }));
  }

  /** Resolves when every submitted event has been through the detectors and their alerts are stored. */
  drain(): Promise<void> {
    if ((this.inflightEvents === 0 && this.alertWrites === 0) || this.failed) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Persist every shard's state with the sequence number it reflects. */
  async checkpoint(): Promise<number> {
    if (this.failed) throw this.failed;
    const seq = this.submittedSeq;
    const id = ++this.snapshotId;
    const rows = await new Promise<StateRow[]>((resolve) => {
      this.snapshotWaits.set(id, { rows: [], remaining: this.shardCount, resolve });
      for (let i = 0; i < this.shardCount; i++) this.send(i, { t: 'snapshot', id });
    });
    await this.opts.writer.saveDetectorStates(seq, this.opts.specs.map((s) => s.name), rows);
    return seq;
  }

  /** Drain, checkpoint and stop the workers. */
  async stop(): Promise<void> {
    await this.drain();
    if (!this.failed) await this.checkpoint();
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
