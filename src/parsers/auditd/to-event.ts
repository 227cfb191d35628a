import { isIP } from 'node:net';
import type { ParsedEvent } from '../../core/components.js';
import type { DraftEvent } from '../common/draft-event.js';
import type { AuditRecord } from './record.js';
import { AUDIT_TYPES } from './types.js';

/** auid/uid values that mean "not set" (the kernel's (uid_t)-1). */
const UNSET = new Set(['4294967295', '-1', 'unset', '(none)', '?', '']);
const FAILED = new Set(['failed', 'fail', 'no', '0', 'failure']);
const SUCCEEDED = new Set(['success', 'yes', '1']);

function num(v: string | undefined): number | undefined {
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : undefined;
}

function known(v: string | undefined): string | undefined {
  return v === undefined || UNSET.has(v) || v === '(null)' || v === '(unknown)' || v === '(invalid user)' ? undefined : v;
}

/**
 * Decode a SOCKADDR `saddr` (hex of a `struct sockaddr`): AF_INET, AF_INET6 (address and
 * port) and AF_UNIX (path). `undefined` for other families or malformed input.
 *
 * @example
 * decodeSaddr('02000050CB00710A0000000000000000') // { family: 'inet', ip: '203.0.113.10', port: 80 }
 */
export function decodeSaddr(hex: string | undefined): { family: string; ip?: string; port?: number; path?: string } | undefined {
  if (!hex || !/^(?:[0-9A-Fa-f]{2})+$/.test(hex)) return undefined;
  const b = Buffer.from(hex, 'hex');
  if (b.length < 2) return undefined;
  const fam = b.readUInt16LE(0);
  if (fam === 2 && b.length >= 8) return { family: 'inet', port: b.readUInt16BE(2), ip: [...b.subarray(4, 8)].join('.') };
  if (fam === 10 && b.length >= 24) {
    const groups: string[] = [];
    for (let i = 8; i < 24; i += 2) groups.push(b.readUInt16BE(i).toString(16));
    // The WHATWG URL parser prints IPv6 in its canonical compressed form.
    const ip = new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
    return { family: 'inet6', port: b.readUInt16BE(2), ip };
  }
  if (fam === 1) return { family: 'unix', path: b.subarray(2).toString('utf8').replace(/\0.*$/s, '') };
  return { family: String(fam) };
}

/** EXECVE `a0`…`a{argc-1}`, joining `aN[i]` chunks of long arguments. */
function execveArgs(f: Record<string, string>): string[] {
  const argc = num(f.argc) ?? 0;
  const args: string[] = [];
  for (let i = 0; i < Math.min(argc, 10_000); i++) {
    let a = f[`a${i}`];
    if (a === undefined) {
      const chunks: string[] = [];
      for (let j = 0; f[`a${i}[${j}]`] !== undefined; j++) chunks.push(f[`a${i}[${j}]`]!);
      if (chunks.length === 0) break;
      a = chunks.join('');
    }
    args.push(a);
  }
  return args;
}

function outcomeOf(rec: AuditRecord): 'success' | 'failure' | undefined {
  const v = (rec.fields.res ?? rec.fields.success ?? rec.fields.result)?.toLowerCase();
  if (v !== undefined) {
    if (FAILED.has(v)) return 'failure';
    if (SUCCEEDED.has(v)) return 'success';
  }
  const apparmor = rec.fields.apparmor?.toUpperCase();
  if (apparmor === 'DENIED') return 'failure';
  if (apparmor === 'ALLOWED' || apparmor === 'AUDIT') return 'success';
  const avc = /\b(denied|granted)\b/.exec(rec.fields._words ?? '')?.[1];
  if (avc) return avc === 'denied' ? 'failure' : 'success';
  return undefined;
}

/**
 * Map one audit record to an event (docs/formats/auditd.md). Records of one audit event
 * (SYSCALL + EXECVE + CWD + PATH… sharing `auditd.sequence`) stay separate events; a
 * detector that needs the whole event groups them by host and sequence.
 *
 * @example
 * recordToEvent(readAuditRecord('type=USER_LOGIN msg=audit(1.0:1): pid=1 uid=0 auid=4294967295 ses=4294967295 msg=\'op=login acct="bob" exe="/usr/sbin/sshd" hostname=? addr=203.0.113.9 terminal=ssh res=failed\'', 0)!, undefined)
 */
export function recordToEvent(rec: AuditRecord, hostname: string | undefined): ParsedEvent {
  const f = rec.fields;
  const it = rec.interpreted;
  const info = AUDIT_TYPES[rec.type];
  const ev: DraftEvent = {
    '@timestamp': new Date(rec.timeMs).toISOString(),
    event: { kind: 'event', module: 'auditd', dataset: 'auditd.log', action: rec.type.toLowerCase(), ...(info?.category ? { category: info.category } : {}), type: info?.type ?? ['info'] },
  };
  const outcome = outcomeOf(rec);
  if (outcome) ev.event.outcome = outcome;
  const host = rec.node ?? hostname;
  if (host) ev.host = { name: host };

  // Process.
  const proc: Record<string, unknown> = {};
  const pid = num(f.pid);
  if (pid !== undefined) proc.pid = pid;
  const ppid = num(f.ppid);
  if (ppid !== undefined) proc.parent = { pid: ppid };
  const exe = known(f.exe);
  if (exe) proc.executable = exe;
  const comm = known(f.comm);
  if (comm) proc.name = comm;
  else if (exe) proc.name = exe.slice(exe.lastIndexOf('/') + 1);
  if (rec.type === 'EXECVE') {
    const args = execveArgs(f);
    if (args.length > 0) {
      proc.args = args;
      proc.command_line = args.join(' ');
    }
  }
  if (rec.type === 'PROCTITLE' && f.proctitle) {
    proc.title = f.proctitle;
    proc.command_line = f.proctitle;
  }
  if (rec.type === 'USER_CMD' && known(f.cmd)) proc.command_line = f.cmd;
  if (known(f.cwd) && (rec.type === 'CWD' || rec.type === 'USER_CMD')) proc.working_directory = f.cwd;
  if (Object.keys(proc).length > 0) ev.process = proc;

  // Users: auid is who logged in originally, uid/euid the current identities, acct the account named.
  const user: Record<string, unknown> = {};
  const auid = known(f.auid);
  const auidName = known(it.AUID);
  if (auid !== undefined || auidName !== undefined) user.audit = { ...(auid !== undefined ? { id: auid } : {}), ...(auidName ? { name: auidName } : {}) };
  const uid = known(f.uid);
  if (uid !== undefined) user.id = uid;
  const uidName = known(it.UID);
  if (uidName) user.name = uidName;
  const euid = known(f.euid);
  if (euid !== undefined && euid !== uid) user.effective = { id: euid, ...(known(it.EUID) ? { name: it.EUID } : {}) };
  const acct = known(f.acct);
  const id = known(f.id);
  const group: Record<string, string> = {};
  if (info?.targetAccount) {
    if (info.group) {
      const g = acct ?? known(f.grp);
      if (g) group.name = g;
      const gid = id ?? known(f.gid);
      if (gid !== undefined) group.id = gid;
    } else if (acct !== undefined || id !== undefined) {
      user.target = { ...(acct ? { name: acct } : {}), ...(id !== undefined ? { id } : {}) };
    }
    // The actor of user management is the login user behind it.
    if (!user.name && auidName) user.name = auidName;
  } else if (acct !== undefined) {
    user.name = acct;
    if (uid !== undefined && f.acct !== undefined) delete user.id;
  } else if (id !== undefined && /^USER_|^LOGIN$/.test(rec.type)) {
    user.id = id;
  }
  if (Object.keys(user).length > 0) ev.user = user;
  if (f.acct === '(invalid user)') ev.wardwatch = { invalid_user: true };
  if (Object.keys(group).length > 0) ev.group = group;

  // Network peer of logins.
  const addr = known(f.addr);
  const srcHost = known(f.hostname);
  if (addr && isIP(addr)) ev.source = { ip: addr, ...(srcHost && srcHost !== addr ? { address: srcHost } : {}) };
  // Without an address, `hostname=` of user management records is the local host, not a peer.
  else if (srcHost && info?.category?.some((c) => c === 'authentication' || c === 'session')) ev.source = { address: srcHost };

  // Socket addresses of connect/bind/accept (SOCKADDR records).
  if (rec.type === 'SOCKADDR') {
    const sa = decodeSaddr(f.saddr);
    if (sa?.ip && isIP(sa.ip)) ev.destination = { ip: sa.ip, ...(sa.port !== undefined ? { port: sa.port } : {}) };
    if (sa?.path) ev.file = { path: sa.path };
    if (sa) f.saddr_family = sa.family;
  }

  // Files.
  if (rec.type === 'PATH' && known(f.name)) {
    ev.file = { path: f.name, ...(f.inode ? { inode: f.inode } : {}), ...(f.mode ? { mode: f.mode } : {}), ...(f.ouid ? { uid: f.ouid } : {}), ...(f.ogid ? { gid: f.ogid } : {}) };
  } else if ((rec.type === 'AVC' || rec.type === 'USER_AVC') && known(f.name ?? f.path)) {
    ev.file = { path: (f.name ?? f.path)! };
  }
  let avc: Record<string, unknown> | undefined;
  if (rec.type === 'AVC' || rec.type === 'USER_AVC') {
    // SELinux: `avc:  denied  { read write } for …`; AppArmor: `apparmor="DENIED" requested_mask="r"`.
    const perms = /\{\s*([^}]*?)\s*\}/.exec(f._words ?? '')?.[1];
    const verdict = /\b(denied|granted)\b/.exec(f._words ?? '')?.[1] ?? f.apparmor?.toLowerCase();
    ev.event.type = [...((ev.event.type as string[] | undefined) ?? []), ...(outcome === 'failure' ? ['denied'] : outcome === 'success' ? ['allowed'] : [])];
    avc = {};
    if (verdict) avc.result = verdict;
    if (perms) avc.permissions = perms.split(/\s+/);
    else if (f.requested_mask) avc.permissions = [f.requested_mask];
  }

  const tags = known(f.key) ? [f.key!] : undefined;
  if (tags) ev.tags = tags;
  const related: { user?: string[]; ip?: string[] } = {};
  const users = [user.name, (user.target as { name?: string } | undefined)?.name, auidName].filter((x): x is string => typeof x === 'string');
  if (users.length > 0) related.user = [...new Set(users)];
  if (ev.source?.ip) related.ip = [ev.source.ip];
  if (related.user || related.ip) ev.related = related;

  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (k !== '_words') data[k] = v;
  const auditd: Record<string, unknown> = { ...(rec.sequence !== undefined ? { sequence: rec.sequence } : {}), record_type: rec.type, data };
  if (f._words) auditd.message = f._words;
  if (Object.keys(it).length > 0) auditd.interpreted = { ...it };
  const ses = known(f.ses);
  if (ses !== undefined) auditd.session = ses;
  if (avc && Object.keys(avc).length > 0) auditd.avc = avc;
  ev.auditd = auditd;
  return ev as ParsedEvent;
}
