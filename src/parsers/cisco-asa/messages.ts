import type { DraftEvent } from '../common/draft-event.js';

/** `iface:ip/port` as ASA writes a connection end (IPv6 addresses keep their colons). */
const END = String.raw`([^\s:]+):([^\s/()]+)(?:/(\d+))?`;
/** `ip/port` without an interface. */
const ADDR = String.raw`([^\s/()]+)(?:/(\d+))?`;

type Ev = DraftEvent & { source?: Record<string, unknown>; destination?: Record<string, unknown>; network?: Record<string, unknown>; observer?: Record<string, unknown> };

function endpoint(ip: string | undefined, port: string | undefined): Record<string, unknown> {
  const e: Record<string, unknown> = {};
  if (ip !== undefined) {
    if (/^[\d.]+$/.test(ip) || ip.includes(':')) e.ip = ip;
    else e.domain = ip;
  }
  if (port !== undefined) e.port = Number(port);
  return e;
}

function net(ev: Ev, proto: string | undefined, direction?: string): void {
  ev.network = { ...(ev.network ?? {}), ...(proto ? { transport: proto.toLowerCase() } : {}), ...(direction ? { direction } : {}) };
}

function ifaces(ev: Ev, ingress: string | undefined, egress: string | undefined): void {
  ev.observer = {
    ...(ev.observer ?? {}),
    ...(ingress ? { ingress: { interface: { name: ingress } } } : {}),
    ...(egress ? { egress: { interface: { name: egress } } } : {}),
  };
}

function flow(ev: Ev, verdict: 'allowed' | 'denied', action: string, types: string[] = []): void {
  ev.event.category = ['network'];
  ev.event.type = ['connection', ...types, verdict];
  ev.event.action = action;
  ev.event.outcome = verdict === 'allowed' ? 'success' : 'failure';
}

function auth(ev: Ev, outcome: 'success' | 'failure', action: string, user: string | undefined, ip: string | undefined): void {
  ev.event.category = ['authentication'];
  ev.event.type = [outcome === 'success' ? 'start' : 'info'];
  ev.event.action = action;
  ev.event.outcome = outcome;
  const u = user?.trim();
  if (u && u !== '*****') ev.user = { name: u };
  if (ip) ev.source = { ...(ev.source ?? {}), ip };
}

function vpn(ev: Ev, action: string, type: string, group: string | undefined, user: string | undefined, ip: string | undefined): void {
  ev.event.category = ['network', 'session'];
  ev.event.type = [type];
  ev.event.action = action;
  const u = user?.trim();
  if (u && u !== '*****') ev.user = { name: u };
  if (ip) ev.source = { ...(ev.source ?? {}), ip };
  if (group) ev.cisco = { ...((ev.cisco as object) ?? {}), group_policy: group.trim() };
}

/** `H:MM:SS` or `1h:32m:16s` → nanoseconds (ECS `event.duration`). */
function durationNs(s: string): number | undefined {
  const hms = /^(\d+):(\d{2}):(\d{2})$/.exec(s);
  if (hms) return ((Number(hms[1]) * 60 + Number(hms[2])) * 60 + Number(hms[3])) * 1e9;
  const hm = /^(\d+)h:(\d+)m:(\d+)s$/.exec(s);
  if (hm) return ((Number(hm[1]) * 60 + Number(hm[2])) * 60 + Number(hm[3])) * 1e9;
  return undefined;
}

/** `Group <G> User <U> IP <I>` or `Group = G, Username = U, IP = I` (VPN messages). */
const GUI = /Group\s*(?:=\s*([^,]+),|<([^>]*)>|(\S+))\s*(?:(?:Username\s*=\s*([^,]*),|User\s*<([^>]*)>|User\s+(\S+)))?\s*IP\s*(?:=\s*([^,\s]+)|<([^>]*)>|(\S+))/;

function groupUserIp(m: string): { group?: string; user?: string; ip?: string } {
  const g = GUI.exec(m);
  if (!g) return {};
  const pick = (...v: Array<string | undefined>) => v.find((x) => x !== undefined);
  return { group: pick(g[1], g[2], g[3]), user: pick(g[4], g[5], g[6]), ip: pick(g[7], g[8], g[9]) };
}

/** One message id's mapping: sets ECS fields from the message text; false when the text is not the expected shape. */
type Mapper = (m: string, ev: Ev) => boolean;

const built: Mapper = (m, ev) => {
  const r = new RegExp(String.raw`^Built (inbound|outbound) (TCP|UDP) connection (\d+) for ${END}(?: \(([^)]*)\))? to ${END}`).exec(m);
  if (!r) return false;
  const forSide = endpoint(r[5], r[6]);
  const toSide = endpoint(r[9], r[10]);
  // "for" is the outside end: the initiator of an inbound connection, the responder of an outbound one.
  const inbound = r[1] === 'inbound';
  ev.source = inbound ? forSide : toSide;
  ev.destination = inbound ? toSide : forSide;
  ifaces(ev, inbound ? r[4] : r[8], inbound ? r[8] : r[4]);
  flow(ev, 'allowed', 'connection-built', ['start']);
  net(ev, r[2], inbound ? 'inbound' : 'outbound');
  ev.cisco = { connection_id: r[3] };
  return true;
};

const teardown: Mapper = (m, ev) => {
  const r = new RegExp(String.raw`^Teardown (TCP|UDP) connection (\d+) for ${END} to ${END}(?: duration (\S+))?(?: bytes (\d+))?\s*(.*)$`).exec(m);
  if (!r) return false;
  ev.source = endpoint(r[4], r[5]);
  ev.destination = endpoint(r[7], r[8]);
  ifaces(ev, r[3], r[6]);
  flow(ev, 'allowed', 'connection-teardown', ['end']);
  net(ev, r[1]);
  if (r[10]) ev.network = { ...(ev.network ?? {}), bytes: Number(r[10]) };
  const d = r[9] ? durationNs(r[9]) : undefined;
  if (d !== undefined) ev.event.duration = d;
  if (r[11]?.trim()) ev.event.reason = r[11].trim();
  ev.cisco = { connection_id: r[2] };
  return true;
};

/** Deny messages: `from ip/port to ip/port … on interface X` (106001, 106006, 106007, 106015). */
const denyFromTo = (action: string): Mapper => (m, ev) => {
  const r = new RegExp(String.raw`(TCP|UDP|ICMP|tcp|udp|icmp)\b.*?from ${ADDR} to ${ADDR}(?:.*?flags ([A-Z ]+?))?(?:\s+on interface (\S+))?(?:\s+due to .*)?\s*$`).exec(m);
  if (!r) return false;
  ev.source = endpoint(r[2], r[3]);
  ev.destination = endpoint(r[4], r[5]);
  flow(ev, 'denied', action);
  net(ev, r[1], /inbound/i.test(m) ? 'inbound' : undefined);
  if (r[7]) ifaces(ev, r[7], undefined);
  if (r[6]?.trim()) ev.cisco = { tcp_flags: r[6].trim() };
  return true;
};

/** 106014, 106023: `Deny PROTO src IF:IP[/PORT] dst IF:IP[/PORT] … [by access-group "ACL"]`. */
const denySrcDst: Mapper = (m, ev) => {
  const r = new RegExp(String.raw`^Deny (?:inbound )?(?:protocol )?(\S+) src ${END} dst ${END}(?:\(([^)]*)\))?(?:.*?by access-group "([^"]+)")?`).exec(m);
  if (!r) return false;
  ev.source = endpoint(r[3], r[4]);
  ev.destination = endpoint(r[6], r[7]);
  if (r[8] && !/type/.test(r[8])) ev.destination.domain = r[8];
  ifaces(ev, r[2], r[5]);
  flow(ev, 'denied', 'firewall-rule');
  net(ev, /^\d+$/.test(r[1]!) ? undefined : r[1]);
  if (/^\d+$/.test(r[1]!)) ev.network = { ...(ev.network ?? {}), iana_number: r[1] };
  if (r[9]) ev.rule = { name: r[9] };
  return true;
};

/** 106100: `access-list ACL permitted|denied|est-allowed PROTO IF/IP(PORT) -> IF/IP(PORT) hit-cnt N`. */
const accessList: Mapper = (m, ev) => {
  const r = /^access-list (\S+) (permitted|denied|est-allowed) (\S+) ([^/\s]+)\/([^(\s]+)\((\d+)\) -> ([^/\s]+)\/([^(\s]+)\((\d+)\)(?: hit-cnt (\d+))?/.exec(m);
  if (!r) return false;
  ev.source = endpoint(r[5], r[6]);
  ev.destination = endpoint(r[8], r[9]);
  ifaces(ev, r[4], r[7]);
  flow(ev, r[2] === 'denied' ? 'denied' : 'allowed', 'firewall-rule');
  net(ev, r[3]);
  ev.rule = { name: r[1] };
  if (r[10]) ev.cisco = { hit_count: Number(r[10]) };
  return true;
};

/** 710003: `PROTO access denied by ACL from IP/PORT to IF:IP/PORT` (to-the-box traffic). */
const toBoxDenied: Mapper = (m, ev) => {
  const r = new RegExp(String.raw`^(\S+) access denied by ACL from ${ADDR} to ${END}`).exec(m);
  if (!r) return false;
  ev.source = endpoint(r[2], r[3]);
  ev.destination = endpoint(r[5], r[6]);
  ifaces(ev, r[4], undefined);
  flow(ev, 'denied', 'firewall-rule');
  net(ev, r[1]);
  return true;
};

/** 109001–109008: cut-through proxy `… for user 'U' from IP/PORT to IP/PORT …`. */
const cutThrough: Mapper = (m, ev) => {
  const r = /^(Auth start|Authentication succeeded|Authentication failed|Authorization permitted|Authorization denied|Auth from)\b.*?user '([^']*)' from ([^\s/]+)(?:\/(\d+))? to ([^\s/]+)(?:\/(\d+))?/.exec(m);
  if (!r) return false;
  const kind = r[1]!;
  if (kind === 'Authentication succeeded') auth(ev, 'success', 'cut-through-authentication', r[2], r[3]);
  else if (kind === 'Authentication failed') auth(ev, 'failure', 'cut-through-authentication', r[2], r[3]);
  else {
    ev.event.category = kind.startsWith('Authorization') ? ['iam'] : ['authentication'];
    ev.event.type = ['info'];
    ev.event.action = kind === 'Auth start' ? 'cut-through-authentication-start' : 'cut-through-authorization';
    if (kind === 'Authorization permitted') ev.event.outcome = 'success';
    if (kind === 'Authorization denied') ev.event.outcome = 'failure';
    if (r[2]) ev.user = { name: r[2] };
    ev.source = { ip: r[3] };
  }
  ev.source = { ...(ev.source ?? {}), ...endpoint(r[3], r[4]) };
  ev.destination = endpoint(r[5], r[6]);
  return true;
};

/** 113004/113005/113012/113015: `AAA user authentication Successful|Rejected : reason = R : server = S : user = U : user IP = I`. */
const aaa: Mapper = (m, ev) => {
  const r = /^AAA user (authentication|authorization|accounting) (Successful|Rejected)/.exec(m);
  if (!r) return false;
  const user = /\buser = ([^:]*?)\s*(?::|$)/.exec(m)?.[1];
  const ip = /user IP = (\S+)/.exec(m)?.[1];
  const reason = /reason = ([^:]+?)\s*:/.exec(m)?.[1];
  const server = /server = +(\S+)/.exec(m)?.[1];
  const ok = r[2] === 'Successful';
  if (r[1] === 'authentication') auth(ev, ok ? 'success' : 'failure', 'aaa-authentication', user, ip);
  else {
    ev.event.category = ['iam'];
    ev.event.type = ['info'];
    ev.event.action = `aaa-${r[1]}`;
    ev.event.outcome = ok ? 'success' : 'failure';
    if (user?.trim()) ev.user = { name: user.trim() };
    if (ip) ev.source = { ip };
  }
  if (reason) ev.event.reason = reason;
  ev.cisco = { aaa_server: /local database/.test(m) ? 'LOCAL' : server };
  return true;
};

/** 611101/611102: `User authentication succeeded|failed: IP address: I, Uname: U` (management access). */
const mgmtAuth: Mapper = (m, ev) => {
  const r = /^User authentication (succeeded|failed): IP address: ([^,]+), Uname: (.*)$/.exec(m);
  if (!r) return false;
  auth(ev, r[1] === 'succeeded' ? 'success' : 'failure', 'management-authentication', r[3], r[2]);
  return true;
};

/** 605004/605005: `Login denied|permitted from IP/PORT to IF:IP/SERVICE for user "U"`. */
const mgmtLogin: Mapper = (m, ev) => {
  const r = /^Login (denied|permitted) from ([^\s/]+)\/(\d+) to ([^\s:]+):([^\s/]+)\/(\S+) for user "([^"]*)"/.exec(m);
  if (!r) return false;
  auth(ev, r[1] === 'permitted' ? 'success' : 'failure', 'management-login', r[7], r[2]);
  ev.source = { ...(ev.source ?? {}), port: Number(r[3]) };
  ev.destination = { ip: r[5] };
  ev.network = { protocol: r[6] };
  ifaces(ev, r[4], undefined);
  return true;
};

/** 716039: WebVPN/admin `Authentication: rejected`. */
const vpnAuthRejected: Mapper = (m, ev) => {
  if (!/Authentication: rejected/.test(m)) return false;
  const g = groupUserIp(m);
  const user = g.user ?? /user = (\S+)/.exec(m)?.[1];
  auth(ev, 'failure', 'vpn-authentication', user, g.ip);
  if (g.group ?? /group = (\S+)/.exec(m)?.[1]) ev.cisco = { group_policy: (g.group ?? /group = (\S+)/.exec(m)?.[1])!.trim() };
  return true;
};

const vpnMsg = (action: string, type: string): Mapper => (m, ev) => {
  const g = groupUserIp(m);
  vpn(ev, action, type, g.group, g.user, g.ip);
  const assigned = /IPv4 Address <([^>]+)>/.exec(m)?.[1];
  if (assigned) ev.cisco = { ...((ev.cisco as object) ?? {}), assigned_ip: assigned };
  const reason = /Reason: (.*)$/.exec(m)?.[1] ?? /terminated: (.*?)\.?$/.exec(m)?.[1];
  if (reason) ev.event.reason = reason;
  const dur = /Duration: (\S+?),/.exec(m)?.[1];
  const d = dur ? durationNs(dur) : undefined;
  if (d !== undefined) ev.event.duration = d;
  return true;
};

/** 734001: `DAP: User U, Addr I, Connection C: The following DAP records were selected …`. */
const dap: Mapper = (m, ev) => {
  const r = /^DAP: User ([^,]*), Addr ([^,]+), Connection ([^:]+):/.exec(m);
  if (!r) return false;
  vpn(ev, 'vpn-dap-selected', 'info', undefined, r[1], r[2]);
  ev.cisco = { connection_type: r[3] };
  return true;
};

/**
 * Message id → mapping. Ids not listed still become events (code, severity, message) — no
 * record is lost for being unfamiliar. See docs/formats/cisco-asa.md.
 */
export const ASA_MESSAGES: Record<string, Mapper> = {
  '302013': built, '302015': built,
  '302014': teardown, '302016': teardown,
  '106001': denyFromTo('firewall-rule'), '106006': denyFromTo('firewall-rule'), '106007': denyFromTo('firewall-rule'),
  '106015': denyFromTo('no-connection'),
  '106014': denySrcDst, '106023': denySrcDst, '106010': denySrcDst,
  '106100': accessList,
  '710003': toBoxDenied,
  '109001': cutThrough, '109005': cutThrough, '109006': cutThrough, '109007': cutThrough, '109008': cutThrough,
  '113004': aaa, '113005': aaa, '113012': aaa, '113015': aaa,
  '611101': mgmtAuth, '611102': mgmtAuth,
  '605004': mgmtLogin, '605005': mgmtLogin,
  '716039': vpnAuthRejected,
  '113019': vpnMsg('vpn-session-disconnected', 'end'),
  '722022': vpnMsg('vpn-svc-connection-established', 'start'),
  '722023': vpnMsg('vpn-svc-connection-terminated', 'end'),
  '722051': vpnMsg('vpn-address-assigned', 'info'),
  '716001': vpnMsg('webvpn-session-started', 'start'),
  '716002': vpnMsg('webvpn-session-terminated', 'end'),
  '734001': dap,
};

/** 713xxx (IKE/IPsec negotiation): `Group = G, [Username = U,] IP = I, …` — VPN context without an outcome. */
export const ike: Mapper = (m, ev) => {
  const g = groupUserIp(m);
  if (!g.ip && !g.group) return false;
  vpn(ev, 'vpn-ike', 'info', g.group, g.user, g.ip);
  return true;
};
