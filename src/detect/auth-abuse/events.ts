import type { WardEvent } from '../../core/event.js';

/**
 * The kind of a failed login as the parser classified it (`wardwatch.failure_kind`:
 * `bad_password`, `unknown_user`, `locked`, … or `other` for failures that are not about the
 * credential, such as clock skew or a missing logon right). Undefined when the parser did not say.
 */
export function failureKind(e: WardEvent): string | undefined {
  const w = e.wardwatch as { failure_kind?: unknown } | undefined;
  return typeof w?.failure_kind === 'string' ? w.failure_kind : undefined;
}

/** An authentication event that failed on its credential (an attempt someone could be guessing with). */
export function isAuthFailure(e: WardEvent): boolean {
  return e.event.outcome === 'failure' && e.event.category?.includes('authentication') === true && failureKind(e) !== 'other';
}

/** An attempt that should be counted once: informational lines (`event.type: info`) are not attempts. */
export function isAuthAttemptFailure(e: WardEvent): boolean {
  return isAuthFailure(e) && e.event.type?.includes('info') !== true;
}

export function isAuthSuccess(e: WardEvent): boolean {
  return e.event.outcome === 'success' && e.event.category?.includes('authentication') === true;
}

/** Windows account names are case-insensitive: `Administrator` and `administrator` are one account. */
function caseInsensitive(e: WardEvent): boolean {
  return e.event.module === 'windows';
}

/**
 * The account an authentication event is about, as the detectors key it (lower-cased for
 * Windows, whose account names are case-insensitive).
 *
 * @example
 * userKey({ event: { module: 'windows' }, user: { name: 'Admin' } }) // 'admin'
 */
export function userKey(e: WardEvent): string | undefined {
  const n = e.user?.name;
  if (!n) return undefined;
  return caseInsensitive(e) ? n.toLowerCase() : n;
}

/** Where the attempt came from: the source address, else the workstation name Windows logged. */
export function sourceKey(e: WardEvent): string | undefined {
  return e.source?.ip ?? e.source?.domain;
}

/** How many attempts one event stands for (`message repeated N times`, `PAM N more failures`). */
export function attemptCount(e: WardEvent): number {
  const w = e.wardwatch as { repeat?: unknown } | undefined;
  const n = typeof w?.repeat === 'number' ? w.repeat : 1;
  return n >= 1 && n < 1e6 ? Math.floor(n) : 1;
}

/**
 * One login attempt often produces several lines (PAM's failure and sshd's "Failed password"
 * from the same sshd process within a second; Windows' NTLM validation 4776 and the logon
 * failure 4625 of the same attempt). They share this fingerprint, so the detectors count the
 * attempt once. Windows records carry a kind ({@link attemptKind}) because one attempt gives
 * one record of each kind: two 4625s are two attempts, a 4776 and a 4625 are one.
 */
export function attemptFingerprint(e: WardEvent): string | undefined {
  if (e.event.module === 'windows' && e.event.code !== undefined) {
    // Not the source: the DC's 4776 names the workstation, the member server's 4625 the address.
    return `win|${userKey(e) ?? ''}`;
  }
  const pid = e.process?.pid;
  if (pid === undefined) return undefined;
  return `${e.host?.name ?? ''}|${pid}`;
}

/** The record kind of a Windows attempt (its event id); undefined for line-oriented logs. */
export function attemptKind(e: WardEvent): string | undefined {
  return e.event.module === 'windows' && e.event.code !== undefined ? String(e.event.code) : undefined;
}

/** The failure reason to show in an explanation ("wrong password (0xc000006a)"). */
export function failureReason(e: WardEvent): string | undefined {
  if (typeof e.event.reason === 'string' && e.event.reason) return e.event.reason;
  const w = e.wardwatch as { invalid_user?: unknown } | undefined;
  if (w?.invalid_user === true || e.event.action === 'ssh_invalid_user') return 'unknown user name';
  return undefined;
}

/** The Windows logon type name (`winlog.logon.type`), when the event has one. */
export function logonType(e: WardEvent): string | undefined {
  const w = e.winlog as { logon?: { type?: unknown } } | undefined;
  return typeof w?.logon?.type === 'string' ? w.logon.type : undefined;
}
