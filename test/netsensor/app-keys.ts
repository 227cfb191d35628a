import type { SensorRecord } from '../../src/parsers/netproto/index.js';
import type { TsharkRow } from './compare.js';

const DHCP_TYPES = ['', 'DISCOVER', 'OFFER', 'REQUEST', 'DECLINE', 'ACK', 'NAK', 'RELEASE', 'INFORM'];
const first = (x?: string) => (x ?? '').split(',')[0] ?? '';
const all = (x?: string) => (x ?? '').split(',').filter(Boolean);

/** For each protocol: our keys and tshark's keys for the same facts, one string per message. */
export function appKeys(rows: TsharkRow[], recs: SensorRecord[]): Record<string, { ours: string[]; theirs: string[] }> {
  const of = (t: string) => recs.filter((r) => r.type === t);
  const has = (row: TsharkRow, p: string) => row['frame.protocols'].split(':').includes(p);
  const out: Record<string, { ours: string[]; theirs: string[] }> = {};
  out['dns query+rcode+answer count'] = {
    ours: of('dns').filter((r) => r.rcode !== undefined).map((r) => `${String(r.query)} rcode=${String(r.rcode)} an=${((r.answers as string[] | undefined) ?? []).length}`),
    theirs: rows.filter((r) => has(r, 'dns') && !has(r, 'mdns') && ['1', 'True'].includes(first(r['dns.flags.response']))).map((r) => `${first(r['dns.qry.name'])} rcode=${first(r['dns.flags.rcode'])} an=${first(r['dns.count.answers'])}`),
  };
  out['dhcp mac+host+vendor+type'] = {
    ours: of('dhcp').map((r) => `${String(r.client_mac ?? '')}|${String(r.host_name ?? '')}|${String(r.vendor_class ?? '')}|${DHCP_TYPES.indexOf(String(r.msg_type))}`),
    theirs: rows.filter((r) => has(r, 'dhcp')).map((r) => `${r['dhcp.hw.mac_addr']}|${r['dhcp.option.hostname']}|${r['dhcp.option.vendor_class_id']}|${r['dhcp.option.dhcp']}`),
  };
  out['tls client hello sni+ja3'] = {
    ours: of('tls').map((r) => `${String(r.server_name ?? '')}|${String(r.ja3_hash)}`),
    theirs: rows.filter((r) => all(r['tls.handshake.type']).includes('1')).map((r) => `${first(r['tls.handshake.extensions_server_name'])}|${first(r['tls.handshake.ja3'])}`),
  };
  const mqtt = rows.filter((r) => has(r, 'mqtt'));
  out['mqtt connect client id'] = {
    ours: of('mqtt').filter((r) => r.msg_type === 'CONNECT').map((r) => String(r.client_id)),
    theirs: mqtt.flatMap((r) => all(r['mqtt.clientid'])),
  };
  out['mqtt publish topic'] = {
    ours: of('mqtt').filter((r) => r.msg_type === 'PUBLISH').map((r) => String(r.topic)),
    theirs: mqtt.flatMap((r) => { const types = all(r['mqtt.msgtype']); const topics = all(r['mqtt.topic']); return topics.filter((_, i) => types.filter((t) => t === '3' || t === '8')[i] === '3' || !types.includes('8')); }),
  };
  out['dicom associate-rq called+calling'] = {
    ours: of('dicom').filter((r) => r.pdu === 'A-ASSOCIATE-RQ').map((r) => `${String(r.called_ae)}|${String(r.calling_ae)}`),
    theirs: rows.filter((r) => all(r['dicom.pdu.type']).includes('0x01') || all(r['dicom.pdu.type']).includes('1')).map((r) => `${first(r['dicom.assoc.ae.called']).trim()}|${first(r['dicom.assoc.ae.calling']).trim()}`),
  };
  out['dicom dimse command'] = {
    ours: of('dicom').filter((r) => r.dataset === 'dimse').map((r) => `${String(r.command)}-${r.response === true ? 'RSP' : 'RQ'}`),
    theirs: rows.filter((r) => has(r, 'dicom')).flatMap((r) => [...r['_ws.col.Info'].matchAll(/\b([CN]-[A-Z]+(?:-[A-Z]+)?-(?:RQ|RSP))\b/g)].map((m) => m[1]!)),
  };
  out['hl7 message type'] = {
    ours: of('hl7').map((r) => `${String(r.message_type)}^${String(r.trigger_event ?? '')}`),
    theirs: rows.filter((r) => has(r, 'hl7')).flatMap((r) => { const es = all(r['hl7.event.type']); return all(r['hl7.message.type']).map((m, i) => `${m}^${es[i] ?? ''}`); }),
  };
  for (const k of Object.keys(out)) if (out[k]!.ours.length === 0 && out[k]!.theirs.length === 0) delete out[k];
  return out;
}
