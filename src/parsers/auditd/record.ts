import { readAuditFields, type AuditFields } from './fields.js';
import { AUDIT_TYPE_NAMES } from './types.js';

/**
 * One audit record header and body: `[node=N ]type=T msg=audit(SECONDS.MILLIS:SERIAL): fields`
 * (audit.log, audispd), or the kernel's printk form `type=1400 audit(SECONDS.MILLIS:SERIAL): fields`.
 *
 * @example
 * const r: AuditRecord = { type: 'SYSCALL', timeMs: 1364481363243, sequence: 24287, fields: { syscall: '2' }, interpreted: {} };
 */
export interface AuditRecord extends AuditFields {
  /** Record type name (`SYSCALL`); a numeric type with no known name stays as its number (`UNKNOWN[1999]`). */
  type: string;
  node?: string;
  timeMs: number;
  /** The event serial shared by every record of one audit event (absent in journald's form). */
  sequence?: number;
}

const HEAD = /^(?:node=(\S+)\s+)?type=([A-Za-z0-9_[\]]+)\s+(?:msg=)?audit\((\d+)(?:\.(\d{1,9}))?:(\d+)\)\s*:\s*/;

/**
 * Where an audit record starts in a text (the `node=` or `type=` that opens it), or -1.
 *
 * @example
 * auditStart('Jan  5 10:00:00 h audispd: node=h type=USER_LOGIN msg=audit(1.0:1): x') // 27
 */
export function auditStart(s: string): number {
  const t = s.search(/(?:^|\s)(?:node=\S+\s+)?type=[A-Za-z0-9_[\]]+\s+(?:msg=)?audit\(/);
  if (t < 0) return -1;
  return /\s/.test(s[t]!) ? t + 1 : t;
}

/**
 * Read one audit record starting at `start`; `undefined` when the header is not there.
 *
 * @example
 * readAuditRecord('type=CWD msg=audit(1364481363.243:24287): cwd="/root"', 0)
 * // { type: 'CWD', timeMs: 1364481363243, sequence: 24287, fields: { cwd: '/root' }, interpreted: {} }
 */
export function readAuditRecord(s: string, start: number): AuditRecord | undefined {
  const m = HEAD.exec(start === 0 ? s : s.slice(start));
  if (!m) return undefined;
  let type = m[2]!;
  if (/^\d+$/.test(type)) type = AUDIT_TYPE_NAMES[Number(type)] ?? `UNKNOWN[${type}]`;
  const frac = m[4] ?? '0';
  const timeMs = Number(m[3]) * 1000 + Math.floor(Number(frac.padEnd(3, '0').slice(0, 3)));
  const rec: AuditRecord = { type, timeMs, sequence: Number(m[5]), fields: {}, interpreted: {} };
  if (m[1] !== undefined) rec.node = m[1];
  readAuditFields(start === 0 ? s : s.slice(start), m[0].length, rec, type === 'EXECVE');
  return rec;
}

const JOURNAL = /^([A-Z][A-Z0-9_]+)\s+(?=[a-z_-]+=)/;

/**
 * The form systemd-journald forwards audit records in (`audit[4242]: USER_END pid=4242 uid=0 …`):
 * the type as the first word, no `audit(…)` header, so no serial; the time is the envelope's.
 *
 * @example
 * readJournalAuditRecord('USER_END pid=1 uid=0 msg=\'op=PAM:session_close res=success\'', 0)?.type // 'USER_END'
 */
export function readJournalAuditRecord(s: string, timeMs: number): AuditRecord | undefined {
  const m = JOURNAL.exec(s);
  if (!m) return undefined;
  const rec: AuditRecord = { type: m[1]!, timeMs, fields: {}, interpreted: {} };
  readAuditFields(s, m[0].length, rec, rec.type === 'EXECVE');
  return rec;
}
