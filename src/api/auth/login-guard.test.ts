import { describe, expect, it } from 'vitest';
import { LoginGuard, loginLimits } from './login-guard.js';

const limits = { accountMaxFailures: 3, accountWindowMs: 60_000, lockoutMs: 300_000, ipMaxFailures: 5, ipWindowMs: 60_000 };

describe('LoginGuard', () => {
  it('locks an account after N failures in the window, until the lockout ends', () => {
    let t = 0;
    const g = new LoginGuard(limits, () => t);
    expect(g.failed('alice', '10.0.0.1')).toBe(false);
    expect(g.failed('Alice', '10.0.0.2')).toBe(false);
    expect(g.blocked('alice', '10.0.0.3')).toBeUndefined();
    expect(g.failed('alice', '10.0.0.3')).toBe(true);
    expect(g.blocked('alice', '10.0.0.9')).toEqual({ kind: 'account_locked', retryAfterSeconds: 300 });
    t = 299_000;
    expect(g.blocked('alice', '10.0.0.9')?.retryAfterSeconds).toBe(1);
    t = 300_001;
    expect(g.blocked('alice', '10.0.0.9')).toBeUndefined();
  });

  it('forgets failures older than the sliding window', () => {
    let t = 0;
    const g = new LoginGuard(limits, () => t);
    g.failed('bob', 'a'); t = 30_000; g.failed('bob', 'b');
    t = 61_000; // the first failure has slid out
    expect(g.failed('bob', 'c')).toBe(false);
    expect(g.failed('bob', 'd')).toBe(true);
  });

  it('throttles an address that fails across many accounts (spraying)', () => {
    let t = 0;
    const g = new LoginGuard(limits, () => t);
    for (let i = 0; i < 5; i++) g.failed(`user${i}`, '192.0.2.7');
    expect(g.blocked('someone-else', '192.0.2.7')).toEqual({ kind: 'ip_throttled', retryAfterSeconds: 60 });
    expect(g.blocked('someone-else', '192.0.2.8')).toBeUndefined();
    t = 60_001;
    expect(g.blocked('someone-else', '192.0.2.7')).toBeUndefined();
  });

  it('treats unknown and known names alike, and an admin unlock or a success clears the account', () => {
    const g = new LoginGuard(limits);
    for (let i = 0; i < 3; i++) g.failed('no-such-user', `198.51.100.${i}`);
    expect(g.blocked('no-such-user', '198.51.100.9')?.kind).toBe('account_locked');
    expect(g.unlock('no-such-user')).toBe(true);
    expect(g.blocked('no-such-user', '198.51.100.9')).toBeUndefined();
    g.failed('carol', 'x'); g.failed('carol', 'x');
    g.succeeded('carol');
    expect(g.failed('carol', 'y')).toBe(false);
  });

  it('reads its limits from the configuration', () => {
    expect(loginLimits({ maxFailuresPerAccount: 5, accountWindow: '15m', lockout: '1h', maxFailuresPerIp: 30, ipWindow: '10m' }))
      .toEqual({ accountMaxFailures: 5, accountWindowMs: 900_000, lockoutMs: 3_600_000, ipMaxFailures: 30, ipWindowMs: 600_000 });
  });
});
