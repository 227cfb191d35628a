import type { WardEvent } from '../core/event.js';
import { isDeviceAddress, isInternet, normaliseMac } from './net.js';
import type { SelfReport } from './types.js';

/**
 * One thing an event says about one device. Pure data: the inventory folds sightings into
 * device records; nothing here touches the store.
 */
export interface Sighting {
  ip?: string;
  mac?: string;
  time: string;
  hostname?: string;
  vendorClass?: string;
  protocol?: string;
  servedPort?: number;
  peer?: { ip: string; port: number; dir: 'out' | 'in' };
  aeTitle?: string;
  dicomRole?: 'scu-store' | 'scp-store' | 'scu-find' | 'scu-move' | 'scp';
  storeCaller?: string;
  hl7?: string;
  mqttTopic?: string;
  sni?: string;
  userAgent?: string;
  banner?: string;
  report?: SelfReport;
  cleartextPhi?: string;
  tlsPhi?: string;
  smbv1?: boolean;
  defaultUser?: string;
  internetPeer?: string;
}

/** Well-known service ports → protocol, for flows whose protocol the sensor did not name. */
const PORT_PROTOCOL: Record<number, string> = {
  104: 'dicom', 11112: 'dicom', 2762: 'dicom-tls', 2575: 'hl7', 6661: 'hl7', 1883: 'mqtt', 8883: 'mqtt-tls',
  445: 'smb', 139: 'smb', 3389: 'rdp', 22: 'ssh', 23: 'telnet', 21: 'ftp', 80: 'http', 443: 'https', 8080: 'http',
  53: 'dns', 67: 'dhcp', 68: 'dhcp', 123: 'ntp', 161: 'snmp', 162: 'snmp', 9100: 'jetdirect', 631: 'ipp', 515: 'lpd',
  88: 'kerberos', 389: 'ldap', 636: 'ldaps', 3268: 'ldap', 25: 'smtp', 587: 'smtp', 993: 'imaps', 143: 'imap',
  1433: 'mssql', 3306: 'mysql', 5432: 'postgres', 5900: 'vnc', 1900: 'ssdp', 5353: 'mdns', 502: 'modbus', 47808: 'bacnet',
};

/** Protocols that carry patient data and are in clear unless wrapped in TLS. */
const CLEARTEXT_PHI = new Set(['dicom', 'hl7']);
const TLS_PHI = new Set(['dicom-tls', 'hl7-tls']);

/** User names that come with devices and appliances and should never be seen logging in. */
export const DEFAULT_USERS = new Set(['admin', 'administrator', 'root', 'default', 'guest', 'service', 'biomed', 'user', 'support', 'tech', 'operator', 'manager', 'factory', 'maint', 'installer']);

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const s = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' && v !== '-' ? v.trim() : undefined);
const n = (v: unknown): number | undefined => {
  const x = typeof v === 'string' ? Number(v) : v;
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 65536 ? x : undefined;
};
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

/** The application protocol of a flow: the sensor's name, else the server port's well-known one. */
function protocolOf(ev: WardEvent, port: number | undefined): string | undefined {
  const named = s(ev.network?.protocol)?.toLowerCase();
  if (named && named !== 'unknown') {
    if (named === 'ssl' || named === 'tls') return port === 2762 ? 'dicom-tls' : 'tls';
    return named;
  }
  return port !== undefined ? PORT_PROTOCOL[port] : undefined;
}

/**
 * The sightings of one event: each end of a flow that is an internal address (or carries a MAC)
 * is a device; DHCP, DICOM, HL7, MQTT, TLS, HTTP, telemetry and authentication fields add what
 * they say about it. Field names follow ECS where it has one (`source.mac`, `client.mac`,
 * `host.hostname`, `tls.client.server_name`, `user_agent.original`) and `dhcp.*`, `dicom.*`,
 * `mqtt.*` otherwise (see docs/devices.md for the full list).
 *
 * @example
 * sightingsOf({ '@timestamp': t, event: { id: 'e', dataset: 'zeek.conn' }, source: { ip: '10.0.0.5' }, destination: { ip: '10.0.0.9', port: 104 } })
 * // [{ ip: '10.0.0.5', protocol: 'dicom', peer: { ip: '10.0.0.9', port: 104, dir: 'out' }, … }, { ip: '10.0.0.9', servedPort: 104, … }]
 */
export function sightingsOf(ev: WardEvent): Sighting[] {
  const time = ev['@timestamp'];
  const out: Sighting[] = [];
  const src = obj(ev.source) ?? obj(ev.client);
  const dst = obj(ev.destination) ?? obj(ev.server);
  const raw = obj(ev.raw) ?? {};
  const dataset = s(ev.event.dataset) ?? '';
  const srcIp = s(src?.ip);
  const dstIp = s(dst?.ip);
  const dport = n(dst?.port);
  const proto = protocolOf(ev, dport);
  const answered = ev.event.outcome !== 'failure';

  const a: Sighting = { time };
  const b: Sighting = { time };
  if (srcIp) a.ip = srcIp;
  if (dstIp) b.ip = dstIp;
  const smac = normaliseMac(src?.mac ?? obj(ev.client)?.mac);
  const dmac = normaliseMac(dst?.mac ?? obj(ev.server)?.mac);
  if (smac) a.mac = smac;
  if (dmac) b.mac = dmac;
  if (proto) { a.protocol = proto; b.protocol = proto; }
  if (srcIp && dstIp && dport !== undefined) {
    a.peer = { ip: dstIp, port: dport, dir: 'out' };
    b.peer = { ip: srcIp, port: dport, dir: 'in' };
    if (answered && ev.event.category?.includes('network')) b.servedPort = dport;
  }
  if (dstIp && isInternet(dstIp)) a.internetPeer = dstIp;
  if (srcIp && isInternet(srcIp) && answered) b.internetPeer = srcIp;
  if (proto && CLEARTEXT_PHI.has(proto)) { a.cleartextPhi = proto; b.cleartextPhi = proto; }
  if (proto && TLS_PHI.has(proto)) { a.tlsPhi = proto; b.tlsPhi = proto; }

  // DHCP: the client names itself (hostname, vendor class) — Windows DHCP, Zeek dhcp.log, the pcap decoder.
  const dhcp = obj(ev.dhcp) ?? obj(ev.windows_dhcp) ?? (dataset === 'zeek.dhcp' ? raw : undefined);
  if (dhcp || proto === 'dhcp') {
    const d = dhcp ?? {};
    const host = s(d.hostname) ?? s(d.host_name) ?? s(d.client_fqdn) ?? s(ev.host?.hostname) ?? (dataset === 'windows.dhcp' ? s(src?.domain) : undefined);
    if (host) a.hostname = host.toLowerCase();
    const vc = s(d.vendor_class) ?? s(d.vendor_class_id) ?? s(d.client_software);
    if (vc) a.vendorClass = vc;
    const mac = normaliseMac(d.mac ?? d.client_mac) ?? smac;
    if (mac) a.mac = mac;
    const leased = s(d.assigned_addr) ?? s(d.assigned_ip) ?? s(d.client_addr);
    if (leased) a.ip = leased;
    if (!a.ip && srcIp) a.ip = srcIp;
    // A DHCP exchange is client → server: the server end is the DHCP server, not a peer that matters.
    delete a.peer; delete b.peer;
  } else if (s(ev.host?.hostname) && !srcIp && !dstIp) {
    const hip = s(first(ev.host?.ip));
    if (hip) { a.ip = hip; a.hostname = s(ev.host?.hostname)!.toLowerCase(); }
  }

  // DICOM association: calling AE (the SCU, source) and called AE (the SCP, destination).
  const dicom = obj(ev.dicom);
  if (dicom) {
    a.protocol = b.protocol = proto === 'dicom-tls' ? 'dicom-tls' : 'dicom';
    // `calling_ae_title` (ECS-style custom) or `calling_ae` (the pcap sensor's name).
    const calling = s(dicom.calling_ae_title) ?? s(dicom.calling_ae);
    const called = s(dicom.called_ae_title) ?? s(dicom.called_ae);
    if (calling) a.aeTitle = calling;
    if (called) b.aeTitle = called;
    const cmds = [dicom.command, dicom.commands].flat().map((c) => (typeof c === 'string' ? c.toUpperCase() : '')).join(' ');
    if (cmds.includes('C-STORE')) {
      a.dicomRole = 'scu-store';
      b.dicomRole = 'scp-store';
      if (srcIp) b.storeCaller = srcIp;
    } else if (cmds.includes('C-FIND')) { a.dicomRole = 'scu-find'; b.dicomRole = 'scp'; }
    else if (cmds.includes('C-MOVE') || cmds.includes('C-GET')) { a.dicomRole = 'scu-move'; b.dicomRole = 'scp'; }
  }

  // HL7 v2: the sending end and the message type (ORU from analysers and monitor gateways).
  const hl7 = obj(ev.hl7);
  if (hl7) {
    a.protocol = b.protocol = 'hl7';
    const t = s(hl7.message_type);
    if (t) a.hl7 = `${t}-sender`;
    if (t && srcIp) b.storeCaller = srcIp;
  }

  const mqtt = obj(ev.mqtt);
  const topic = s(mqtt?.topic) ?? s(ev.labels?.mqtt_topic);
  if (topic) { a.mqttTopic = topic; a.protocol ??= 'mqtt'; }

  const sni = s(obj(obj(ev.tls)?.client)?.server_name);
  if (sni) a.sni = sni.toLowerCase();
  const ua = s(obj(ev.user_agent)?.original);
  if (ua) a.userAgent = ua;
  const banner = s(obj(obj(ev.http)?.response)?.server) ?? s(obj(ev.ssdp)?.server) ?? s(obj(ev.upnp)?.server);
  if (banner) (dstIp ? b : a).banner = banner;

  // SMB dialect: SMBv1 ("NT LM 0.12", "SMB1", version 1) on either end.
  const smb = obj(ev.smb);
  const dialect = `${s(smb?.dialect) ?? ''} ${s(smb?.version) ?? ''}`.toUpperCase();
  if (/NT LM 0\.12|SMB1|\bSMBV?1\b|^ ?1(\.0)?$/.test(dialect.trim()) || /NT LM 0\.12/.test(dialect)) { a.smbv1 = true; b.smbv1 = true; }

  // A default account used against a device: the device is the destination (or the host the log came from).
  const user = s(ev.user?.name)?.toLowerCase();
  if (user && DEFAULT_USERS.has(user) && ev.event.category?.includes('authentication') && ev.event.outcome === 'success') {
    if (dstIp) b.defaultUser = user;
    else {
      const hip = s(first(ev.host?.ip));
      if (hip) out.push({ time, ip: hip, defaultUser: user });
    }
  }

  // Device telemetry: the device reports its own identity.
  const dev = ev.device;
  if (dev && (dev.type || dev.manufacturer || dev.model || dev.firmware_version)) {
    const t: Sighting = { time };
    const hip = s(first(ev.host?.ip)) ?? s(dev.ip);
    const hmac = normaliseMac(first(ev.host?.mac) ?? dev.mac);
    if (hip) t.ip = hip;
    if (hmac) t.mac = hmac;
    const report: SelfReport = {};
    if (s(dev.type)) report.type = s(dev.type)!;
    if (s(dev.manufacturer)) report.manufacturer = s(dev.manufacturer)!;
    const model = s(dev.model?.name) ?? s(dev.model?.identifier);
    if (model) report.model = model;
    if (s(dev.firmware_version)) report.firmware = s(dev.firmware_version)!;
    t.report = report;
    if (topic) { t.mqttTopic = topic; t.protocol = 'mqtt'; }
    if (t.ip || t.mac) out.push(t);
  }

  if ((a.ip && isDeviceAddress(a.ip)) || a.mac) out.push(a);
  // An unanswered probe proves nothing lives there: a scan of a /16 must not invent 65 000 devices.
  if ((b.ip && isDeviceAddress(b.ip) && answered) || b.mac) out.push(b);
  return out;
}
