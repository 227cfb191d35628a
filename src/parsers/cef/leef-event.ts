import type { DraftEvent } from '../common/draft-event.js';
import type { TimeContext } from './cef-event.js';
import { parseDeviceTime } from './device-time.js';
import { place, type Target } from './ecs-builder.js';
import type { LeefRecord } from './leef-line.js';

/** LEEF predefined attributes (IBM QRadar LEEF guide) → ECS. Others stay under `raw.attributes`. */
const LEEF_KEYS: Readonly<Record<string, Target>> = {
  src: ['source.ip', 'ip'],
  dst: ['destination.ip', 'ip'],
  srcPort: ['source.port', 'number'],
  dstPort: ['destination.port', 'number'],
  srcMAC: ['source.mac', 'mac'],
  dstMAC: ['destination.mac', 'mac'],
  srcPostNAT: ['source.nat.ip', 'ip'],
  dstPostNAT: ['destination.nat.ip', 'ip'],
  srcPostNATPort: ['source.nat.port', 'number'],
  dstPostNATPort: ['destination.nat.port', 'number'],
  proto: ['network.transport', 'lower'],
  usrName: ['user.name', 'string'],
  accountName: ['user.name', 'string'],
  domain: ['user.domain', 'string'],
  identHostName: ['host.name', 'string'],
  identSrc: ['host.ip', 'string'],
  srcBytes: ['source.bytes', 'number'],
  dstBytes: ['destination.bytes', 'number'],
  totalBytes: ['network.bytes', 'number'],
  srcPackets: ['source.packets', 'number'],
  dstPackets: ['destination.packets', 'number'],
  totalPackets: ['network.packets', 'number'],
  sev: ['event.severity', 'number'],
  url: ['url.original', 'string'],
  policy: ['rule.name', 'string'],
  action: ['event.action', 'string'],
  msg: ['message', 'string'],
  resource: ['file.path', 'string'],
  userAgent: ['user_agent.original', 'string'],
  method: ['http.request.method', 'string'],
};

/**
 * The ECS event of a LEEF record: `observer.vendor`/`product`/`version`, `event.code` = EventID,
 * predefined attributes via the table above, `devTime` (with `devTimeFormat` when it is the
 * `MMM dd yyyy HH:mm:ss` family; else epoch ms or ISO 8601) → `@timestamp`, falling back to the
 * syslog header's time and then the receive time (tag `leef_time_unparsed` when `devTime` is
 * unreadable).
 *
 * @example
 * leefToEvent(parseLeef(line, 5), { toUtc: (l) => l, referenceMs: 0, fallbackMs: 0 }, iso)
 */
export function leefToEvent(l: LeefRecord, time: TimeContext, iso: (ms: number) => string): DraftEvent {
  const ev: DraftEvent = { '@timestamp': '', event: { kind: 'event', module: 'leef', dataset: 'leef' } };
  const observer: Record<string, string> = {};
  if (l.vendor) observer.vendor = l.vendor;
  if (l.product) observer.product = l.product;
  if (l.productVersion) observer.version = l.productVersion;
  ev.observer = observer;
  if (l.eventId) ev.event.code = l.eventId;
  const a = l.attributes;
  for (const key of Object.keys(a)) {
    const target = LEEF_KEYS[key];
    if (target !== undefined) place(ev, target, a[key]!);
  }
  let timeMs: number | undefined;
  const devTime = a.devTime;
  if (devTime !== undefined) {
    timeMs = parseDeviceTime(devTime, time.toUtc, time.referenceMs);
    if (timeMs === undefined) ev.tags = ['leef_time_unparsed'];
  }
  if (ev.source !== undefined || ev.destination !== undefined) ev.event.category = ['network'];
  ev['@timestamp'] = iso(timeMs ?? time.fallbackMs);
  ev.raw = { leef: { version: l.version, vendor: l.vendor, product: l.product, product_version: l.productVersion, event_id: l.eventId }, attributes: a };
  return ev;
}
