import type { DraftEvent } from '../common/draft-event.js';
import { markAuth, readInt, setSource, setUserName, setWardwatch } from './fields.js';

const PREAUTH = ' [preauth]';
const RECEIVED_DISCONNECT = 'Received disconnect from ';
const REVERSE_MAPPING = 'reverse mapping checking getaddrinfo for ';
const MAXIMUM_ATTEMPTS = 'maximum authentication attempts exceeded for ';
const NO_IDENTIFICATION = 'Did not receive identification string from ';

/** Index where a trailing ` [preauth]` starts, or the string length. */
function endBeforePreauth(m: string): number {
  return m.endsWith(PREAUTH) ? m.length - PREAUTH.length : m.length;
}

/**
 * `HOST[ port PORT]` at `start`: sets the source and returns the index after it, or -1
 * when there is no host.
 */
function hostPort(m: string, start: number, ev: DraftEvent): number {
  let end = m.indexOf(' ', start);
  if (end < 0) end = m.length;
  if (end === start) return -1;
  const host = m.slice(start, end);
  let port: number | undefined;
  if (m.startsWith(' port ', end)) {
    let pEnd = m.indexOf(' ', end + 6);
    if (pEnd < 0) pEnd = m.length;
    // `port 22:11: Bye Bye` in newer "Received disconnect" lines.
    const colon = m.indexOf(':', end + 6);
    if (colon >= 0 && colon < pEnd) pEnd = colon;
    const p = readInt(m, end + 6, pEnd);
    if (p >= 0 && p <= 65535) {
      port = p;
      end = pEnd;
    }
  }
  setSource(ev, host, port);
  return end;
}

/** `[invalid user |authenticating user |user ]NAME` between start and end. */
function userPart(m: string, start: number, end: number, ev: DraftEvent): void {
  let i = start;
  if (m.startsWith('invalid user ', i)) {
    i += 13;
    setWardwatch(ev, { invalid_user: true });
  } else if (m.startsWith('authenticating user ', i)) i += 20;
  else if (m.startsWith('user ', i)) i += 5;
  else return;
  if (end > i) setUserName(ev, m.slice(i, end));
}

/**
 * `[user-part ]HOST[ port PORT][ [preauth]]` at `start`, read from the right because user
 * names chosen by attackers may contain spaces.
 */
function userHostTail(m: string, start: number, ev: DraftEvent): boolean {
  let end = endBeforePreauth(m);
  const portAt = m.lastIndexOf(' port ', end);
  let port: number | undefined;
  if (portAt >= start) {
    const p = readInt(m, portAt + 6, end);
    if (p >= 0 && p <= 65535) {
      port = p;
      end = portAt;
    }
  }
  const sp = m.lastIndexOf(' ', end - 1);
  const hostStart = sp < start ? start : sp + 1;
  if (hostStart >= end) return false;
  setSource(ev, m.slice(hostStart, end), port);
  if (hostStart > start) userPart(m, start, hostStart - 1, ev);
  return true;
}

/** `Failed|Accepted METHOD for [invalid user ]USER from HOST port PORT ssh2[: KEY]`. */
function login(m: string, prefix: number, outcome: 'success' | 'failure', ev: DraftEvent): boolean {
  const forAt = m.indexOf(' for ', prefix);
  if (forAt < 0 || m.lastIndexOf(' ', forAt - 1) >= prefix) return false;
  let u = forAt + 5;
  const invalid = m.startsWith('invalid user ', u);
  if (invalid) u += 13;
  const fromAt = m.lastIndexOf(' from ');
  if (fromAt < u - 1) return false;
  if (hostPort(m, fromAt + 6, ev) < 0) return false;
  if (fromAt > u) setUserName(ev, m.slice(u, fromAt));
  setWardwatch(ev, invalid ? { auth_method: m.slice(prefix, forAt), invalid_user: true } : { auth_method: m.slice(prefix, forAt) });
  return markAuth(ev, 'ssh_login', 'authentication', 'start', outcome);
}

/** `Invalid user USER from HOST[ port PORT]`. */
function invalidUser(m: string, ev: DraftEvent): boolean {
  const fromAt = m.lastIndexOf(' from ');
  if (fromAt < 12 || hostPort(m, fromAt + 6, ev) < 0) return false;
  if (fromAt > 13) setUserName(ev, m.slice(13, fromAt));
  setWardwatch(ev, { invalid_user: true });
  return markAuth(ev, 'ssh_invalid_user', 'authentication', 'info', 'failure');
}

function disconnect(ev: DraftEvent): true {
  return markAuth(ev, 'ssh_disconnect', 'network', ['connection', 'end']);
}

/** `Received disconnect from HOST port PORT:CODE: REASON` or the older `HOST: CODE: REASON`. */
function receivedDisconnect(m: string, ev: DraftEvent): boolean {
  const start = RECEIVED_DISCONNECT.length;
  let after: number;
  const portAt = m.indexOf(' port ', start);
  const colonAt = m.indexOf(': ', start);
  if (portAt >= 0 && (colonAt < 0 || portAt < colonAt)) {
    after = hostPort(m, start, ev);
  } else {
    // Old form: the host runs up to ": " (IPv6 addresses contain ":" but never ": ").
    after = colonAt;
    if (after > start) setSource(ev, m.slice(start, after));
  }
  if (after <= start) return false;
  // ":11: Bye Bye [preauth]" or ": 11: Bye Bye [preauth]"
  const codeEnd = m.indexOf(': ', after + 1);
  if (codeEnd > 0) {
    const reason = m.slice(codeEnd + 2, endBeforePreauth(m));
    if (reason) ev.event.reason = reason;
  }
  return disconnect(ev);
}

/** `reverse mapping checking getaddrinfo for HOST [IP] failed - POSSIBLE BREAK-IN ATTEMPT!` */
function reverseMapping(m: string, ev: DraftEvent): boolean {
  const start = REVERSE_MAPPING.length;
  const open = m.indexOf(' [', start);
  const close = m.indexOf(']', open);
  if (open < 0 || close < 0) return false;
  setSource(ev, m.slice(open + 2, close));
  const domain = m.slice(start, open);
  if (domain) (ev.source ??= {}).domain = domain;
  return markAuth(ev, 'ssh_reverse_mapping_failed', 'network', 'info');
}

/** `Address IP maps to HOST, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!` */
function addressMapping(m: string, ev: DraftEvent): boolean {
  const maps = m.indexOf(' maps to ', 8);
  const comma = m.indexOf(', ', maps);
  if (maps < 0 || comma < 0 || !m.endsWith('POSSIBLE BREAK-IN ATTEMPT!')) return false;
  setSource(ev, m.slice(8, maps));
  (ev.source ??= {}).domain = m.slice(maps + 9, comma);
  return markAuth(ev, 'ssh_reverse_mapping_failed', 'network', 'info');
}

function maxAuthExceeded(ev: DraftEvent): true {
  // The attempts themselves were logged one by one; this line only says sshd gave up.
  return markAuth(ev, 'ssh_max_auth_exceeded', 'authentication', 'info', 'failure');
}

/** `maximum authentication attempts exceeded for [invalid user ]USER from HOST port PORT ssh2[ [preauth]]` */
function maximumAttempts(m: string, ev: DraftEvent): boolean {
  const start = MAXIMUM_ATTEMPTS.length;
  const invalid = m.startsWith('invalid user ', start);
  const u = invalid ? start + 13 : start;
  const fromAt = m.lastIndexOf(' from ');
  if (fromAt < u - 1 || hostPort(m, fromAt + 6, ev) < 0) return false;
  if (fromAt > u) setUserName(ev, m.slice(u, fromAt));
  if (invalid) setWardwatch(ev, { invalid_user: true });
  return maxAuthExceeded(ev);
}

/**
 * `Disconnecting: Too many authentication failures for USER [preauth]` (OpenSSH < 7.5) and
 * `Disconnecting invalid user USER HOST port PORT: Too many authentication failures [preauth]`.
 */
function disconnecting(m: string, ev: DraftEvent): boolean {
  const old = 'Disconnecting: Too many authentication failures for ';
  if (m.startsWith(old)) {
    setUserName(ev, m.slice(old.length, endBeforePreauth(m)));
    return maxAuthExceeded(ev);
  }
  const tail = ': Too many authentication failures';
  const at = m.indexOf(tail, 14);
  if (at < 0) return false;
  const portAt = m.lastIndexOf(' port ', at);
  const port = portAt < 0 ? -1 : readInt(m, portAt + 6, at);
  const hostEnd = port >= 0 ? portAt : at;
  const sp = m.lastIndexOf(' ', hostEnd - 1);
  if (sp < 14) return false;
  setSource(ev, m.slice(sp + 1, hostEnd), port >= 0 ? port : undefined);
  userPart(m, 14, sp, ev);
  return maxAuthExceeded(ev);
}

/**
 * Recognise an sshd message and map it to ECS. Returns whether it was recognised.
 * Messages are told apart by their first words (a switch on the first character, then
 * `startsWith`), so no regular expression runs per line.
 *
 * @example
 * parseSshdMessage('Failed password for invalid user admin from 203.0.113.9 port 52144 ssh2', ev)
 * // true; event.action 'ssh_login', outcome 'failure', user.name 'admin', source { ip, port: 52144 }
 */
export function parseSshdMessage(m: string, ev: DraftEvent): boolean {
  switch (m.charCodeAt(0)) {
    case 70: // F
      return m.startsWith('Failed ') && login(m, 7, 'failure', ev);
    case 65: // A
      if (m.startsWith('Accepted ')) return login(m, 9, 'success', ev);
      return m.startsWith('Address ') && addressMapping(m, ev);
    case 73: // I
      return m.startsWith('Invalid user ') && invalidUser(m, ev);
    case 67: // C
      if (m.startsWith('Connection closed by ')) return userHostTail(m, 21, ev) && disconnect(ev);
      if (m.startsWith('Connection reset by ')) return userHostTail(m, 20, ev) && disconnect(ev);
      return false;
    case 68: // D
      if (m.startsWith('Disconnected from ')) return userHostTail(m, 18, ev) && disconnect(ev);
      if (m.startsWith('Disconnecting')) return disconnecting(m, ev);
      if (m.startsWith(NO_IDENTIFICATION)) {
        return userHostTail(m, NO_IDENTIFICATION.length, ev) && markAuth(ev, 'ssh_no_identification', 'network', ['connection', 'end']);
      }
      return false;
    case 82: // R
      return m.startsWith(RECEIVED_DISCONNECT) && receivedDisconnect(m, ev);
    case 114: // r
      return m.startsWith(REVERSE_MAPPING) && reverseMapping(m, ev);
    case 109: // m
      return m.startsWith(MAXIMUM_ATTEMPTS) && maximumAttempts(m, ev);
    case 101: // e
      // "error: Received disconnect …", "error: maximum authentication attempts exceeded …"
      return m.startsWith('error: ') && parseSshdMessage(m.slice(7), ev);
    default:
      return false;
  }
}
