import { describe, expect, it } from 'vitest';
import type { Admission, ListenerState, Source } from '../core/components.js';
import { HealthMonitor, type HealthInputs } from './health.js';
import type { StoreWriteHealth } from './ingestor.js';
import { Telemetry } from './telemetry.js';

function setup() {
  const telemetry = new Telemetry();
  const state = {
    store: { lastOkAt: '2026-01-01T00:00:00Z', lastError: undefined, consecutiveFailures: 0, failuresTotal: 0 } as StoreWriteHealth,
    admission: 'ok' as Admission,
    detection: { inflight: 0, shardCount: 2, replayedAtStart: 7, failure: undefined as string | undefined },
  };
  const inputs: HealthInputs = {
    telemetry,
    storeHealth: () => state.store,
    admission: () => state.admission,
    backlog: () => 0,
    limit: 1000,
    detection: state.detection,
  };
  const monitor = new HealthMonitor(inputs);
  return { telemetry, state, monitor };
}

const source = (listeners: ListenerState[]): Source => ({ start: async () => {}, stop: async () => {}, describe: () => 'x', listeners: () => listeners });
const now = new Date().toISOString();

describe('HealthMonitor', () => {
  it('is ok when nothing is wrong, and reports replay and shards', () => {
    const { monitor } = setup();
    const r = monitor.report();
    expect(r.status).toBe('ok');
    expect(r.detectors).toMatchObject({ shards: 2, replayedAtStart: 7 });
    monitor.close();
  });

  it('fails on store write failures, detection failure or shutdown; degrades on lag, busy, listeners, drops', () => {
    const { monitor, state } = setup();
    state.store = { ...state.store, consecutiveFailures: 2, lastError: { message: 'database or disk is full', at: now } };
    expect(monitor.report()).toMatchObject({ status: 'failing', checks: { store: { status: 'failing' }, ingest: { status: 'failing' } } });
    state.store = { ...state.store, consecutiveFailures: 0 };
    expect(monitor.report().status).toBe('ok');

    state.detection.failure = 'detector worker 1 crashed: boom';
    expect(monitor.report()).toMatchObject({ status: 'failing', checks: { detectors: { status: 'failing' } }, detectors: { failure: expect.stringContaining('crashed') } });
    state.detection.failure = undefined;

    state.detection.inflight = 600;
    expect(monitor.report()).toMatchObject({ status: 'degraded', checks: { detectors: { status: 'degraded', reason: '600 events waiting for the detectors' } } });
    state.detection.inflight = 0;

    state.admission = 'busy';
    expect(monitor.report().checks.ingest.status).toBe('degraded');
    state.admission = 'closed';
    expect(monitor.report().status).toBe('failing');
    state.admission = 'ok';

    monitor.addSource('syslog', 'syslog', source([{ endpoint: 'udp://0.0.0.0:514', state: 'listening', since: now }, { endpoint: 'tcp://0.0.0.0:514', state: 'failed', error: 'EADDRINUSE', since: now }]));
    expect(monitor.report()).toMatchObject({ status: 'degraded', checks: { sources: { status: 'degraded', reason: 'not listening or not connected: syslog' } } });
    expect(monitor.report().sources[0]!.listeners[1]).toMatchObject({ state: 'failed', error: 'EADDRINUSE' });
    monitor.close();
  });

  it('counts drops since start and degrades while any happened in the window', () => {
    const { monitor, telemetry } = setup();
    expect(monitor.report().checks.drops.status).toBe('ok');
    telemetry.component('source', 'syslog').dropped('kernel', 42);
    telemetry.component('source', 'http').dropped('backpressure', 3);
    const r = monitor.report();
    expect(r.checks.drops).toMatchObject({ status: 'degraded' });
    expect(r.drops).toMatchObject({ total: 45, recent: 45 });
    expect(r.drops.byComponent).toContainEqual({ kind: 'source', name: 'syslog', reason: 'kernel', count: 42 });
    monitor.close();
  });
});
