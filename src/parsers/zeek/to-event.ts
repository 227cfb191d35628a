import type { NetworkFields } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';
import { mapConn } from './map-conn.js';
import { mapDns } from './map-dns.js';
import { mapFiles } from './map-files.js';
import { mapHttp } from './map-http.js';
import { mapNotice, mapWeird } from './map-notice.js';
import { mapSsl } from './map-ssl.js';
import { mapX509 } from './map-x509.js';
import { endpoint, str } from './values.js';

type Rec = Record<string, unknown>;

/** Adds the stream-specific ECS fields to an event that already has the common ones. */
type Mapper = (r: Rec, ev: DraftEvent) => void;

const MAPPERS: Record<string, Mapper> = {
  conn: mapConn,
  dns: mapDns,
  http: mapHttp,
  ssl: mapSsl,
  files: mapFiles,
  notice: mapNotice,
  weird: mapWeird,
  x509: mapX509,
};

/**
 * The ECS event of one Zeek record (flat, dotted names as Zeek writes them): the fields every
 * stream shares (`@timestamp`, `event.module`/`dataset`, `source`/`destination` from `id.*`,
 * `zeek.session_id` from `uid`, `network.community_id`, `related.ip`), then the stream's own
 * mapping. Streams without a mapping keep the shared fields, category `network`. The record is
 * kept under `raw`.
 *
 * @example
 * zeekToEvent('conn', { ts: 1632928690.50062, uid: 'C1', 'id.orig_h': '192.168.1.99', proto: 'udp' }, '2021-09-29T15:18:10.500Z')
 * // { '@timestamp': '2021-09-29T15:18:10.500Z', event: { kind: 'event', module: 'zeek', dataset: 'zeek.conn', … }, source: { ip: '192.168.1.99' }, … }
 */
export function zeekToEvent(path: string, r: Rec, timestamp: string): DraftEvent {
  const ev: DraftEvent = { '@timestamp': timestamp, event: { kind: 'event', module: 'zeek', dataset: `zeek.${path}` } };
  const source = endpoint(r, 'id.orig_h', 'id.orig_p');
  const destination = endpoint(r, 'id.resp_h', 'id.resp_p');
  if (source !== undefined) ev.source = source;
  if (destination !== undefined) ev.destination = destination;
  const ips: string[] = [];
  if (source?.ip !== undefined) ips.push(source.ip);
  if (destination?.ip !== undefined && destination.ip !== source?.ip) ips.push(destination.ip);
  if (ips.length > 0) ev.related = { ip: ips };
  const uid = str(r, 'uid');
  if (uid !== undefined) ev.zeek = { session_id: uid };
  const communityId = str(r, 'community_id');
  if (communityId !== undefined) ev.network = { community_id: communityId } satisfies NetworkFields;
  const map = MAPPERS[path];
  if (map !== undefined) map(r, ev);
  else {
    ev.event.category = ['network'];
    ev.event.type = ['info'];
  }
  ev.raw = r;
  return ev;
}

/**
 * The event's `network` object, created on first use.
 *
 * @example
 * network(ev).transport = 'tcp';
 */
export function network(ev: DraftEvent): NetworkFields {
  return (ev.network ??= {}) as NetworkFields;
}
