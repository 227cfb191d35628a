import type { WardEvent } from '../../core/event.js';

/** An authentication event that failed (an attempt, not an informational precursor line). */
export function isAuthFailure(e: WardEvent): boolean {
  return e.event.outcome === 'failure' && e.event.category?.includes('authentication') === true;
}

/** An attempt that should be counted once: informational lines (`event.type: info`) are not attempts. */
export function isAuthAttemptFailure(e: WardEvent): boolean {
  return isAuthFailure(e) && e.event.type?.includes('info') !== true;
}

export function isAuthSuccess(e: WardEvent): boolean {
  return e.event.outcome === 'success' && e.event.category?.includes('authentication') === true;
}

/** How many attempts one event stands for (`message repeated N times`, `PAM N more failures`). */
export function attemptCount(e: WardEvent): number {
  const w = e.wardwatch as { repeat?: unknown } | undefined;
  const n = typeof w?.repeat === 'number' ? w.repeat : 1;
  return n >= 1 && n < 1e6 ? Math.floor(n) : 1;
}

/**
 * One login attempt often produces several lines (PAM's failure and sshd's "Failed password"
 * from the same sshd process within a second). They share this fingerprint, so the
 * detectors count the attempt once.
 */
export function attemptFingerprint(e: WardEvent): string | undefined {
  const pid = e.process?.pid;
  if (pid === undefined) return undefined;
  return `${e.host?.name ?? ''}|${pid}`;
}
