import type { EventFields } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';
import { setOwn } from '../common/own-property.js';
import type { ZoneResolver } from '../common/zone.js';
import type { CefRecord } from './cef-line.js';
import { CEF_KEYS, CEF_LONG_NAMES, CUSTOM_KEYS } from './cef-keys.js';
import { parseDeviceTime } from './device-time.js';
import { place } from './ecs-builder.js';

const SEVERITY_WORDS: Record<string, number> = { low: 3, medium: 6, high: 8, 'very-high': 10, 'very high': 10, unknown: 0 };

/** CEF `outcome` words → ECS. */
function outcome(v: string): EventFields['outcome'] {
  const s = v.toLowerCase();
  if (s === 'success' || s === '/success' || s === 'allowed' || s === 'allow') return 'success';
  if (s === 'failure' || s === '/failure' || s === 'fail' || s === 'failed' || s === 'denied' || s === 'blocked') return 'failure';
  return 'unknown';
}

/** `url.scheme`/`domain`/`port`/`path`/`query` of `request` (absolute URL or path). */
function splitUrl(original: string, url: Record<string, unknown>): void {
  let rest = original;
  const scheme = original.indexOf('://');
  if (scheme > 0 && scheme < 10) {
    url.scheme = original.slice(0, scheme).toLowerCase();
    let slash = original.indexOf('/', scheme + 3);
    if (slash < 0) slash = original.length;
    const authority = original.slice(scheme + 3, slash);
    const at = authority.lastIndexOf('@');
    const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
    const colon = hostPort.lastIndexOf(':');
    const port = colon > 0 && hostPort.indexOf(']') < colon ? Number(hostPort.slice(colon + 1)) : Number.NaN;
    if (Number.isInteger(port) && port > 0 && port <= 65535) {
      url.domain = hostPort.slice(0, colon).replace('[', '').replace(']', '');
      url.port = port;
    } else if (hostPort.length > 0) {
      url.domain = hostPort.replace('[', '').replace(']', '');
    }
    rest = original.slice(slash);
  } else if (original.charCodeAt(0) !== 47) {
    return;
  }
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  if (path.length > 0) url.path = path;
  if (q >= 0) url.query = rest.slice(q + 1);
}

/**
 * Where the event time came from: a CEF/LEEF time field, the syslog header, or the receive time.
 *
 * @example
 * const t: TimeContext = { toUtc: (l) => l, referenceMs: 0, fallbackMs: 0 };
 */
export interface TimeContext {
  toUtc: ZoneResolver;
  referenceMs: number;
  /** The syslog header's time, else the receive time. */
  fallbackMs: number;
}

/**
 * The ECS event of a CEF record: header → `observer.vendor`/`product`/`version`, `event.code` and
 * `rule.id` (Signature ID), `rule.name` (Name, also `message` unless `msg` is set), `event.severity`
 * (0–10, or Low/Medium/High/Very-High as 3/6/8/10); extension keys via {@link CEF_KEYS};
 * `csN`/`cnN`… with their `…Label` → `labels`; `request` → `url.original` split into scheme/domain/port/path/query; `outcome` → `event.outcome`; `rt` (else the syslog
 * time, else receive time) → `@timestamp`, `start`/`end` → `event.start`/`end`. A time field
 * that cannot be read is left in `raw` and tagged `cef_time_unparsed`.
 *
 * @example
 * cefToEvent(parseCef(line, 4), { toUtc: (l) => l, referenceMs: 0, fallbackMs: 0 }, iso)
 */
export function cefToEvent(c: CefRecord, time: TimeContext, iso: (ms: number) => string): DraftEvent {
  const ev: DraftEvent = { '@timestamp': '', event: { kind: 'event', module: 'cef', dataset: 'cef' } };
  const observer: Record<string, string> = {};
  if (c.vendor) observer.vendor = c.vendor;
  if (c.product) observer.product = c.product;
  if (c.deviceVersion) observer.version = c.deviceVersion;
  ev.observer = observer;
  if (c.signatureId) {
    ev.event.code = c.signatureId;
    ev.rule = { id: c.signatureId, ...(c.name ? { name: c.name } : {}) };
  } else if (c.name) ev.rule = { name: c.name };
  if (c.name) ev.message = c.name;
  const sevText = c.severity.trim();
  const sev = sevText.length > 0 && Number.isFinite(Number(sevText)) ? Number(sevText) : SEVERITY_WORDS[sevText.toLowerCase()];
  if (sev !== undefined) ev.event.severity = sev;

  const ext = c.extension;
  const labels: Record<string, string> = {};
  const tags: string[] = [];
  let timeMs: number | undefined;
  for (const rawKey of Object.keys(ext)) {
    const value = ext[rawKey]!;
    const key = CEF_LONG_NAMES[rawKey] ?? rawKey;
    const target = CEF_KEYS[key];
    if (target !== undefined) {
      place(ev, target, value);
    } else if (CUSTOM_KEYS.has(key)) {
      const label = ext[`${rawKey}Label`] ?? ext[`${key}Label`];
      setOwn(labels, label !== undefined && label.length > 0 ? label : key, value);
    } else if (key === 'outcome') {
      ev.event.outcome = outcome(value);
    } else if (key === 'rt' || key === 'start' || key === 'end') {
      const ms = parseDeviceTime(value, time.toUtc, time.referenceMs);
      if (ms === undefined) {
        if (!tags.includes('cef_time_unparsed')) tags.push('cef_time_unparsed');
      } else if (key === 'rt') timeMs = ms;
      else ev.event[key] = iso(ms);
    }
  }
  const url = ev.url as Record<string, unknown> | undefined;
  if (typeof url?.original === 'string') splitUrl(url.original, url);
  if (Object.keys(labels).length > 0) ev.labels = labels;
  if (tags.length > 0) ev.tags = tags;
  if (ev.source !== undefined || ev.destination !== undefined) ev.event.category = ['network'];
  ev['@timestamp'] = iso(timeMs ?? time.fallbackMs);
  ev.raw = {
    cef: { version: c.version, device_vendor: c.vendor, device_product: c.product, device_version: c.deviceVersion, signature_id: c.signatureId, name: c.name, severity: c.severity },
    extension: ext,
  };
  return ev;
}
