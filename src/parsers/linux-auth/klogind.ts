import type { DraftEvent } from '../common/draft-event.js';
import { markAuth, setSource } from './fields.js';

const FROM = 'Authentication failed from ';

/**
 * Recognise the Kerberos rlogin daemon's failures: `Kerberos authentication failed` and
 * `Authentication failed from IP (HOST): REASON` (which names the client; klogind writes
 * both for one attempt, with the same pid, so detectors can fold them).
 *
 * @example
 * parseKlogindMessage('Authentication failed from 163.27.187.39 (163.27.187.39): Software caused connection abort', ev)
 * // true; event.action 'klogind_auth_failure', source.ip '163.27.187.39', event.reason 'Software caused connection abort'
 */
export function parseKlogindMessage(m: string, ev: DraftEvent): boolean {
  if (m === 'Kerberos authentication failed') {
    return markAuth(ev, 'kerberos_auth_failure', 'authentication', 'start', 'failure');
  }
  if (!m.startsWith(FROM)) return false;
  const sp = m.indexOf(' ', FROM.length);
  const ip = m.slice(FROM.length, sp < 0 ? m.length : sp);
  if (!ip) return false;
  setSource(ev, ip);
  if (sp >= 0 && m.charCodeAt(sp + 1) === 40) {
    const close = m.indexOf(')', sp);
    const host = close < 0 ? '' : m.slice(sp + 2, close);
    if (host && host !== ip) (ev.source ??= {}).domain = host;
    const reason = close < 0 ? -1 : m.indexOf(': ', close);
    if (reason >= 0) ev.event.reason = m.slice(reason + 2);
  }
  return markAuth(ev, 'klogind_auth_failure', 'authentication', 'start', 'failure');
}
