import type { DraftEvent } from '../common/draft-event.js';
import { markAuth, setTargetUser, setUserName } from './fields.js';

/** `name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash` → key → value. */
function readCommaFields(m: string, start: number): Map<string, string> {
  const out = new Map<string, string>();
  let i = start;
  while (i < m.length) {
    let end = m.indexOf(', ', i);
    if (end < 0) end = m.length;
    const eq = m.indexOf('=', i);
    if (eq > i && eq < end) out.set(m.slice(i, eq), m.slice(eq + 1, end));
    i = end + 2;
  }
  return out;
}

/** The text between the first pair of single quotes at or after `from`, with the index past it. */
function quoted(m: string, from: number): [string, number] | undefined {
  const open = m.indexOf("'", from);
  const close = open < 0 ? -1 : m.indexOf("'", open + 1);
  return close < 0 ? undefined : [m.slice(open + 1, close), close + 1];
}

function setGroup(ev: DraftEvent, name: string | undefined, id?: string): void {
  const group: { name?: string; id?: string } = {};
  if (name) group.name = name;
  if (id) group.id = id;
  ev.group = group;
}

/** `new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash[, from=/dev/pts/0]` */
function newUser(m: string, ev: DraftEvent): boolean {
  const f = readCommaFields(m, 10);
  const name = f.get('name');
  if (!name) return false;
  setTargetUser(ev, name);
  const target = ev.user!.target!;
  const uid = f.get('UID');
  if (uid) target.id = uid;
  const gid = f.get('GID');
  if (gid) target.group = { id: gid };
  return markAuth(ev, 'user_created', 'iam', ['user', 'creation'], 'success');
}

/** `new group: name=devs, GID=1002` */
function newGroup(m: string, ev: DraftEvent): boolean {
  const f = readCommaFields(m, 11);
  const name = f.get('name');
  if (!name) return false;
  setGroup(ev, name, f.get('GID'));
  return markAuth(ev, 'group_created', 'iam', ['group', 'creation'], 'success');
}

/**
 * `add 'bob' to group 'sudo'` / `delete 'bob' from group 'sudo'` (usermod, userdel). The
 * `… shadow group …` twins that follow each of these repeat the same change and are left
 * unrecognised, so one change is one event.
 */
function membership(m: string, ev: DraftEvent, added: boolean): boolean {
  const user = quoted(m, 0);
  if (!user) return false;
  const joiner = added ? ' to group ' : ' from group ';
  if (!m.startsWith(joiner, user[1])) return false;
  const group = quoted(m, user[1] + joiner.length - 1);
  if (!group) return false;
  setTargetUser(ev, user[0]);
  setGroup(ev, group[0]);
  return markAuth(
    ev,
    added ? 'group_member_added' : 'group_member_removed',
    'iam',
    ['group', 'change'],
    'success',
  );
}

/** `user bob added by root to group sudo` (gpasswd). */
function gpasswdAdd(m: string, ev: DraftEvent): boolean {
  const by = m.indexOf(' added by ', 5);
  const to = by < 0 ? -1 : m.indexOf(' to group ', by);
  if (to < 0) return false;
  setTargetUser(ev, m.slice(5, by));
  setUserName(ev, m.slice(by + 10, to));
  setGroup(ev, m.slice(to + 10));
  return markAuth(ev, 'group_member_added', 'iam', ['group', 'change'], 'success');
}

/**
 * Recognise the account-management tools' messages (useradd, groupadd, usermod, userdel,
 * groupdel, passwd, chpasswd, gpasswd): user and group creation and deletion, group
 * membership and password changes, all in ECS category `iam`.
 *
 * @example
 * parseAccountMessage('new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash', ev)
 * // true; event.action 'user_created', user.target { name: 'bob', id: '1001', group: { id: '1001' } }
 */
export function parseAccountMessage(m: string, ev: DraftEvent): boolean {
  if (m.startsWith('new user: ')) return newUser(m, ev);
  if (m.startsWith('new group: ')) return newGroup(m, ev);
  if (m.startsWith("add '")) return membership(m, ev, true);
  if (m.startsWith("delete '")) return membership(m, ev, false);
  if (m.startsWith("delete user '")) {
    const user = quoted(m, 12);
    if (!user) return false;
    setTargetUser(ev, user[0]);
    return markAuth(ev, 'user_deleted', 'iam', ['user', 'deletion'], 'success');
  }
  if (m.startsWith("removed group '") || (m.startsWith("group '") && m.endsWith("' removed"))) {
    const group = quoted(m, 0);
    if (!group) return false;
    setGroup(ev, group[0]);
    return markAuth(ev, 'group_deleted', 'iam', ['group', 'deletion'], 'success');
  }
  if (m.startsWith("password for '")) {
    // passwd: "password for 'bob' changed by 'root'"
    const user = quoted(m, 0);
    if (!user || !m.startsWith(' changed by ', user[1])) return false;
    const by = quoted(m, user[1]);
    setTargetUser(ev, user[0]);
    if (by) setUserName(ev, by[0]);
    return markAuth(ev, 'password_changed', 'iam', ['user', 'change'], 'success');
  }
  if (m.startsWith("change user '") && m.endsWith("' password")) {
    // usermod -p
    const user = quoted(m, 0);
    if (!user) return false;
    setTargetUser(ev, user[0]);
    return markAuth(ev, 'password_changed', 'iam', ['user', 'change'], 'success');
  }
  if (m.startsWith('user ') && m.indexOf(' added by ') > 0) return gpasswdAdd(m, ev);
  return false;
}
