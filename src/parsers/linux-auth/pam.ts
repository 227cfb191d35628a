import type { DraftEvent } from '../common/draft-event.js';
import { addRelated, markAuth, readInt, setSource, setTargetUser, setUserName, setWardwatch } from './fields.js';

/**
 * The `key=value` fields PAM appends to failures: `logname= uid=0 euid=0 tty=ssh ruser= rhost=H  user=X`.
 *
 * @example
 * const f: PamFields = { logname: '', uid: '0', euid: '0', tty: 'ssh', ruser: '', rhost: '1.2.3.4', user: 'root' };
 */
export interface PamFields {
  logname?: string;
  uid?: string;
  euid?: string;
  tty?: string;
  ruser?: string;
  rhost?: string;
  user?: string;
}

/**
 * Read PAM's space-separated `key=value` list from `start`. Values never contain spaces;
 * empty values (`ruser=`) are kept as `''`; unknown keys are ignored.
 *
 * @example
 * readPamFields('logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root', 0)
 * // { logname: '', uid: '0', euid: '0', tty: 'ssh', ruser: '', rhost: '1.2.3.4', user: 'root' }
 */
export function readPamFields(s: string, start: number): PamFields {
  const out: PamFields = {};
  let i = start;
  while (i < s.length) {
    if (s.charCodeAt(i) === 32) {
      i++;
      continue;
    }
    let end = s.indexOf(' ', i);
    if (end < 0) end = s.length;
    const eq = s.indexOf('=', i);
    if (eq > i && eq < end) {
      const value = s.slice(eq + 1, end);
      switch (s.slice(i, eq)) {
        case 'logname': out.logname = value; break;
        case 'uid': out.uid = value; break;
        case 'euid': out.euid = value; break;
        case 'tty': out.tty = value; break;
        case 'ruser': out.ruser = value; break;
        case 'rhost': out.rhost = value; break;
        case 'user': out.user = value; break;
      }
    }
    i = end;
  }
  return out;
}

/** user.name from `user=`, the remote end from `rhost=`, `ruser=` as a related user. */
function applyPamFields(ev: DraftEvent, f: PamFields): void {
  setUserName(ev, f.user);
  setSource(ev, f.rhost);
  if (f.ruser) addRelated(ev, 'user', f.ruser);
}

const FAILURE = 'authentication failure;';
const SESSION_OPENED = 'session opened for user ';
const SESSION_CLOSED = 'session closed for user ';
const PASSWORD_CHANGED = 'password changed for ';

/** `X(uid=N)` or `X` at [from, to): name and uid. */
function nameAndUid(s: string, from: number, to: number): { name: string; uid?: string } {
  const paren = s.indexOf('(uid=', from);
  if (paren < 0 || paren >= to) return { name: s.slice(from, to) };
  const close = s.indexOf(')', paren);
  const uid = close > paren && close <= to ? s.slice(paren + 5, close) : undefined;
  return uid === undefined ? { name: s.slice(from, paren) } : { name: s.slice(from, paren), uid };
}

/** `session opened for user X[(uid=N)] [by [Y](uid=M)]`. */
function sessionOpened(m: string, ev: DraftEvent): boolean {
  const start = SESSION_OPENED.length;
  let by = m.indexOf(' by ', start);
  const userEnd = by < 0 ? m.length : by;
  const user = nameAndUid(m, start, userEnd);
  if (!user.name) return false;
  setUserName(ev, user.name);
  if (user.uid !== undefined) ev.user!.id = user.uid;
  if (by >= 0) {
    // "by Y(uid=M)" is the calling process's login name and real uid: ECS process.real_user.
    by += 4;
    const who = nameAndUid(m, by, m.length);
    const real: { name?: string; id?: string } = {};
    if (who.name) {
      real.name = who.name;
      addRelated(ev, 'user', who.name);
    }
    if (who.uid !== undefined) real.id = who.uid;
    if (real.name !== undefined || real.id !== undefined) (ev.process ??= {}).real_user = real;
  }
  return markAuth(ev, 'session_opened', 'session', 'start', 'success');
}

/** `PAM 5 more authentication failures; logname= … rhost=H  user=X` (or `failure;` for one). */
function moreFailures(m: string, ev: DraftEvent): boolean {
  const sp = m.indexOf(' ', 4);
  const n = readInt(m, 4, sp);
  if (n < 0 || !m.startsWith(' more authentication failure', sp)) return false;
  const semi = m.indexOf(';', sp);
  if (semi < 0) return false;
  applyPamFields(ev, readPamFields(m, semi + 1));
  setWardwatch(ev, { repeat: n });
  // A summary of failures sshd (or the service) already logged one by one: informational,
  // so detectors do not count the attempts twice. `wardwatch.repeat` still says how many.
  return markAuth(ev, 'pam_more_auth_failures', 'authentication', 'info', 'failure');
}

/**
 * Recognise a PAM message body: what follows `pam_unix(sshd:auth): `, or the bare text an
 * old Red Hat `sshd(pam_unix)[pid]:` line carries. Returns whether it was recognised.
 *
 * @example
 * parsePamBody('authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root', ev)
 * // true; ev.event.action 'pam_authentication_failure', ev.user.name 'root', ev.source.ip '1.2.3.4'
 */
export function parsePamBody(m: string, ev: DraftEvent): boolean {
  switch (m.charCodeAt(0)) {
    case 97: // a
      if (!m.startsWith(FAILURE)) return false;
      applyPamFields(ev, readPamFields(m, FAILURE.length));
      return markAuth(ev, 'pam_authentication_failure', 'authentication', 'start', 'failure');
    case 99: // c
      if (!m.startsWith('check pass; user unknown')) return false;
      return markAuth(ev, 'pam_user_unknown', 'authentication', 'info', 'failure');
    case 115: // s
      if (m.startsWith(SESSION_OPENED)) return sessionOpened(m, ev);
      if (m.startsWith(SESSION_CLOSED)) {
        const user = nameAndUid(m, SESSION_CLOSED.length, m.length);
        if (!user.name) return false;
        setUserName(ev, user.name);
        return markAuth(ev, 'session_closed', 'session', 'end', 'success');
      }
      return false;
    case 112: // p
      if (!m.startsWith(PASSWORD_CHANGED)) return false;
      setTargetUser(ev, m.slice(PASSWORD_CHANGED.length));
      return markAuth(ev, 'password_changed', 'iam', ['user', 'change'], 'success');
    case 80: // P
      return m.startsWith('PAM ') && moreFailures(m, ev);
    default:
      return false;
  }
}

/**
 * Recognise `pam_MODULE(SERVICE:TYPE): BODY` from any program, recording the PAM context in
 * `wardwatch.pam`. Returns whether the body was recognised.
 *
 * @example
 * parsePamPrefixed('pam_unix(sshd:session): session closed for user alice', ev) // true
 * // ev.wardwatch.pam → { module: 'pam_unix', service: 'sshd', type: 'session' }
 */
export function parsePamPrefixed(m: string, ev: DraftEvent): boolean {
  const open = m.indexOf('(');
  const close = m.indexOf('): ', open);
  if (open < 0 || close < 0) return false;
  const colon = m.indexOf(':', open);
  const pam: { module: string; service?: string; type?: string } = { module: m.slice(0, open) };
  if (colon > open && colon < close) {
    pam.service = m.slice(open + 1, colon);
    pam.type = m.slice(colon + 1, close);
  } else {
    pam.service = m.slice(open + 1, close);
  }
  setWardwatch(ev, { pam });
  return parsePamBody(m.slice(close + 3), ev);
}
