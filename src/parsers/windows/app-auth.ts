import type { ParsedEvent } from '../../core/components.js';
import { parseAuthMessage } from '../linux-auth/parse-auth-message.js';
import { KIND_TEXT, type FailureKind } from './codes.js';
import { sourceIp } from './security.js';

type Obj = Record<string, unknown>;

/** The strings of an event with unnamed `<Data>`: a list, python-evtx's `<string>…</string>` text, or winlogbeat's param1…n. */
function dataStrings(raw: Obj): string[] {
  const d = raw.Data;
  if (Array.isArray(d)) return d.map((x) => (typeof x === 'string' ? x : ''));
  if (typeof d === 'string') {
    const tagged = [...d.matchAll(/<string>([\s\S]*?)<\/string>/g)].map((m) => m[1]!);
    return tagged.length ? tagged : [d];
  }
  const params: string[] = [];
  for (let i = 1; typeof raw[`param${i}`] === 'string'; i++) params.push(raw[`param${i}`] as string);
  return params;
}

/** What SQL Server's "Reason:" says, as the kind of failure. */
function sqlKind(reason: string): FailureKind {
  if (/password did not match/i.test(reason)) return 'bad_password';
  if (/could not find a login/i.test(reason)) return 'unknown_user';
  if (/configured for windows authentication only/i.test(reason)) return 'bad_credentials';
  if (/disabled/i.test(reason)) return 'disabled';
  if (/locked out/i.test(reason)) return 'locked';
  if (/expired/i.test(reason)) return 'expired';
  return 'other';
}

function sqlLogin(e: ParsedEvent, ok: boolean, user: string | undefined, statement: string, address: string | undefined): void {
  e.event.category = ['authentication', 'database'];
  e.event.type = ['start'];
  e.event.action = ok ? 'sql-login' : 'sql-login-failed';
  e.event.outcome = ok ? 'success' : 'failure';
  if (user) e.user = { name: user };
  const client = sourceIp(address ?? /\[CLIENT: ([^\]\s]+)\]/.exec(statement)?.[1]);
  if (client) e.source = { ip: client };
  if (!ok) {
    const reason = /Reason: ([^[]*?)\s*(?:\[|$)/.exec(statement)?.[1] ?? '';
    const kind = sqlKind(reason);
    e.event.reason = reason ? `${KIND_TEXT[kind]} (${reason.replace(/\.$/, '')})` : KIND_TEXT[kind];
    e.wardwatch = { ...((e.wardwatch as Obj | undefined) ?? {}), failure_kind: kind };
  }
}

/**
 * Logons that applications write to the Windows event log: SQL Server's failed login (18456) and
 * its audit records (33205, `action_id` LGIF/LGIS), and Win32-OpenSSH's `OpenSSH/Operational`
 * events, whose payload is the sshd message the Linux parser already reads.
 *
 * @example
 * mapApplicationAuth('OpenSSH/Operational', 4, { payload: 'Failed password for bob from 10.0.0.9 port 5 ssh2' }, ev)
 * // ev.event.outcome 'failure', ev.user.name 'bob', ev.source.ip '10.0.0.9'
 */
export function mapApplicationAuth(channel: string, eid: number, raw: Obj, e: ParsedEvent): void {
  const provider = typeof raw.Provider_Name === 'string' ? raw.Provider_Name : '';
  if (channel.toLowerCase() === 'openssh/operational' && typeof raw.payload === 'string') {
    const keep = { module: e.event.module, dataset: e.event.dataset };
    if (parseAuthMessage('sshd', raw.payload, e)) {
      e.event.module = keep.module;
      if (keep.dataset) e.event.dataset = keep.dataset;
      if (e.event.outcome === 'failure') {
        const kind: FailureKind = /invalid user/i.test(raw.payload) ? 'unknown_user' : /password/i.test(raw.payload) ? 'bad_password' : 'bad_credentials';
        e.event.reason ??= KIND_TEXT[kind];
        e.wardwatch = { ...((e.wardwatch as Obj | undefined) ?? {}), failure_kind: kind };
      }
    }
    return;
  }
  if (!/^MSSQL(\$|SERVER)/i.test(provider)) return;
  const strings = dataStrings(raw);
  if (eid === 18456) {
    sqlLogin(e, false, strings[0]?.trim(), strings.join(' '), undefined);
  } else if (eid === 33205) {
    const fields: Record<string, string> = {};
    for (const line of strings.join('\n').split('\n')) {
      const i = line.indexOf(':');
      if (i > 0) fields[line.slice(0, i)] = line.slice(i + 1);
    }
    const action = fields.action_id?.trim();
    if (action !== 'LGIF' && action !== 'LGIS') return;
    const address = /<address>([^<]+)<\/address>/.exec(fields.additional_information ?? '')?.[1];
    sqlLogin(e, action === 'LGIS', fields.server_principal_name?.trim() || undefined, fields.statement ?? '', address);
  }
}
