import type { DraftEvent } from '../common/draft-event.js';
import { markAuth, setSwitchedUser, setUserName } from './fields.js';

/** Who switched (`user.name`) to whom (`user.effective`/`user.target`), and how it went. */
function su(ev: DraftEvent, by: string, to: string, outcome: 'success' | 'failure'): boolean {
  if (!by || !to) return false;
  setUserName(ev, by);
  setSwitchedUser(ev, to);
  return markAuth(ev, 'su', 'authentication', 'start', outcome);
}

/** `Successful su for TO by BY` / `FAILED su for TO by BY` (shadow-utils). */
function forBy(m: string, start: number, outcome: 'success' | 'failure', ev: DraftEvent): boolean {
  const by = m.indexOf(' by ', start);
  return by > start && su(ev, m.slice(by + 4), m.slice(start, by), outcome);
}

/** `+ pts/0 BY:TO` / `- pts/0 BY:TO` (shadow-utils' sulog style). */
function sulog(m: string, ev: DraftEvent): boolean {
  const sp = m.indexOf(' ', 2);
  const colon = m.indexOf(':', sp);
  if (sp < 0 || colon < 0 || m.indexOf(' ', sp + 1) >= 0) return false;
  return su(ev, m.slice(sp + 1, colon), m.slice(colon + 1), m.charCodeAt(0) === 43 ? 'success' : 'failure');
}

/** `(to TO) BY on TTY` (util-linux), after an optional `FAILED SU `. */
function toOn(m: string, start: number, outcome: 'success' | 'failure', ev: DraftEvent): boolean {
  const close = m.indexOf(') ', start);
  if (close < 0) return false;
  const on = m.indexOf(' on ', close);
  return su(ev, m.slice(close + 2, on < 0 ? m.length : on), m.slice(start + 4, close), outcome);
}

/** `'su TO' failed for BY on /dev/pts/8` (BSD su, the RFC 3164/5424 example). */
function quoted(m: string, ev: DraftEvent): boolean {
  const q = m.indexOf("' ", 4);
  if (q < 0) return false;
  let outcome: 'success' | 'failure';
  let at = q + 2;
  if (m.startsWith('failed for ', at)) {
    outcome = 'failure';
    at += 11;
  } else if (m.startsWith('succeeded for ', at)) {
    outcome = 'success';
    at += 14;
  } else return false;
  const on = m.indexOf(' on ', at);
  return su(ev, m.slice(at, on < 0 ? m.length : on), m.slice(4, q), outcome);
}

/**
 * Recognise su's own messages (the PAM lines of `su` are handled by the PAM parser).
 * The action is always `su`; `event.outcome` says whether the switch happened.
 *
 * @example
 * parseSuMessage('FAILED su for root by alice', ev)
 * // true; user.name 'alice', user.effective.name 'root', event.outcome 'failure'
 */
export function parseSuMessage(m: string, ev: DraftEvent): boolean {
  if (m.startsWith('Successful su for ')) return forBy(m, 18, 'success', ev);
  if (m.startsWith('FAILED su for ')) return forBy(m, 14, 'failure', ev);
  if (m.startsWith('+ ') || m.startsWith('- ')) return sulog(m, ev);
  if (m.startsWith('(to ')) return toOn(m, 0, 'success', ev);
  if (m.startsWith('FAILED SU (to ')) return toOn(m, 10, 'failure', ev);
  if (m.startsWith("'su ")) return quoted(m, ev);
  return false;
}
