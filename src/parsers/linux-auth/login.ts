import type { DraftEvent } from '../common/draft-event.js';
import { markAuth, setSource, setUserName } from './fields.js';

function unquote(s: string): string {
  return s.length >= 2 && s.charCodeAt(0) === 39 && s.charCodeAt(s.length - 1) === 39 ? s.slice(1, -1) : s;
}

/** ` FROM HOST` at the end of a console login line: a remote login (telnet, rlogin). */
function fromHost(m: string, ev: DraftEvent): void {
  const at = m.lastIndexOf(' FROM ');
  if (at >= 0) setSource(ev, unquote(m.slice(at + 6)));
}

/**
 * Recognise login(1)'s messages: `ROOT LOGIN ON tty2`, `LOGIN ON tty1 BY alice [FROM host]`
 * (successes) and `FAILED LOGIN 1 FROM tty1 FOR root, Authentication failure` (util-linux)
 * or `FAILED LOGIN (1) on '/dev/tty1' FOR 'root', Authentication failure` (shadow-utils).
 * The action is `login`.
 *
 * @example
 * parseLoginMessage('ROOT LOGIN ON tty2', ev) // true; user.name 'root', event.outcome 'success'
 */
export function parseLoginMessage(m: string, ev: DraftEvent): boolean {
  if (m.startsWith('ROOT LOGIN ')) {
    setUserName(ev, 'root');
    fromHost(m, ev);
    return markAuth(ev, 'login', 'authentication', 'start', 'success');
  }
  if (m.startsWith('LOGIN ON ')) {
    const by = m.indexOf(' BY ');
    if (by < 0) return false;
    const from = m.indexOf(' FROM ', by);
    setUserName(ev, m.slice(by + 4, from < 0 ? m.length : from));
    fromHost(m, ev);
    return markAuth(ev, 'login', 'authentication', 'start', 'success');
  }
  if (m.startsWith('FAILED LOGIN ')) {
    const forAt = m.indexOf(' FOR ');
    if (forAt < 0) return false;
    const comma = m.indexOf(', ', forAt);
    setUserName(ev, unquote(m.slice(forAt + 5, comma < 0 ? m.length : comma)));
    if (comma >= 0) ev.event.reason = m.slice(comma + 2);
    // util-linux writes "FROM <tty or host>"; only a host belongs in source.
    const from = m.indexOf(' FROM ');
    if (from >= 0 && from < forAt) {
      const where = m.slice(from + 6, forAt);
      if (where.indexOf('tty') < 0 && where.indexOf('/') < 0) setSource(ev, where);
    }
    return markAuth(ev, 'login', 'authentication', 'start', 'failure');
  }
  return false;
}
