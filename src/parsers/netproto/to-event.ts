import type { ParsedEvent } from '../../core/components.js';
import type { DraftEvent } from '../common/draft-event.js';
import { zeekToEvent } from '../zeek/to-event.js';
import type { SensorRecord } from './app/types.js';

type Rec = Record<string, unknown>;

/** Zeek's log path for records the Zeek mapping already knows (same ECS downstream). */
const ZEEK_PATH: Record<string, string> = { conn: 'conn', dns: 'dns', tls: 'ssl', http: 'http' };

function defined(o: Rec): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * The ECS event of one sensor record. Connections, DNS, TLS and HTTP go through the Zeek
 * mapping (so a flow from a pcap and the same flow from Zeek's conn.log look alike), then get
 * `event.module: network-sensor` and `event.dataset: network-sensor.<type>`; the application
 * records add their own field sets: `dicom.*` (what `rules/healthcare/dicom_*.yml` use), `hl7.*`
 * (MSH only), `mqtt.*`, `dhcp.*`, `tls.client.*`, `dns.*`, `ssdp.*`, `url.*`/`fhir.*`.
 *
 * @example
 * sensorToEvent({ type: 'dicom', dataset: 'dimse', command: 'C-STORE', … }).dicom.command // 'C-STORE'
 */
export function sensorToEvent(r: SensorRecord): ParsedEvent {
  const ts = new Date(Math.round(r.ts * 1000)).toISOString();
  const zr: Rec = { ...r };
  if (r.type === 'tls') {
    zr.server_name = r.server_name;
    zr.version = r.version;
    zr.ja3 = r.ja3_hash;
  }
  if (r.type === 'http') {
    zr.uri = r.uri;
    zr.host = r.host;
    zr.user_agent = r.user_agent;
  }
  const ev: DraftEvent = zeekToEvent(ZEEK_PATH[r.type] ?? r.type, zr, ts);
  ev.event.module = 'network-sensor';
  ev.event.dataset = `network-sensor.${r.type}`;
  const net = (ev.network ??= {}) as Rec;
  net.transport = r.proto;
  const fields = (keys: string[]) => defined(Object.fromEntries(keys.map((k) => [k, r[k]])));
  switch (r.type) {
    case 'conn': {
      const flow = r.flow as Rec;
      ev.flow = { ...flow, history: r.history, conn_state: r.conn_state };
      if (r.vlan !== undefined) net.vlan = { id: String(r.vlan) };
      break;
    }
    case 'dicom': {
      ev.event.category = ['network'];
      ev.event.type = ['protocol'];
      ev.event.dataset = r.dataset === 'dimse' ? 'dicom.dimse' : 'dicom.associate';
      ev.event.module = 'dicom';
      ev.event.action = (r.command as string | undefined) ?? (r.pdu as string | undefined) ?? 'dicom';
      net.protocol = 'dicom';
      ev.dicom = fields(['pdu', 'calling_ae', 'called_ae', 'destination_ae', 'command', 'response', 'direction', 'message_id', 'responding_to', 'sop_class_uid', 'sop_class_name', 'sop_instance_uid', 'move_destination', 'priority', 'status', 'status_name', 'data_bytes', 'result', 'reject_source', 'reject_reason', 'abort_source', 'abort_reason', 'application_context', 'implementation_class_uid', 'implementation_version', 'abstract_syntaxes', 'accepted_contexts']);
      if (r.status_name === 'Failure' || (typeof r.result === 'string' && r.result.startsWith('rejected'))) ev.event.outcome = 'failure';
      else if (r.status_name === 'Success' || r.result === 'accepted') ev.event.outcome = 'success';
      ev.message = `DICOM ${ev.event.action as string} ${String(r.calling_ae ?? '?')} → ${String(r.called_ae ?? '?')}${r.destination_ae !== undefined ? ` (destination ${String(r.destination_ae)})` : ''}`;
      break;
    }
    case 'hl7': {
      ev.event.category = ['network'];
      ev.event.type = ['protocol'];
      ev.event.module = 'hl7';
      ev.event.dataset = 'hl7.mllp';
      ev.event.action = `${String(r.message_type)}${r.trigger_event !== undefined ? `^${String(r.trigger_event)}` : ''}`;
      net.protocol = 'hl7';
      ev.hl7 = fields(['message_type', 'trigger_event', 'sending_application', 'sending_facility', 'receiving_application', 'receiving_facility', 'control_id', 'processing_id', 'version', 'ack_code', 'direction', 'frame_bytes', 'segments_seen']);
      break;
    }
    case 'mqtt': {
      ev.event.category = ['network'];
      ev.event.type = ['protocol'];
      ev.event.action = `mqtt-${String(r.msg_type).toLowerCase()}`;
      net.protocol = 'mqtt';
      ev.mqtt = fields(['msg_type', 'client_id', 'proto_name', 'proto_version', 'username_present', 'password_present', 'clean_session', 'will', 'return_code', 'topic', 'qos', 'retain', 'payload_len', 'topics']);
      break;
    }
    case 'dhcp': {
      ev.event.category = ['network'];
      ev.event.type = ['protocol'];
      ev.event.action = `dhcp-${String(r.msg_type ?? 'message').toLowerCase()}`;
      net.protocol = 'dhcp';
      ev.dhcp = fields(['msg_type', 'trans_id', 'client_mac', 'client_addr', 'assigned_addr', 'requested_addr', 'server_addr', 'lease_time', 'host_name', 'vendor_class', 'client_id', 'param_list', 'client_fqdn']);
      const host: Rec = {};
      if (typeof r.host_name === 'string') host.hostname = r.host_name;
      if (typeof r.client_mac === 'string') host.mac = [r.client_mac.toUpperCase().replaceAll(':', '-')];
      if (typeof (r.assigned_addr ?? r.requested_addr ?? r.client_addr) === 'string') host.ip = [r.assigned_addr ?? r.requested_addr ?? r.client_addr];
      if (Object.keys(host).length > 0) ev.host = host as DraftEvent['host'];
      break;
    }
    case 'tls': {
      const tls = ((ev.tls ??= {}) as Rec);
      tls.client = defined({ server_name: r.server_name, ja3: r.ja3_hash, ja4: r.ja4 });
      if (r.next_protocol !== undefined) tls.next_protocol = r.next_protocol;
      net.protocol = 'tls';
      break;
    }
    case 'mdns': {
      ev.event.category = ['network'];
      ev.event.type = ['protocol'];
      net.protocol = 'mdns';
      ev.dns = defined({ question: r.query !== undefined ? { name: r.query, type: r.qtype_name } : undefined, answers: Array.isArray(r.answers) ? (r.answers as string[]).map((data) => ({ data })) : undefined });
      ev.mdns = fields(['services']);
      break;
    }
    case 'ssdp': {
      ev.event.category = ['network'];
      ev.event.type = ['protocol'];
      net.protocol = 'ssdp';
      ev.ssdp = fields(['method', 'search_target', 'usn', 'server', 'location', 'user_agent']);
      break;
    }
    case 'http': {
      net.protocol = 'http';
      if (r.fhir_resource !== undefined) ev.fhir = fields(['fhir_resource', 'fhir_interaction']);
      if (r.authorization_scheme !== undefined) {
        // The scheme only: the credentials themselves are never copied.
        const http = ((ev.http ??= {}) as Rec);
        const req = ((http.request ??= {}) as Rec);
        req.headers = { authorization: `${String(r.authorization_scheme)} [redacted]` };
      }
      break;
    }
    default:
      break;
  }
  ev.raw = r;
  return ev as ParsedEvent;
}
