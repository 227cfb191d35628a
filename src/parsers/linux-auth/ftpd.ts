import type { DraftEvent } from '../common/draft-event.js';
import { isIpAddress } from './address.js';
import { markAuth, setSource, setUserName } from './fields.js';

const CONNECTION = 'connection from ';
const ANONYMOUS = 'ANONYMOUS FTP LOGIN FROM ';
const LOGIN = 'FTP LOGIN FROM ';

/** `IP (HOST)`: source.ip plus source.domain when the reverse name is known. */
function ipAndHost(m: string, start: number, ev: DraftEvent): number {
  let end = m.indexOf(' ', start);
  if (end < 0) end = m.length;
  const ipEnd = m.charCodeAt(end - 1) === 44 ? end - 1 : end; // "IP," in login lines
  if (ipEnd <= start) return -1;
  setSource(ev, m.slice(start, ipEnd));
  if (m.charCodeAt(end + 1) === 40) {
    const close = m.indexOf(')', end);
    const host = close < 0 ? '' : m.slice(end + 2, close);
    if (host && !isIpAddress(host) && ev.source?.domain === undefined) ev.source!.domain = host;
  }
  return end;
}

/**
 * Recognise the classic (wu-/BSD) ftpd's lines: `connection from IP (HOST) at DATE`
 * (`ftp_connection`), `ANONYMOUS FTP LOGIN FROM IP, (anonymous)` and
 * `FTP LOGIN FROM IP [IP], USER` (`ftp_login`, success).
 *
 * @example
 * parseFtpdMessage('connection from 24.54.76.216 (24-54-76-216.bflony.adelphia.net) at Sun Jul 10 03:55:15 2005', ev)
 * // true; event.action 'ftp_connection', source { ip: '24.54.76.216', domain: '24-54-76-216.bflony.adelphia.net' }
 */
export function parseFtpdMessage(m: string, ev: DraftEvent): boolean {
  if (m.startsWith(CONNECTION)) {
    if (ipAndHost(m, CONNECTION.length, ev) < 0) return false;
    return markAuth(ev, 'ftp_connection', 'network', ['connection', 'start']);
  }
  if (m.startsWith(ANONYMOUS)) {
    if (ipAndHost(m, ANONYMOUS.length, ev) < 0) return false;
    setUserName(ev, 'anonymous');
    return markAuth(ev, 'ftp_login', 'authentication', 'start', 'success');
  }
  if (m.startsWith(LOGIN)) {
    const comma = m.lastIndexOf(', ');
    if (comma < 0 || ipAndHost(m, LOGIN.length, ev) < 0) return false;
    setUserName(ev, m.slice(comma + 2));
    return markAuth(ev, 'ftp_login', 'authentication', 'start', 'success');
  }
  return false;
}
