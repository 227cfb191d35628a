import type { ParsedEvent } from '../../core/components.js';
import { draft, type DraftEvent } from '../common/draft-event.js';
import { parseAccountMessage } from './accounts.js';
import { readInt, setWardwatch } from './fields.js';
import { parseFtpdMessage } from './ftpd.js';
import { parseKlogindMessage } from './klogind.js';
import { parseLoginMessage } from './login.js';
import { parsePamBody, parsePamPrefixed } from './pam.js';
import { parseSshdMessage } from './sshd.js';
import { parseSuMessage } from './su.js';
import { parseSudoMessage } from './sudo.js';

type ProgramParser = (message: string, ev: DraftEvent) => boolean;

/** Auth programs by syslog APP-NAME. Their PAM lines are recognised whatever the program. */
const PROGRAMS = new Map<string, ProgramParser>([
  ['sshd', parseSshdMessage],
  ['sudo', parseSudoMessage],
  ['su', parseSuMessage],
  ['login', parseLoginMessage],
  ['useradd', parseAccountMessage],
  ['groupadd', parseAccountMessage],
  ['usermod', parseAccountMessage],
  ['userdel', parseAccountMessage],
  ['groupdel', parseAccountMessage],
  ['groupmod', parseAccountMessage],
  ['passwd', parseAccountMessage],
  ['chpasswd', parseAccountMessage],
  ['gpasswd', parseAccountMessage],
  ['klogind', parseKlogindMessage],
  ['ftpd', parseFtpdMessage],
]);

/**
 * Program names whose messages {@link parseAuthMessage} knows.
 *
 * @example
 * AUTH_PROGRAMS.has('sshd') // true
 */
export const AUTH_PROGRAMS: ReadonlySet<string> = new Set(PROGRAMS.keys());

const REPEATED = 'message repeated ';

/** `message repeated N times: [ INNER]` (rsyslog's reduction of identical lines). */
function repeated(appname: string | undefined, m: string, event: ParsedEvent): boolean | undefined {
  const sp = m.indexOf(' ', REPEATED.length);
  const n = readInt(m, REPEATED.length, sp);
  if (n < 0 || !m.startsWith(' times: [', sp)) return undefined;
  let start = sp + 9;
  if (m.charCodeAt(start) === 32) start++;
  const end = m.charCodeAt(m.length - 1) === 93 ? m.length - 1 : m.length;
  const recognised = parseAuthMessage(appname, m.slice(start, end), event);
  setWardwatch(draft(event), { repeat: n });
  return recognised;
}

/**
 * Enrich a syslog envelope event with what a Linux auth message says. `appname` picks the
 * program parser (sshd, sudo, su, login, useradd & co., klogind, ftpd); `pam_*(svc:type): …`
 * lines are recognised from any program, as are bare PAM bodies from auth programs and from
 * old `prog(pam_unix)` tags (which the envelope records in `wardwatch.pam`).
 * `message repeated N times: [ … ]` is unwrapped and sets `wardwatch.repeat`.
 *
 * Recognised messages get `event.module` `linux-auth`, `event.dataset` `linux.auth`,
 * `event.action`, `event.category`, `event.type`, usually `event.outcome`, and the users and
 * addresses involved (also in `related.*`). Returns whether the message was recognised;
 * an unrecognised message leaves the event as the envelope made it (it is not an error).
 *
 * @example
 * const ev = { '@timestamp': '2025-12-10T06:55:46.000Z', event: { kind: 'event', module: 'syslog' } };
 * parseAuthMessage('sshd', 'Invalid user webmaster from 173.234.31.186', ev) // true
 * // ev.event.action 'ssh_invalid_user', ev.user.name 'webmaster', ev.source.ip '173.234.31.186'
 */
export function parseAuthMessage(appname: string | undefined, message: string, event: ParsedEvent): boolean {
  const ev = draft(event);
  if (message.startsWith(REPEATED)) {
    const r = repeated(appname, message, event);
    if (r !== undefined) return r;
  }
  if (message.startsWith('pam_')) return parsePamPrefixed(message, ev);
  const program = appname === undefined ? undefined : PROGRAMS.get(appname);
  if (program !== undefined && program(message, ev)) return true;
  if ((program !== undefined || ev.wardwatch?.pam !== undefined) && parsePamBody(message, ev)) return true;
  // Old login(1) logged "ROOT LOGIN ON tty2" under an ident of "-- root".
  if (message.startsWith('ROOT LOGIN ')) return parseLoginMessage(message, ev);
  return false;
}
