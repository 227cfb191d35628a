import { iso, zeekTime } from './time.js';

/** A Zeek log's columns and their types, as in the `#fields` / `#types` header lines. */
export interface ZeekSchema {
  path: 'conn' | 'dns' | 'http' | 'smb_files';
  fields: string[];
  types: string[];
}

export const ZEEK_CONN: ZeekSchema = {
  path: 'conn',
  fields: ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration', 'orig_bytes', 'resp_bytes', 'conn_state', 'local_orig', 'local_resp', 'missed_bytes', 'history', 'orig_pkts', 'orig_ip_bytes', 'resp_pkts', 'resp_ip_bytes', 'tunnel_parents'],
  types: ['time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'string', 'interval', 'count', 'count', 'string', 'bool', 'bool', 'count', 'string', 'count', 'count', 'count', 'count', 'set[string]'],
};

export const ZEEK_DNS: ZeekSchema = {
  path: 'dns',
  fields: ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'trans_id', 'rtt', 'query', 'qclass', 'qclass_name', 'qtype', 'qtype_name', 'rcode', 'rcode_name', 'AA', 'TC', 'RD', 'RA', 'Z', 'answers', 'TTLs', 'rejected'],
  types: ['time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'count', 'interval', 'string', 'count', 'string', 'count', 'string', 'count', 'string', 'bool', 'bool', 'bool', 'bool', 'count', 'vector[string]', 'vector[interval]', 'bool'],
};

export const ZEEK_HTTP: ZeekSchema = {
  path: 'http',
  fields: ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'trans_depth', 'method', 'host', 'uri', 'referrer', 'version', 'user_agent', 'origin', 'request_body_len', 'response_body_len', 'status_code', 'status_msg', 'info_code', 'info_msg', 'tags', 'username', 'password', 'proxied', 'orig_fuids', 'orig_filenames', 'orig_mime_types', 'resp_fuids', 'resp_filenames', 'resp_mime_types'],
  types: ['time', 'string', 'addr', 'port', 'addr', 'port', 'count', 'string', 'string', 'string', 'string', 'string', 'string', 'string', 'count', 'count', 'count', 'string', 'count', 'string', 'set[enum]', 'string', 'string', 'set[string]', 'vector[string]', 'vector[string]', 'vector[string]', 'vector[string]', 'vector[string]', 'vector[string]'],
};

/** Zeek's smb_files.log (policy/protocols/smb): one line per file action over SMB. */
export const ZEEK_SMB_FILES: ZeekSchema = {
  path: 'smb_files',
  fields: ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'fuid', 'action', 'path', 'name', 'size', 'prev_name', 'times.modified', 'times.accessed', 'times.created', 'times.changed'],
  types: ['time', 'string', 'addr', 'port', 'addr', 'port', 'string', 'enum', 'string', 'string', 'count', 'string', 'time', 'time', 'time', 'time'],
};

const zeekStamp = (t: number) => iso(t).slice(0, 19).replace('T', '-').replace(/:/g, '-');

/**
 * The header lines of a Zeek ASCII (TSV) log opened at `t`.
 *
 * @example
 * zeekHeader(ZEEK_CONN, 0)[4] // '#path\tconn'
 */
export function zeekHeader(s: ZeekSchema, t: number): string[] {
  return [
    '#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', `#path\t${s.path}`,
    `#open\t${zeekStamp(t)}`, `#fields\t${s.fields.join('\t')}`, `#types\t${s.types.join('\t')}`,
  ];
}

/** The closing line of a Zeek log. */
export function zeekFooter(t: number): string[] {
  return [`#close\t${zeekStamp(t)}`];
}

export interface Conn {
  t: number;
  uid: string;
  src: string;
  sport: number;
  dst: string;
  dport: number;
  proto: 'tcp' | 'udp';
  service?: string;
  duration: number;
  origBytes: number;
  respBytes: number;
  state?: string;
  localResp: boolean;
}

/** One conn.log row. */
export function connLine(c: Conn): string {
  const op = Math.max(1, Math.round(c.origBytes / 1200) + 3);
  const rp = Math.max(1, Math.round(c.respBytes / 1200) + 2);
  return [
    zeekTime(c.t), c.uid, c.src, c.sport, c.dst, c.dport, c.proto, c.service ?? '-', c.duration.toFixed(6), c.origBytes, c.respBytes,
    c.state ?? 'SF', 'T', c.localResp ? 'T' : 'F', 0, c.proto === 'tcp' ? 'ShADadFf' : 'Dd', op, c.origBytes + op * 40, rp, c.respBytes + rp * 40, '-',
  ].join('\t');
}

/** One dns.log row (A query). */
export function dnsLine(t: number, uid: string, src: string, sport: number, resolver: string, query: string, answer: string | undefined, transId: number): string {
  return [
    zeekTime(t), uid, src, sport, resolver, 53, 'udp', transId, '0.001200', query, 1, 'C_INTERNET', 1, 'A',
    answer ? 0 : 3, answer ? 'NOERROR' : 'NXDOMAIN', 'F', 'F', 'T', 'T', 0, answer ?? '-', answer ? '300.000000' : '-', 'F',
  ].join('\t');
}

/** One http.log row. */
export function httpLine(t: number, uid: string, src: string, sport: number, dst: string, dport: number, method: string, host: string, uri: string, status: number, reqLen: number, respLen: number, ua: string): string {
  return [
    zeekTime(t), uid, src, sport, dst, dport, 1, method, host, uri, '-', '1.1', ua, '-', reqLen, respLen, status, status === 200 ? 'OK' : 'Not Found',
    '-', '-', '(empty)', '-', '-', '-', '-', '-', '-', '-', '-', '-',
  ].join('\t');
}

/**
 * One smb_files.log row: `action` is Zeek's enum (SMB::FILE_WRITE, SMB::FILE_RENAME, SMB::FILE_OPEN…);
 * for a rename, `prevName` is the name before it.
 */
export function smbFileLine(t: number, uid: string, src: string, dst: string, action: string, name: string, size: number, prevName?: string): string {
  const ts = zeekTime(t);
  return [ts, uid, src, 49152 + (size % 16000), dst, 445, `F${uid.slice(1)}`, action, '\\\\fs01\\shared', name, size, prevName ?? '-', ts, ts, ts, ts].join('\t');
}
