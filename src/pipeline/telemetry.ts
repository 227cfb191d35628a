import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every component reports the same four numbers: received, emitted, dropped (by reason) and
 * errors. The API renders them for Prometheus at `/metrics`; `wardwatch ingest` prints them.
 *
 * @example
 * const t = telemetry.component('parser', 'syslog');
 * t.received(10); t.emitted(9); t.dropped('unparseable', 1);
 */
export class ComponentTelemetry {
  receivedTotal = 0;
  emittedTotal = 0;
  errorsTotal = 0;
  readonly droppedTotal = new Map<string, number>();

  constructor(readonly kind: string, readonly name: string) {}

  received(n = 1): void { this.receivedTotal += n; }
  emitted(n = 1): void { this.emittedTotal += n; }
  error(n = 1): void { this.errorsTotal += n; }
  dropped(reason: string, n = 1): void {
    this.droppedTotal.set(reason, (this.droppedTotal.get(reason) ?? 0) + n);
  }

  toJSON(): { kind: string; name: string; received: number; emitted: number; errors: number; dropped: Record<string, number> } {
    return {
      kind: this.kind,
      name: this.name,
      received: this.receivedTotal,
      emitted: this.emittedTotal,
      errors: this.errorsTotal,
      dropped: Object.fromEntries(this.droppedTotal),
    };
  }
}

/** Gauges and histograms that are not per component (queue depth, latency). */
export interface Gauge { name: string; help: string; value: () => number }

/**
 * Process, heap, GC and event-loop-lag metrics (prom-client's default collectors). One registry
 * per process: each collector installs observers (GC, event-loop delay) that must not pile up
 * when a process opens several runtimes (tests, benchmarks).
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'wardwatch_', eventLoopMonitoringPrecision: 10 });
  }
  return processRegistry;
}

/** Latency buckets in seconds, from a millisecond to a minute: event→alert and API latencies. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class Telemetry {
  private readonly components = new Map<string, ComponentTelemetry>();
  private readonly gauges: Gauge[] = [];
  /** This runtime's histograms (latencies); rendered after the process metrics. */
  readonly registry = new Registry();
  /** From an event batch reaching the detectors to every shard having processed it. */
  readonly detectionSeconds = new Histogram({
    name: 'wardwatch_detection_batch_seconds',
    help: 'Time from a stored event batch being handed to the detectors until every shard has processed it.',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  /** From an event batch reaching the detectors to the alerts it raised being stored. */
  readonly eventToAlertSeconds = new Histogram({
    name: 'wardwatch_event_to_alert_seconds',
    help: 'Time from a stored event batch being handed to the detectors until the alerts it raised are stored.',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  /** API request latency by method, route pattern (never the raw URL) and status code. */
  readonly httpSeconds = new Histogram({
    name: 'wardwatch_http_request_duration_seconds',
    help: 'API request latency by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  component(kind: string, name: string): ComponentTelemetry {
    const id = `${kind}/${name}`;
    let c = this.components.get(id);
    if (!c) {
      c = new ComponentTelemetry(kind, name);
      this.components.set(id, c);
    }
    return c;
  }

  gauge(name: string, help: string, value: () => number): void {
    this.gauges.push({ name, help, value });
  }

  snapshot(): ReturnType<ComponentTelemetry['toJSON']>[] {
    return [...this.components.values()].map((c) => c.toJSON());
  }

  /**
   * Prometheus text exposition format (version 0.0.4): component counters and gauges, then
   * process/heap/GC/event-loop metrics and latency histograms.
   */
  async prometheus(): Promise<string> {
    const lines: string[] = [];
    const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
    const metric = (name: string, help: string, type: string, rows: Array<[string, number]>) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, v] of rows) lines.push(`${name}${labels} ${v}`);
    };
    const comps = [...this.components.values()];
    const lbl = (c: ComponentTelemetry, extra = '') =>
      `{component_kind="${esc(c.kind)}",component="${esc(c.name)}"${extra}}`;
    metric('wardwatch_component_received_total', 'Items received by the component.', 'counter',
      comps.map((c) => [lbl(c), c.receivedTotal]));
    metric('wardwatch_component_emitted_total', 'Items emitted by the component.', 'counter',
      comps.map((c) => [lbl(c), c.emittedTotal]));
    metric('wardwatch_component_errors_total', 'Errors in the component.', 'counter',
      comps.map((c) => [lbl(c), c.errorsTotal]));
    metric('wardwatch_component_dropped_total', 'Items dropped by the component, by reason.', 'counter',
      comps.flatMap((c) => [...c.droppedTotal].map(([r, n]): [string, number] => [lbl(c, `,reason="${esc(r)}"`), n])));
    for (const g of this.gauges) metric(g.name, g.help, 'gauge', [['', g.value()]]);
    const [proc, own] = await Promise.all([processMetrics().metrics(), this.registry.metrics()]);
    return `${lines.join('\n')}\n${proc}${own}`;
  }
}
