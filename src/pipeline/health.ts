import type { Admission, ListenerState, Source } from '../core/components.js';
import type { StoreWriteHealth } from './ingestor.js';
import type { Telemetry } from './telemetry.js';

/** `ok`: all good. `degraded`: working, but losing or lagging somewhere (HTTP 200). `failing`: cannot store or detect (HTTP 503). */
export type HealthStatus = 'ok' | 'degraded' | 'failing';

/** One check: its status and why (the reason and detail are only shown to signed-in callers). */
export interface HealthCheck {
  status: HealthStatus;
  reason?: string;
}

/** A source as the health report sees it. */
export interface SourceHealth {
  name: string;
  type: string;
  status: HealthStatus;
  listeners: ListenerState[];
}

/** The full report (`/api/health/details`); `/api/health` shows only the statuses. */
export interface HealthReport {
  status: HealthStatus;
  checks: { store: HealthCheck; ingest: HealthCheck; detectors: HealthCheck; sources: HealthCheck; drops: HealthCheck };
  store: StoreWriteHealth;
  ingest: { admission: Admission; backlog: number; limit: number };
  detectors: { inflight: number; limit: number; shards: number; replayedAtStart: number; failure?: string };
  sources: SourceHealth[];
  /** Dropped items per component and reason since start, and how many in the recent window. */
  drops: { total: number; recent: number; windowSeconds: number; byComponent: Array<{ kind: string; name: string; reason: string; count: number }> };
}

/** What the monitor reads; the runtime passes its parts. */
export interface HealthInputs {
  telemetry: Telemetry;
  storeHealth: () => StoreWriteHealth;
  admission: () => Admission;
  backlog: () => number;
  limit: number;
  detection: { inflight: number; shardCount: number; replayedAtStart: number; failure: string | undefined };
}

/** Drops are "recent" within this window; older ones stay in the totals but no longer degrade health. */
const WINDOW_MS = 5 * 60_000;
const SAMPLE_MS = 15_000;
/** Detector lag is reported as degraded from this share of the in-flight limit. */
const LAG_SHARE = 0.5;

const worst = (a: HealthStatus, b: HealthStatus): HealthStatus =>
  a === 'failing' || b === 'failing' ? 'failing' : a === 'degraded' || b === 'degraded' ? 'degraded' : 'ok';

/**
 * Decides whether Wardwatch is healthy from what it actually did: the store's last writes (a full
 * disk makes it `failing`), ingest admission, detector lag and failure, each source's listeners
 * (a failed or reconnecting one makes it `degraded`) and items dropped in the last five minutes
 * (kernel UDP drops included).
 *
 * @example
 * const h = new HealthMonitor(inputs);
 * h.addSource('syslog', 'syslog', src);
 * h.report().status // 'ok' | 'degraded' | 'failing'
 */
export class HealthMonitor {
  private readonly sourcesList: Array<{ name: string; type: string; source: Source }> = [];
  private readonly samples: Array<{ at: number; dropped: number }> = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly inputs: HealthInputs) {
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
    this.sample();
  }

  /** Include a started source's listeners in the report. */
  addSource(name: string, type: string, source: Source): void {
    this.sourcesList.push({ name, type, source });
  }

  /** Stop sampling. */
  close(): void {
    clearInterval(this.timer);
  }

  private droppedTotal(): number {
    let n = 0;
    for (const c of this.inputs.telemetry.snapshot()) for (const v of Object.values(c.dropped)) n += v;
    return n;
  }

  private sample(): number {
    const now = Date.now();
    const dropped = this.droppedTotal();
    this.samples.push({ at: now, dropped });
    while (this.samples.length > 1 && this.samples[1]!.at <= now - WINDOW_MS) this.samples.shift();
    return dropped;
  }

  /** The full report. Reading listeners also refreshes kernel drop counters. */
  report(): HealthReport {
    const sources: SourceHealth[] = this.sourcesList.map(({ name, type, source }) => {
      const listeners = source.listeners?.() ?? [];
      let status: HealthStatus = 'ok';
      for (const l of listeners) {
        if (l.state === 'failed' || l.state === 'connecting' || l.state === 'reconnecting') status = 'degraded';
      }
      return { name, type, status, listeners };
    });
    const dropped = this.sample();
    const recent = dropped - this.samples[0]!.dropped;
    const byComponent = this.inputs.telemetry.snapshot().flatMap((c) =>
      Object.entries(c.dropped).map(([reason, count]) => ({ kind: c.kind, name: c.name, reason, count })));

    const store = this.inputs.storeHealth();
    const storeCheck: HealthCheck = store.consecutiveFailures > 0
      ? { status: 'failing', reason: `the last ${store.consecutiveFailures} write(s) failed` }
      : { status: 'ok' };
    const admission = this.inputs.admission();
    const ingestCheck: HealthCheck = admission === 'closed' ? { status: 'failing', reason: 'shutting down' }
      : admission === 'busy' ? { status: 'degraded', reason: 'pipeline full: senders are paused or answered 429' }
      : storeCheck.status === 'failing' ? { status: 'failing', reason: 'batches are answered 503: the store fails' }
      : { status: 'ok' };
    const d = this.inputs.detection;
    const detectorsCheck: HealthCheck = d.failure ? { status: 'failing', reason: 'detection stopped' }
      : d.inflight >= this.inputs.limit * LAG_SHARE ? { status: 'degraded', reason: `${d.inflight} events waiting for the detectors` }
      : { status: 'ok' };
    const badSources = sources.filter((s) => s.status !== 'ok').map((s) => s.name);
    const sourcesCheck: HealthCheck = badSources.length ? { status: 'degraded', reason: `not listening or not connected: ${badSources.join(', ')}` } : { status: 'ok' };
    const windowSeconds = Math.round(Math.min(WINDOW_MS, Date.now() - this.samples[0]!.at) / 1000);
    const dropsCheck: HealthCheck = recent > 0 ? { status: 'degraded', reason: `${recent} item(s) dropped in the last ${windowSeconds} s` } : { status: 'ok' };
    const checks = { store: storeCheck, ingest: ingestCheck, detectors: detectorsCheck, sources: sourcesCheck, drops: dropsCheck };
    return {
      status: Object.values(checks).reduce<HealthStatus>((s, c) => worst(s, c.status), 'ok'),
      checks,
      store,
      ingest: { admission, backlog: this.inputs.backlog(), limit: this.inputs.limit },
      detectors: { inflight: d.inflight, limit: this.inputs.limit, shards: d.shardCount, replayedAtStart: d.replayedAtStart, ...(d.failure ? { failure: d.failure } : {}) },
      sources,
      drops: { total: dropped, recent, windowSeconds, byComponent },
    };
  }
}
