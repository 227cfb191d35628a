import { parseDuration } from '../../core/duration.js';
import type { WardConfig } from '../../core/config.js';

/** Limits for sign-in attempts (see `api.login` in the configuration). */
export interface LoginLimits {
  /** Failed sign-ins of one account within `accountWindowMs` that lock it. */
  accountMaxFailures: number;
  accountWindowMs: number;
  /** How long a locked account stays locked (an admin can unlock it sooner). */
  lockoutMs: number;
  /** Failed sign-ins from one client address within `ipWindowMs` after which it is throttled. */
  ipMaxFailures: number;
  ipWindowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  accountMaxFailures: 5, accountWindowMs: 15 * 60_000, lockoutMs: 15 * 60_000,
  ipMaxFailures: 30, ipWindowMs: 15 * 60_000,
};

/**
 * The limits from the `api.login` configuration (durations like `15m`).
 *
 * @example
 * loginLimits(config.api.login).lockoutMs // 900000
 */
export function loginLimits(c: WardConfig['api']['login']): LoginLimits {
  return {
    accountMaxFailures: c.maxFailuresPerAccount, accountWindowMs: parseDuration(c.accountWindow, 'api.login.accountWindow'),
    lockoutMs: parseDuration(c.lockout, 'api.login.lockout'),
    ipMaxFailures: c.maxFailuresPerIp, ipWindowMs: parseDuration(c.ipWindow, 'api.login.ipWindow'),
  };
}

/** Why a sign-in is refused before its password is checked, and for how long. */
export type LoginBlock = { kind: 'account_locked' | 'ip_throttled'; retryAfterSeconds: number };

// Bounded memory: past this many tracked keys, the stalest are dropped first.
const MAX_KEYS = 100_000;

/**
 * Sliding windows of failed sign-ins per account name and per client address, with a time-limited
 * account lock. Keys are account *names as typed* (lower-cased), whether or not the account
 * exists, so an unknown name locks and answers exactly like a real one (no user enumeration).
 * State is in memory: a restart clears locks, which only ever favours the legitimate user.
 *
 * @example
 * const g = new LoginGuard(DEFAULT_LOGIN_LIMITS);
 * g.blocked('alice', '10.0.0.9')          // undefined: go on and check the password
 * g.failed('alice', '10.0.0.9')           // true once this failure locks the account
 */
export class LoginGuard {
  private readonly accounts = new Map<string, { fails: number[]; lockedUntil: number }>();
  private readonly ips = new Map<string, number[]>();

  constructor(private readonly limits: LoginLimits, private readonly now: () => number = Date.now) {}

  /** Whether a sign-in must be refused before its password is even checked. */
  blocked(username: string, ip: string): LoginBlock | undefined {
    const t = this.now();
    const a = this.accounts.get(key(username));
    if (a && a.lockedUntil > t) return { kind: 'account_locked', retryAfterSeconds: Math.ceil((a.lockedUntil - t) / 1000) };
    const fails = this.window(this.ips.get(ip), t, this.limits.ipWindowMs);
    if (fails.length >= this.limits.ipMaxFailures) {
      return { kind: 'ip_throttled', retryAfterSeconds: Math.max(1, Math.ceil((fails[0]! + this.limits.ipWindowMs - t) / 1000)) };
    }
    return undefined;
  }

  /** Record a failed sign-in; returns true when this failure locked the account. */
  failed(username: string, ip: string): boolean {
    const t = this.now();
    const k = key(username);
    const a = this.accounts.get(k) ?? { fails: [], lockedUntil: 0 };
    a.fails = this.window(a.fails, t, this.limits.accountWindowMs);
    a.fails.push(t);
    let locked = false;
    if (a.fails.length >= this.limits.accountMaxFailures) {
      a.lockedUntil = t + this.limits.lockoutMs;
      a.fails = [];
      locked = true;
    }
    touch(this.accounts, k, a);
    const f = this.window(this.ips.get(ip), t, this.limits.ipWindowMs);
    f.push(t);
    touch(this.ips, ip, f);
    return locked;
  }

  /** A successful sign-in clears the account's failures (not the address's). */
  succeeded(username: string): void {
    this.accounts.delete(key(username));
  }

  /** Unlock an account now (an admin's decision). Returns whether it was locked. */
  unlock(username: string): boolean {
    const a = this.accounts.get(key(username));
    this.accounts.delete(key(username));
    return !!a && a.lockedUntil > this.now();
  }

  /** When the account's lock ends, if it is locked. */
  lockedUntil(username: string): Date | undefined {
    const a = this.accounts.get(key(username));
    return a && a.lockedUntil > this.now() ? new Date(a.lockedUntil) : undefined;
  }

  private window(fails: number[] | undefined, t: number, span: number): number[] {
    return (fails ?? []).filter((x) => x > t - span);
  }
}

const key = (username: string) => username.normalize('NFKC').toLowerCase();

/** Re-insert at the end (Map keeps insertion order) and drop the oldest keys past the bound. */
function touch<V>(m: Map<string, V>, k: string, v: V): void {
  m.delete(k);
  m.set(k, v);
  while (m.size > MAX_KEYS) m.delete(m.keys().next().value!);
}
