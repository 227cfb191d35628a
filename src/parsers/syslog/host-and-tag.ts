/**
 * HOSTNAME, TAG and MSG of a BSD-layout line (RFC 3164 and the file forms).
 *
 * @example
 * const h: HostAndTag = { hostname: 'LabSZ', appname: 'sshd', procid: '24200', message: 'Invalid user x from 1.2.3.4' };
 */
export interface HostAndTag {
  hostname?: string;
  appname?: string;
  procid?: string;
  pamModule?: string;
  message: string;
}

const SP = 32;
const COLON = 58;
const OPEN = 91;

function skipSpaces(s: string, i: number): number {
  while (s.charCodeAt(i) === SP) i++;
  return i;
}

/** Whether s[from, to) is a version number like `1.4.1`. */
function isVersion(s: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c !== 46 && (c < 48 || c > 57)) return false;
  }
  return true;
}

/**
 * Read a TAG at `start`: `prog[pid]:`, `prog:` or `prog[pid]` (then a space). Returns the index
 * where MSG starts, or -1 (leaving `out` untouched) when there is no tag there.
 */
function readTag(s: string, start: number, out: HostAndTag): number {
  let i = start;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === SP || c === OPEN || c === COLON) break;
  }
  if (i === start) return -1;
  const nameEnd = i;
  let procid: string | undefined;
  let next: number;
  const c = s.charCodeAt(i);
  if (c === OPEN) {
    const close = s.indexOf(']', i + 1);
    if (close < 0) return -1;
    next = close + 1;
    if (s.charCodeAt(next) === COLON) next++;
    else if (next < s.length && s.charCodeAt(next) !== SP) return -1;
    procid = s.slice(i + 1, close);
  } else if (c === COLON) {
    next = i + 1;
  } else {
    // `syslogd 1.4.1: restart.`: sysklogd puts its version between name and colon.
    const colon = s.indexOf(':', i + 1);
    if (c !== SP || colon < 0 || !isVersion(s, i + 1, colon)) return -1;
    next = colon + 1;
  }
  setProgram(s, start, nameEnd, out);
  if (procid !== undefined) out.procid = procid;
  if (s.charCodeAt(next) === SP) next++;
  return next;
}

/** `sshd(pam_unix)` → appname `sshd`, PAM module `pam_unix` (old Red Hat syslog tags). */
function setProgram(s: string, start: number, end: number, out: HostAndTag): void {
  if (s.charCodeAt(end - 1) === 41) {
    const open = s.indexOf('(', start);
    if (open > start && open < end && s.startsWith('pam_', open + 1)) {
      out.appname = s.slice(start, open);
      out.pamModule = s.slice(open + 1, end - 1);
      return;
    }
  }
  out.appname = s.slice(start, end);
}

/**
 * Parse `HOSTNAME TAG: MSG` from `start` into `out` (just after the timestamp's space). Forgiving in the
 * ways real files need: runs of spaces between fields, a missing HOSTNAME when the first word
 * is already a tag (`su[12]: …`), a `-- ` before the tag, and a line whose message has no tag
 * at all (then `appname` is unset and MSG is everything after the hostname).
 *
 * @example
 * const out = { message: '' };
 * parseHostAndTag('LabSZ sshd[24200]: Invalid user webmaster', 0, out);
 * // out: { hostname: 'LabSZ', procid: '24200', appname: 'sshd', message: 'Invalid user webmaster' }
 */
export function parseHostAndTag(s: string, start: number, out: HostAndTag): void {
  let i = skipSpaces(s, start);
  let sp = s.indexOf(' ', i);
  if (sp < 0) sp = s.length;
  // A first word ending in ":" (but not "::", an IPv6 address) is a tag: the sender left out its hostname.
  const last = s.charCodeAt(sp - 1);
  const hostless = last === COLON && s.charCodeAt(sp - 2) !== COLON;
  if (!hostless) {
    if (sp > i) out.hostname = s.slice(i, sp);
    i = skipSpaces(s, sp);
  }
  // `-- root[2421]: ROOT LOGIN ON tty2`: old syslogd marks some messages with "--".
  if (s.charCodeAt(i) === 45 && s.charCodeAt(i + 1) === 45 && s.charCodeAt(i + 2) === SP) {
    const after = readTag(s, i + 3, out);
    if (after >= 0) {
      out.message = s.slice(after);
      return;
    }
  }
  const msgStart = readTag(s, i, out);
  out.message = msgStart >= 0 ? s.slice(msgStart) : s.slice(i);
}
