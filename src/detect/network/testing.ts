import type { WardEvent } from '../../core/event.js';
import { newEventId } from '../../core/ids.js';

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const T0 = Date.parse('2026-01-05T00:00:00Z');

/** A finished connection as the Zeek parser emits it (for network-detector tests). */
export function conn(t: number, src: string, dst: string, dport: number, o: { service?: string; up?: number; down?: number; failed?: boolean; dicom?: Record<string, string> } = {}): WardEvent {
  const e: WardEvent = {
    '@timestamp': new Date(t).toISOString(),
    event: { id: newEventId(t), kind: 'event', category: ['network'], type: ['connection', 'end'], action: 'connection', outcome: o.failed ? 'failure' : 'success', module: 'zeek', dataset: 'zeek.conn' },
    source: { ip: src, port: 50_000, bytes: o.up ?? 500 },
    destination: { ip: dst, port: dport, bytes: o.down ?? 800 },
    network: { transport: 'tcp', ...(o.service ? { protocol: o.service } : {}) },
  };
  if (o.dicom) e.dicom = o.dicom;
  return e;
}

/** A DNS query as the Zeek parser emits it. */
export function dnsQuery(t: number, src: string, name: string, type = 'A'): WardEvent {
  return {
    '@timestamp': new Date(t).toISOString(),
    event: { id: newEventId(t), kind: 'event', category: ['network'], type: ['protocol', 'info'], action: 'dns_query', module: 'zeek', dataset: 'zeek.dns' },
    source: { ip: src }, destination: { ip: '10.10.0.10', port: 53 },
    dns: { question: { name, type } },
  };
}

/** A device-telemetry event (metrics, or a change event with `action`). */
export function telemetry(t: number, id: string, type: string, ip: string, metrics?: Record<string, number>, action?: string): WardEvent {
  return {
    '@timestamp': new Date(t).toISOString(),
    event: { id: newEventId(t), kind: metrics ? 'metric' : 'state', category: ['host'], type: ['info'], action: action ?? 'device_telemetry', module: 'device-telemetry', dataset: 'device.telemetry' },
    device: { id, type, ...(metrics ? { metrics } : {}) },
    host: { ip: [ip] },
  };
}

/** A Zeek smb_files.log record (unmapped stream: fields under `raw`). */
export function smbFile(t: number, src: string, dst: string, action: string, name: string, prev?: string): WardEvent {
  return {
    '@timestamp': new Date(t).toISOString(),
    event: { id: newEventId(t), kind: 'event', category: ['network'], type: ['info'], module: 'zeek', dataset: 'zeek.smb_files' },
    source: { ip: src }, destination: { ip: dst, port: 445 },
    raw: { action, name, prev_name: prev ?? '-' },
  };
}

export { runDetector as run } from '../testing.js';
