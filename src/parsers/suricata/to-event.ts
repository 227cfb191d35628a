import type { Endpoint, NetworkFields } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';
import { num, obj, str } from './fields.js';
import { mapAlert } from './map-alert.js';
import { mapFlow } from './map-flow.js';
import { mapDns, mapFileinfo, mapHttp, mapTls } from './map-protocols.js';

type Rec = Record<string, unknown>;

const PROTOCOL_MAPPERS: Record<string, (r: Rec, ev: DraftEvent) => void> = { http: mapHttp, dns: mapDns, tls: mapTls, fileinfo: mapFileinfo };

function endpoint(r: Rec, ipKey: string, portKey: string): Endpoint | undefined {
  const ip = str(r, ipKey);
  const port = num(r, portKey);
  if (ip === undefined && port === undefined) return undefined;
  return { ...(ip !== undefined ? { ip } : {}), ...(port !== undefined ? { port } : {}) };
}

/**
 * The ECS event of one EVE record: the shared header (`source`/`destination` from
 * `src_ip`/`dest_ip`…, `network.transport` from `proto`, `network.protocol` from `app_proto`,
 * `network.community_id`, `network.vlan.id`, `observer.*` from `host`/`in_iface`), then the
 * event type's mapping (`alert`, `flow`, `dns`, `http`, `tls`, `fileinfo`, `anomaly`); other types
 * (smtp, ssh, stats…) keep the header, `event.action` = the type. Alerts and fileinfo also map
 * the protocol objects logged with them (`http`, `tls`, `dns`, `flow`). The record stays under `raw`.
 *
 * @example
 * eveToEvent({ event_type: 'alert', src_ip: '10.0.0.1', alert: { signature_id: 1 } }, '2026-01-05T10:00:00.000Z')
 */
export function eveToEvent(r: Rec, type: string, timestamp: string): DraftEvent {
  const ev: DraftEvent = {
    '@timestamp': timestamp,
    event: { kind: 'event', module: 'suricata', dataset: `suricata.eve.${type}`, category: ['network'], type: ['info'], action: type },
    observer: { vendor: 'OISF', product: 'Suricata', type: 'ids' },
  };
  const source = endpoint(r, 'src_ip', 'src_port');
  const destination = endpoint(r, 'dest_ip', 'dest_port');
  if (source !== undefined) ev.source = source;
  if (destination !== undefined) ev.destination = destination;
  const ips = [source?.ip, destination?.ip].filter((x): x is string => x !== undefined);
  if (ips.length > 0) ev.related = { ip: ips[0] === ips[1] ? [ips[0]!] : ips };
  const net: NetworkFields = {};
  const proto = str(r, 'proto');
  if (proto !== undefined) net.transport = proto.toLowerCase();
  const app = str(r, 'app_proto');
  if (app !== undefined && app !== 'failed') net.protocol = app.toLowerCase();
  const cid = str(r, 'community_id');
  if (cid !== undefined) net.community_id = cid;
  if (Array.isArray(r.vlan) && typeof r.vlan[0] === 'number') net.vlan = { id: String(r.vlan[0]) };
  if (Object.keys(net).length > 0) ev.network = net;
  const observer = ev.observer as Record<string, unknown>;
  const host = str(r, 'host');
  if (host !== undefined) observer.hostname = host;
  const iface = str(r, 'in_iface');
  if (iface !== undefined) observer.ingress = { interface: { name: iface } };

  // Alerts and fileinfo carry the transaction they came from (http, tls, dns): map it first, so
  // the record's own type decides event.category/type/action last.
  if (type === 'alert' || type === 'fileinfo') {
    for (const [key, map] of Object.entries(PROTOCOL_MAPPERS)) {
      const sub = key === type ? undefined : obj(r[key]);
      if (sub !== undefined) map(sub, ev);
    }
  }
  const own = PROTOCOL_MAPPERS[type];
  const ownObject = own === undefined ? undefined : obj(r[type]);
  if (own !== undefined && ownObject !== undefined) own(ownObject, ev);
  const flow = obj(r.flow);
  if (flow !== undefined) mapFlow(flow, ev, type === 'flow');
  if (type === 'alert') {
    const alert = obj(r.alert);
    if (alert !== undefined) mapAlert(alert, ev);
    // The protocol mappers' outcome describes the transaction, not the alert.
    delete ev.event.outcome;
  } else if (type === 'anomaly') {
    const a = obj(r.anomaly);
    const name = a === undefined ? undefined : str(a, 'event');
    if (name !== undefined) {
      ev.event.action = name;
      ev.message = `${a !== undefined ? (str(a, 'type') ?? 'anomaly') : 'anomaly'}: ${name}`;
    }
  }
  ev.raw = r;
  return ev;
}
