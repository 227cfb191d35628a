import type { EventCategory } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';
import { isIpAddress } from './address.js';

/**
 * Mark an event as a recognised Linux auth message: `event.module` `linux-auth`,
 * `event.dataset` `linux.auth`, plus its action, categorisation and outcome.
 *
 * @example
 * markAuth(ev, 'ssh_login', 'authentication', 'start', 'failure');
 */
export function markAuth(
  ev: DraftEvent,
  action: string,
  category: EventCategory,
  type: string | string[],
  outcome?: 'success' | 'failure',
): true {
  const e = ev.event;
  e.module = 'linux-auth';
  e.dataset = 'linux.auth';
  e.action = action;
  // Fresh arrays per event: consumers may append to them.
  e.category = [category];
  e.type = typeof type === 'string' ? [type] : type;
  if (outcome !== undefined) e.outcome = outcome;
  return true;
}

/**
 * Append to `related.user` / `related.ip` / `related.hosts` without duplicates.
 *
 * @example
 * addRelated(ev, 'user', 'root'); // ev.related.user → ['root']
 */
export function addRelated(ev: DraftEvent, kind: 'user' | 'ip' | 'hosts', value: string): void {
  const related = (ev.related ??= {});
  const list = related[kind];
  if (list === undefined) related[kind] = [value];
  else if (!list.includes(value)) list.push(value);
}

/**
 * Set `user.name` (and `related.user`); empty names are ignored.
 *
 * @example
 * setUserName(ev, 'alice');
 */
export function setUserName(ev: DraftEvent, name: string | undefined): void {
  if (!name) return;
  (ev.user ??= {}).name = name;
  addRelated(ev, 'user', name);
}

/**
 * Set `user.target.name` (the account acted upon) and `related.user`.
 *
 * @example
 * setTargetUser(ev, 'bob');
 */
export function setTargetUser(ev: DraftEvent, name: string | undefined): void {
  if (!name) return;
  const user = (ev.user ??= {});
  (user.target ??= {}).name = name;
  addRelated(ev, 'user', name);
}

/**
 * Privilege change (`su`, `sudo`): the account switched to is both `user.effective` (ECS:
 * the identity the action ran as) and `user.target` (the account acted upon), so rules
 * written against either field find it.
 *
 * @example
 * setSwitchedUser(ev, 'root'); // user.effective.name = user.target.name = 'root'
 */
export function setSwitchedUser(ev: DraftEvent, name: string | undefined): void {
  if (!name) return;
  const user = (ev.user ??= {});
  (user.effective ??= {}).name = name;
  (user.target ??= {}).name = name;
  addRelated(ev, 'user', name);
}

/**
 * Set the remote end: `source.ip` when `host` is an address, else `source.domain`
 * (sshd with `UseDNS`, PAM `rhost=`). Empty hosts are ignored.
 *
 * @example
 * setSource(ev, '203.0.113.9', 52144); // source: { ip: '203.0.113.9', port: 52144 }
 */
export function setSource(ev: DraftEvent, host: string | undefined, port?: number): void {
  if (!host) return;
  const source = (ev.source ??= {});
  if (isIpAddress(host)) {
    source.ip = host;
    addRelated(ev, 'ip', host);
  } else {
    source.domain = host;
    addRelated(ev, 'hosts', host);
  }
  if (port !== undefined) source.port = port;
}

/**
 * Merge into the `wardwatch` namespace.
 *
 * @example
 * setWardwatch(ev, { repeat: 5 });
 */
export function setWardwatch(ev: DraftEvent, fields: NonNullable<DraftEvent['wardwatch']>): void {
  ev.wardwatch = ev.wardwatch === undefined ? fields : Object.assign(ev.wardwatch, fields);
}

/**
 * The non-negative integer written in s[from, to), or -1. Bounded to 9 digits so a
 * hostile line cannot produce an imprecise number.
 *
 * @example
 * readInt('port 22', 5, 7) // 22
 */
export function readInt(s: string, from: number, to: number): number {
  if (to <= from || to - from > 9) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + c - 48;
  }
  return n;
}
