import { setTimeout as sleep } from 'node:timers/promises';
import { WardError, errorMessage } from '../core/errors.js';
import type { DayBatch, Item, Output } from './output.js';
import { streamDef, type StreamId } from './streams.js';

export interface LiveOptions {
  /** Server base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  token: string;
  /** Most events per second (default: unlimited). */
  rate?: number;
  /** Replay simulated time this many times faster than real time (default: as fast as allowed). */
  speedup?: number;
  /** Records per request (default 500). */
  batch?: number;
  log?: (msg: string) => void;
  fetchImpl?: typeof fetch;
}

interface Send {
  /** The `format` query parameter (a registered parser). */
  format: string;
  /** How a record becomes a body line. */
  line?: (l: string) => string;
  contentType?: string;
  /** One request per record (whole e-mail messages). */
  perRecord?: boolean;
  /** Send the stream's header lines (CSV header, Zeek `#fields`) at the top of every body, so each request reads on its own. */
  header?: boolean;
}

/**
 * How each stream is sent: every stream the simulator writes goes live, so each attack it plants
 * can be seen on a running server (the EHR CSV and HL7 need the parser settings of the dataset
 * manifest in the server's config: `parsers.ehr-csv`, `parsers.hl7v2`).
 */
const SEND: Record<StreamId, Send> = {
  auth: { format: 'syslog', contentType: 'text/plain' },
  windows: { format: 'json' },
  vpn: { format: 'json' },
  'zeek-conn': { format: 'zeek', contentType: 'text/plain', header: true },
  'zeek-dns': { format: 'zeek', contentType: 'text/plain', header: true },
  'zeek-http': { format: 'zeek', contentType: 'text/plain', header: true },
  'zeek-smb-files': { format: 'zeek', contentType: 'text/plain', header: true },
  hl7: { format: 'hl7v2', contentType: 'application/hl7-v2' },
  fhir: { format: 'fhir-audit' },
  ehr: { format: 'ehr-csv', contentType: 'text/plain', header: true },
  telemetry: { format: 'json', line: telemetryToEcs },
  mail: { format: 'email', contentType: 'message/rfc822', perRecord: true },
};

/**
 * An MQTT telemetry line as an ECS metric event with `device.*` (for the `json` parser).
 *
 * @example
 * JSON.parse(telemetryToEcs('{"ts":"2026-01-05T00:00:00.000Z","device":{"id":"D1","type":"infusion_pump"},"metrics":{"x":1}}')).device.metrics.x // 1
 */
export function telemetryToEcs(line: string): string {
  const m = JSON.parse(line) as { ts: string; topic?: string; device: Record<string, unknown>; metrics: Record<string, number>; event?: string };
  const d = m.device;
  return JSON.stringify({
    '@timestamp': m.ts,
    event: { kind: 'metric', category: ['host'], module: 'iomt', dataset: 'device.telemetry', ...(m.event ? { action: m.event } : {}) },
    device: {
      id: d.id, type: d.type, manufacturer: d.manufacturer, model: { name: d.model }, serial_number: d.serial,
      firmware_version: d.firmware, criticality: d.criticality, location: { unit: d.unit }, metrics: m.metrics,
    },
    host: { name: d.id, ...(typeof d.ip === 'string' ? { ip: [d.ip] } : {}) },
    ...(m.topic ? { labels: { mqtt_topic: m.topic } } : {}),
  });
}

/**
 * Streams each generated day to a running server's `POST /api/ingest`, paced by `--rate`
 * and `--speedup`, honouring `429`/`503` with `Retry-After`. A stream whose parser the server
 * does not know (400) is dropped with one warning; the others go on.
 */
export class LiveOutput implements Output {
  sent = 0;
  accepted = 0;
  private readonly disabled = new Set<StreamId>();
  private wallStart = 0;
  private simStart = 0;
  private lastSend = 0;
  private dayStart = 0;
  private readonly fetch: typeof fetch;

  constructor(private readonly o: LiveOptions) {
    this.fetch = o.fetchImpl ?? fetch;
  }

  async writeDay(_day: number, dayStart: number, batch: DayBatch): Promise<void> {
    this.dayStart = dayStart;
    const items: Array<Item & { s: StreamId }> = [];
    for (const [s, list] of batch) {
      if (this.disabled.has(s)) continue;
      for (const it of list) items.push({ ...it, s });
    }
    items.sort((a, b) => a.t - b.t);
    const size = this.o.batch ?? Math.max(1, Math.min(500, this.o.rate ? Math.ceil(this.o.rate / 5) : 500));
    for (let i = 0; i < items.length; i += size) {
      const chunk = items.slice(i, i + size);
      await this.pace(chunk[0]!.t, chunk.length);
      const groups = new Map<StreamId, string[]>();
      for (const it of chunk) {
        if (this.disabled.has(it.s)) continue;
        const how = SEND[it.s];
        let list = groups.get(it.s);
        if (!list) groups.set(it.s, (list = []));
        list.push(how.line ? how.line(it.line) : it.line);
      }
      for (const [s, lines] of groups) {
        if (SEND[s].perRecord) for (const l of lines) await this.post(s, [l]);
        else await this.post(s, lines);
      }
    }
  }

  private async pace(t: number, n: number): Promise<void> {
    const now = Date.now();
    if (this.wallStart === 0) {
      this.wallStart = now;
      this.simStart = t;
    }
    let due = now;
    if (this.o.speedup) due = Math.max(due, this.wallStart + (t - this.simStart) / this.o.speedup);
    if (this.o.rate) due = Math.max(due, this.lastSend + (n / this.o.rate) * 1000);
    if (due > now) await sleep(due - now);
    this.lastSend = Math.max(Date.now(), due);
  }

  private async post(s: StreamId, lines: string[]): Promise<void> {
    const how = SEND[s];
    const head = how.header ? streamDef(s).header?.(this.dayStart) ?? [] : [];
    const body = how.perRecord ? lines[0]! : `${[...head, ...lines].join('\n')}\n`;
    const url = `${this.o.url.replace(/\/$/, '')}/api/ingest?format=${encodeURIComponent(how.format)}&source=simulate-${s}`;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.o.token}`, 'content-type': how.contentType ?? 'application/x-ndjson' },
          body,
        });
      } catch (err) {
        if (attempt >= 5) throw new WardError('ingest.unavailable', `cannot reach the server: ${errorMessage(err)}`, '--to');
        await sleep(1000 * (attempt + 1));
        continue;
      }
      if (res.status === 202) {
        const body = (await res.json().catch(() => ({}))) as { events?: number };
        this.sent += lines.length;
        this.accepted += body.events ?? 0;
        return;
      }
      const text = await res.text().catch(() => '');
      if (res.status === 429 || res.status === 503) {
        if (attempt >= 120) throw new WardError('ingest.busy', `server still busy after ${attempt} retries`, '--to');
        const after = Number(res.headers.get('retry-after') ?? '1');
        await sleep((Number.isFinite(after) && after > 0 ? after : 1) * 1000);
        continue;
      }
      if (res.status === 401) throw new WardError('auth.unauthorized', 'the server refused the token', '--token');
      if (res.status === 400) {
        this.disabled.add(s);
        this.o.log?.(`stream ${s} not sent: the server does not accept format "${how.format}" (${text.slice(0, 200)})`);
        return;
      }
      throw new WardError('ingest.unavailable', `server answered ${res.status}: ${text.slice(0, 200)}`, '--to');
    }
  }

  async close(): Promise<void> {}
}
