import { isIP } from 'node:net';
import type { ParsedEvent } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { DeviceFields } from '../../core/event.js';
import { setOwn } from '../common/own-property.js';
import type { ZoneResolver } from '../common/zone.js';
import type { DeviceTelemetryConfig } from './config.js';
import { dateAndTime, telemetryTime } from './time.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined);

const CRITICALITY = new Set(['life_critical', 'high', 'medium', 'low']);
const SEVERITY: Record<string, number> = { info: 1, low: 21, medium: 47, warning: 47, high: 73, critical: 99 };
/** Keys of a flat record that are not readings. */
const IDENTITY = new Set(['device_id', 'deviceid', 'device_type', 'devicetype', 'vendor', 'manufacturer', 'model', 'model_id', 'firmware', 'firmware_version', 'serial', 'serial_number',
  'criticality', 'unit', 'room', 'location', 'ip', 'mac', 'timestamp', '@timestamp', 'ts', 'time', 'date', 'status', 'alarm', 'alarms', 'event', 'action', 'schema']);

/** A numeric reading: numbers, numeric strings and booleans (1/0); `undefined` otherwise. */
function reading(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(v)) return Number(v);
  return undefined;
}

/** Everything the record says about the device, from a `device` object or flat keys. */
function identity(src: Obj, flat: boolean): DeviceFields {
  const d: DeviceFields = {};
  const pick = (...keys: string[]) => {
    for (const k of keys) {
      const v = str(src[k]);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const id = flat ? pick('device_id', 'deviceId', 'deviceid') : pick('id', 'device_id');
  const type = flat ? pick('device_type', 'deviceType', 'devicetype') : pick('type', 'device_type');
  const vendor = pick('manufacturer', 'vendor');
  const serial = pick('serial_number', 'serial');
  const firmware = pick('firmware_version', 'firmware');
  if (id) d.id = id;
  if (type) d.type = type;
  if (vendor) d.manufacturer = vendor;
  if (isObj(src.model)) {
    const name = str(src.model.name);
    const ident = str(src.model.identifier ?? src.model.id);
    if (name || ident) d.model = { ...(ident ? { identifier: ident } : {}), ...(name ? { name } : {}) };
  } else {
    const name = pick('model');
    const ident = pick('model_id');
    if (name || ident) d.model = { ...(ident ? { identifier: ident } : {}), ...(name ? { name } : {}) };
  }
  if (serial) d.serial_number = serial;
  if (firmware) d.firmware_version = firmware;
  const crit = pick('criticality');
  if (crit && CRITICALITY.has(crit)) d.criticality = crit as DeviceFields['criticality'];
  const loc = src.location;
  if (isObj(loc)) {
    const unit = str(loc.unit);
    const room = str(loc.room);
    if (unit || room) d.location = { ...(unit ? { unit } : {}), ...(room ? { room } : {}) };
  } else {
    const unit = pick('unit') ?? str(loc);
    const room = pick('room');
    if (unit || room) d.location = { ...(unit ? { unit } : {}), ...(room ? { room } : {}) };
  }
  return d;
}

function alarmsOf(v: unknown, where: string): Array<Record<string, unknown>> {
  const list = Array.isArray(v) ? v : v === undefined || v === null || v === false ? [] : [v];
  return list.map((a, i) => {
    if (typeof a === 'string') return { code: a };
    if (isObj(a)) {
      const out: Record<string, unknown> = {};
      for (const k of ['code', 'severity', 'message', 'priority', 'state']) if (str(a[k]) !== undefined) out[k] = str(a[k]);
      if (typeof a.active === 'boolean') out.active = a.active;
      return out;
    }
    throw new ParseError(`alarm ${i} must be a string or an object with code/severity/message`, where);
  });
}

/**
 * Map one telemetry object (structured or flat; docs/formats/device-telemetry.md) to an event.
 *
 * @example
 * telemetryToEvent({ device: { id: 'PUMP-1', type: 'infusion_pump' }, metrics: { flow_rate_ml_h: 12.5 } }, cfg, (l) => l, Date.now(), undefined, 'mqtt:x')
 */
export function telemetryToEvent(src: Obj, cfg: DeviceTelemetryConfig, toUtc: ZoneResolver, receivedAt: number, topic: string | undefined, where: string): ParsedEvent {
  const flat = !isObj(src.device) && !isObj(src.metrics);
  const device: DeviceFields = identity(isObj(src.device) ? src.device : src, flat);
  // A top-level `location` next to a `device` object that has none.
  if (isObj(src.device) && !device.location && src.location !== undefined) {
    const loc = identity(src, true).location;
    if (loc) device.location = loc;
  }

  // Time.
  const tv = src['@timestamp'] ?? src.timestamp ?? src.ts ?? (src.date === undefined ? src.time : undefined);
  let ms: number | undefined;
  if (tv !== undefined && tv !== null) {
    ms = telemetryTime(tv, toUtc);
    if (ms === undefined) throw new ParseError(`unreadable timestamp ${JSON.stringify(tv).slice(0, 60)}: expected ISO 8601 or epoch s/ms/µs/ns`, where);
  } else if (src.date !== undefined) {
    ms = dateAndTime(src.date, src.time, toUtc);
    if (ms === undefined) throw new ParseError(`unreadable date/time ${JSON.stringify([src.date, src.time]).slice(0, 60)}: expected e.g. "25-Apr-19" and "19:19:40"`, where);
  }

  // Readings.
  const metrics: Record<string, number> = {};
  const state: Record<string, string> = {};
  const labels: Record<string, string> = {};
  let count = 0;
  let dropped = 0;
  const addMetric = (k: string, n: number) => {
    if (count >= cfg.maxMetrics) {
      dropped++;
      return;
    }
    count++;
    setOwn(metrics, k, n);
  };
  if (src.metrics !== undefined) {
    if (!isObj(src.metrics)) throw new ParseError('"metrics" must be an object of name → number', where);
    for (const [k, v] of Object.entries(src.metrics)) {
      const n = reading(v);
      if (n === undefined) throw new ParseError(`metric "${k}" is not a number (${JSON.stringify(v)?.slice(0, 40)})`, where);
      addMetric(k, n);
    }
  }
  if (flat) {
    const labelSet = new Set(cfg.labelFields);
    for (const [rawKey, v] of Object.entries(src)) {
      const k = rawKey.replace(/^\ufeff/, '').trim();
      if (IDENTITY.has(k.toLowerCase())) continue;
      if (labelSet.has(k)) {
        if (str(v) !== undefined) setOwn(labels, k, str(v)!);
        continue;
      }
      const n = reading(v);
      if (n !== undefined) addMetric(k, n);
      else if (typeof v === 'string' && v.trim() !== '') setOwn(state, k, v.trim());
    }
  } else if (isObj(src.state)) {
    for (const [k, v] of Object.entries(src.state)) if (str(v) !== undefined) setOwn(state, k, str(v)!);
  }
  if (!device.id && topic !== undefined && cfg.deviceIdTopicLevel !== undefined) {
    const levels = topic.split('/');
    const lvl = levels.at(cfg.deviceIdTopicLevel);
    if (lvl) device.id = lvl;
  }
  const status = str(src.status ?? (isObj(src.device) ? src.device.status : undefined));
  const alarms = alarmsOf(src.alarms ?? src.alarm, where);
  if (count === 0 && Object.keys(state).length === 0 && !status && alarms.length === 0 && Object.keys(device).length === 0) {
    throw new ParseError('no device telemetry in the record: expected a device (id, type…), metrics, status, alarms or sensor readings', where);
  }
  if (count > 0) device.metrics = metrics;
  if (dropped > 0) device.metrics_dropped = dropped;
  if (Object.keys(state).length > 0) device.state = state;
  if (status) device.status = status;
  if (alarms.length > 0) device.alarms = alarms;

  const action = str(src.event ?? src.action) ?? (alarms.length > 0 ? 'device_alarm' : count > 0 ? 'device_telemetry' : 'device_status');
  const kind = alarms.length > 0 ? 'event' : count > 0 ? 'metric' : 'state';
  const ev: ParsedEvent = {
    '@timestamp': new Date(ms ?? receivedAt).toISOString(),
    event: { kind, category: ['host'], type: ['info'], action, module: 'device-telemetry', dataset: 'device.telemetry' },
    device,
  };
  const sev = alarms.map((a) => SEVERITY[String(a.severity ?? '').toLowerCase()] ?? 0).reduce((a, b) => Math.max(a, b), 0);
  if (sev > 0) ev.event.severity = sev;
  const dev = isObj(src.device) ? src.device : src;
  const ip = str(dev.ip);
  const mac = str(dev.mac);
  if ((ip && isIP(ip)) || mac) ev.host = { ...(ip && isIP(ip) ? { ip: [ip] } : {}), ...(mac ? { mac: [mac] } : {}) };
  if (Object.keys(labels).length > 0) ev.labels = labels;
  if (topic !== undefined) ev.labels = { ...(ev.labels ?? {}), mqtt_topic: topic };
  return ev;
}
