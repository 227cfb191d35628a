import type { ParsedEvent } from '../../core/components.js';
import { FAILURE_REASONS, KERBEROS_STATUS, KIND_TEXT, LOGON_TYPES, NT_STATUS, type FailureKind } from './codes.js';

type Obj = Record<string, unknown>;

const AUDIT_FAILURE = 0x10000000000000n;
const AUDIT_SUCCESS = 0x20000000000000n;

function text(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' || t === '-' ? undefined : t;
}

/** `0x00000006`, `0xC000006A`, `6` → the number; undefined when absent or not a number. */
export function statusNumber(v: unknown): number | undefined {
  const t = text(v);
  if (t === undefined) return undefined;
  const n = /^0x/i.test(t) ? parseInt(t.slice(2), 16) : /^\d+$/.test(t) ? Number(t) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** NTSTATUS as the lower-case 8-digit hex key of {@link NT_STATUS}: `0xc000006a`. */
function ntKey(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/**
 * Audit success or failure from the keywords, in every shape they come: EVTX hex text
 * (`0x8010000000000000`), NXLog's signed 64-bit number, winlogbeat's names
 * (`["Audit Failure"]`), or NXLog's `EventType: AUDIT_FAILURE`.
 *
 * @example
 * auditOutcome({ Keywords: '0x8010000000000000' }) // 'failure'
 */
export function auditOutcome(raw: Obj): 'success' | 'failure' | undefined {
  const k = raw.Keywords;
  if (Array.isArray(k)) {
    if (k.some((x) => /audit failure/i.test(String(x)))) return 'failure';
    if (k.some((x) => /audit success/i.test(String(x)))) return 'success';
  } else {
    let bits: bigint | undefined;
    try {
      if (typeof k === 'number' && Number.isInteger(k)) bits = BigInt.asUintN(64, BigInt(k));
      else if (typeof k === 'string' && /^0x[0-9a-f]+$/i.test(k.trim())) bits = BigInt(k.trim());
      else if (typeof k === 'string' && /^-?\d+$/.test(k.trim())) bits = BigInt.asUintN(64, BigInt(k.trim()));
    } catch {
      bits = undefined;
    }
    if (bits !== undefined) {
      if (bits & AUDIT_FAILURE) return 'failure';
      if (bits & AUDIT_SUCCESS) return 'success';
    }
  }
  const t = typeof raw.EventType === 'string' ? raw.EventType.toUpperCase() : '';
  if (t === 'AUDIT_FAILURE') return 'failure';
  if (t === 'AUDIT_SUCCESS') return 'success';
  return undefined;
}

/** `DOMAIN\user` or `user@domain` or `user` → name and domain. */
function splitUser(name: string, domain: string | undefined): { name: string; domain?: string } {
  const at = name.indexOf('@');
  if (at > 0) return { name: name.slice(0, at), domain: domain ?? name.slice(at + 1) };
  const bs = name.indexOf('\\');
  if (bs > 0) return { name: name.slice(bs + 1), domain: name.slice(0, bs) };
  return domain ? { name, domain } : { name };
}

function userOf(name: unknown, domain: unknown, sid: unknown): Obj | undefined {
  const n = text(name);
  if (!n) return undefined;
  const u: Obj = splitUser(n, text(domain));
  const id = text(sid);
  if (id && id !== 'S-1-0-0') u.id = id;
  return u;
}

/** `::ffff:10.0.0.1` → `10.0.0.1`; "-", empty and loopback (a local logon) give no source address. */
export function sourceIp(v: unknown): string | undefined {
  let t = text(v);
  if (!t) return undefined;
  if (t.toLowerCase().startsWith('::ffff:')) t = t.slice(7);
  if (t === '::1' || t.startsWith('127.') || t === '0.0.0.0' || t === '::') return undefined;
  return t;
}

function workstation(v: unknown): string | undefined {
  const t = text(v)?.replace(/^\\\\/, '');
  return t || undefined;
}

interface Failure { code: string; kind: FailureKind; status?: string; subStatus?: string; reason?: string }

/** Why a failed 4625/4776/4768/4769/4771 failed: the deciding status code, its kind and descriptions. */
function failureOf(eid: number, raw: Obj): Failure | undefined {
  const status = statusNumber(raw.Status ?? raw.FailureCode);
  if (eid === 4768 || eid === 4769 || eid === 4771) {
    if (status === undefined || status === 0) return undefined;
    const info = KERBEROS_STATUS.get(status);
    const code = `0x${status.toString(16)}`;
    // A service-ticket (4769) failure follows a valid TGT: it is never a guessed password.
    const kind = eid === 4769 ? 'other' : info?.kind ?? 'other';
    return { code, kind, ...(info ? { status: info.text } : {}) };
  }
  if (eid !== 4625 && eid !== 4776) return undefined;
  if (status === undefined || (eid === 4776 && status === 0)) return eid === 4625 ? { code: 'unknown', kind: 'bad_credentials' } : undefined;
  const sub = statusNumber(raw.SubStatus);
  // 4625's SubStatus says which half of "unknown user name or bad password" it was.
  const deciding = sub !== undefined && sub !== 0 ? sub : status;
  const info = NT_STATUS.get(ntKey(deciding));
  const f: Failure = { code: ntKey(deciding), kind: info?.kind ?? 'other' };
  const st = NT_STATUS.get(ntKey(status));
  if (st) f.status = st.text;
  if (sub !== undefined && sub !== 0 && NT_STATUS.get(ntKey(sub))) f.subStatus = NT_STATUS.get(ntKey(sub))!.text;
  const fr = text(raw.FailureReason)?.replace(/^%%/, '');
  if (fr && FAILURE_REASONS[fr]) f.reason = FAILURE_REASONS[fr];
  return f;
}

const TARGET_IS_USER = new Set([4624, 4625, 4634, 4647, 4768, 4769, 4770, 4771, 4776]);
const KERBEROS_OR_NTLM_STATUS = new Set([4768, 4769, 4776]);
const ALWAYS_FAILURE = new Set([4625, 4771]);
const SUCCESS_WITHOUT_KEYWORDS = new Set([4624, 4634, 4647, 4648]);

function outcomeOf(eid: number, raw: Obj): 'success' | 'failure' | undefined {
  if (ALWAYS_FAILURE.has(eid)) return 'failure';
  if (KERBEROS_OR_NTLM_STATUS.has(eid)) {
    const s = statusNumber(raw.Status);
    if (s !== undefined) return s === 0 ? 'success' : 'failure';
  }
  return auditOutcome(raw) ?? (SUCCESS_WITHOUT_KEYWORDS.has(eid) ? 'success' : undefined);
}

function memberName(raw: Obj): string | undefined {
  const m = text(raw.MemberName);
  if (m) {
    const cn = /^CN=((?:\\,|[^,])+)/i.exec(m);
    return cn ? cn[1]!.replace(/\\,/g, ',') : m;
  }
  return text(raw.MemberSid);
}

/**
 * Map a Security-log event the way winlogbeat's Security module does: `event.outcome` (from the
 * keywords, or the status of 4768/4769/4776; 4625 and 4771 are failures), the users (target of a
 * logon → `user`, its requester → `source.user`; 4648 and account management: subject → `user`,
 * target → `user.target`; group changes → `group` and the member in `user.target`), the source
 * (`source.ip` without `::ffff:`, `source.domain` = workstation), `winlog.logon.type` by name and,
 * for failures, `winlog.logon.failure.*` descriptions, `error.code`, `event.reason` ("wrong
 * password (0xc000006a)") and `wardwatch.failure_kind`, which the authentication detectors use.
 *
 * @example
 * mapSecurity(4625, { Status: '0xc000006d', SubStatus: '0xc000006a', TargetUserName: 'bob' }, ev)
 * // ev.event.outcome 'failure', ev.event.reason 'wrong password (0xc000006a)', ev.user.name 'bob'
 */
export function mapSecurity(eid: number, raw: Obj, e: ParsedEvent): void {
  const outcome = outcomeOf(eid, raw);
  if (outcome) e.event.outcome = outcome;
  const winlog = (e.winlog ?? {}) as Obj;
  e.winlog = winlog;
  const logon: Obj = {};
  const lt = text(raw.LogonType);
  if (lt) logon.type = LOGON_TYPES[lt] ?? lt;
  const logonId = eid === 4634 || eid === 4647 || eid === 4624 ? text(raw.TargetLogonId) : text(raw.SubjectLogonId);
  if (logonId) logon.id = logonId;

  if (outcome === 'failure') {
    const f = failureOf(eid, raw);
    if (f) {
      const failure: Obj = {};
      if (f.status) failure.status = f.status;
      if (f.subStatus) failure.sub_status = f.subStatus;
      if (f.reason) failure.reason = f.reason;
      if (Object.keys(failure).length) logon.failure = failure;
      if (f.code !== 'unknown') e.error = { code: f.code };
      e.event.reason = f.code === 'unknown' ? KIND_TEXT[f.kind] : `${KIND_TEXT[f.kind]} (${f.code})`;
      e.wardwatch = { ...((e.wardwatch as Obj | undefined) ?? {}), failure_kind: f.kind };
    }
  }
  if (Object.keys(logon).length) winlog.logon = logon;

  const subject = userOf(raw.SubjectUserName, raw.SubjectDomainName, raw.SubjectUserSid);
  const target = userOf(raw.TargetUserName, raw.TargetDomainName, raw.TargetUserSid ?? raw.TargetSid);
  if (TARGET_IS_USER.has(eid)) {
    if (target) e.user = target;
    // The account that asked for the logon (a service, or the user running a tool).
    if (subject && subject.id !== 'S-1-5-18' && eid !== 4634 && eid !== 4647) e.source = { ...(e.source ?? {}), user: subject };
  } else if (eid === 4648) {
    if (subject) e.user = { ...subject, ...(target ? { target, effective: target } : {}) };
    const server = text(raw.TargetServerName);
    if (server && server.toLowerCase() !== 'localhost') e.destination = { ...(e.destination ?? {}), domain: server };
  } else if ((eid >= 4727 && eid <= 4737) || (eid >= 4744 && eid <= 4764) || eid === 4799) {
    if (subject) e.user = subject;
    const g = userOf(raw.TargetUserName, raw.TargetDomainName, raw.TargetSid);
    if (g) e.group = g;
    const m = memberName(raw);
    if (m && e.user) (e.user as Obj).target = { name: m, ...(g ? { group: g } : {}) };
    else if (m) e.user = { target: { name: m } };
  } else if ((eid >= 4720 && eid <= 4767) || eid === 4781 || eid === 4798) {
    if (subject) e.user = subject;
    if (target && e.user) (e.user as Obj).target = target;
    else if (target) e.user = { target };
    // 4740 names the computer the lockout came from in TargetDomainName.
    if (eid === 4740) {
      const from = workstation(raw.TargetDomainName);
      if (from) e.source = { ...(e.source ?? {}), domain: from };
    }
  } else if (subject && !e.user) e.user = subject;

  if (eid >= 4624 && eid <= 4779) {
    const ip = sourceIp(raw.IpAddress);
    const src: Obj = { ...((e.source as Obj | undefined) ?? {}) };
    // The record's IpAddress decides (a shipper's source.ip without one is kept).
    if (raw.IpAddress !== undefined) {
      delete src.ip;
      delete src.port;
    }
    if (ip) {
      src.ip = ip;
      const port = statusNumber(raw.IpPort);
      if (port) src.port = port;
    }
    const ws = workstation(raw.WorkstationName ?? raw.Workstation);
    if (ws) src.domain = ws;
    if (Object.keys(src).length) e.source = src;
    else delete e.source;
  }
}
