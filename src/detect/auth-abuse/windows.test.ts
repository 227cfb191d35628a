import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../../core/event.js';
import { newEventId } from '../../core/ids.js';
import { bruteForceDetector, explicitCredentialsDetector, sprayDetector, successAfterFailuresDetector } from './index.js';
import { run } from './testing.js';

const T0 = Date.parse('2026-03-01T02:00:00Z');
const ctx = { dataDir: '/tmp', name: 'test' };

/** A Windows authentication event as the windows-event parser maps it (shape of 4625/4776/4771/4648). */
function win(t: number, code: string, user: string, extra: Partial<{ outcome: 'success' | 'failure'; kind: string; reason: string; ip: string; ws: string; logonType: string; pid: number; subject: string; target: string }> = {}): WardEvent {
  const e: WardEvent = {
    '@timestamp': new Date(t).toISOString(),
    event: { id: newEventId(), module: 'windows', code, category: ['authentication'], type: ['start'], outcome: extra.outcome ?? 'failure' },
    user: { name: user },
    host: { name: 'dc01' },
    process: { pid: extra.pid ?? 0 },
  };
  if (code === '4648') {
    e.event.action = 'logged-in-explicit';
    e.user = { name: extra.subject ?? user, domain: 'CLINIC', target: { name: extra.target ?? 'x', domain: 'CLINIC' } };
  }
  if (extra.ip || extra.ws) e.source = { ...(extra.ip ? { ip: extra.ip } : {}), ...(extra.ws ? { domain: extra.ws } : {}) };
  if (extra.kind) e.wardwatch = { failure_kind: extra.kind };
  if (extra.reason) e.event.reason = extra.reason;
  if (extra.logonType) e.winlog = { logon: { type: extra.logonType } };
  return e;
}

const build = <C>(def: { config: { parse(v: unknown): C }; build(c: C, x: typeof ctx): ReturnType<typeof bruteForceDetector.build> }, cfg: object = {}) =>
  def.build(def.config.parse(cfg), ctx);

describe('Windows password guessing (auth.bruteforce)', () => {
  it('counts every 4625 of one process as its own attempt (the old pid fingerprint merged them)', () => {
    const events = Array.from({ length: 6 }, (_, i) => win(T0 + i * 2, '4625', 'Administrator', { kind: 'bad_password', reason: 'wrong password (0xc000006a)', ws: 'WIN', logonType: 'Interactive', pid: 6924 }));
    const alerts = run(build(bruteForceDetector), events);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.explanation.text).toContain('failure reasons: wrong password (0xc000006a) ×5; logon type Interactive; from WIN ×5');
    expect(alerts[0]!.explanation.text).toContain('5 failed with wrong password (0xc000006a)');
  });

  it('counts a 4776 and the 4625 of the same attempt once', () => {
    const events = [0, 1, 2, 3].flatMap((i) => [
      win(T0 + i * 1000, '4776', 'nouser', { kind: 'unknown_user', reason: 'unknown user name (0xc0000064)', ws: 'FS01' }),
      win(T0 + i * 1000 + 1, '4625', 'nouser', { kind: 'unknown_user', reason: 'unknown user name (0xc0000064)', ws: 'FS01' }),
    ]);
    expect(run(build(bruteForceDetector), events)).toHaveLength(0);
    const five = [...events, win(T0 + 5000, '4776', 'nouser', { kind: 'unknown_user', ws: 'FS01' })];
    expect(run(build(bruteForceDetector), five)).toHaveLength(1);
  });

  it('pairs the domain controller\'s 4776 (workstation) with the member server\'s 4625 (address)', () => {
    const events = [0, 1, 2, 3].flatMap((i) => [
      win(T0 + i * 1000, '4776', 'jdoe', { kind: 'bad_password', ws: 'PC-12' }),
      win(T0 + i * 1000 + 40, '4625', 'jdoe', { kind: 'bad_password', ip: '10.4.4.4', ws: 'PC-12' }),
    ]);
    expect(run(build(bruteForceDetector), events)).toHaveLength(0);
  });

  it('alerts on a machine-speed burst below the slow threshold, not on a person retyping', () => {
    const burst = Array.from({ length: 5 }, (_, i) => win(T0 + i * 7000, '4771', 'admin-hacker', { kind: 'bad_password', ip: '10.23.123.11' }));
    expect(run(build(bruteForceDetector), burst)).toHaveLength(1);
    const typos = Array.from({ length: 5 }, (_, i) => win(T0 + i * 40_000, '4771', 'nurse', { kind: 'bad_password', ip: '10.1.1.1' }));
    expect(run(build(bruteForceDetector), typos)).toHaveLength(0);
  });

  it('treats Administrator and administrator as one Windows account', () => {
    const events = Array.from({ length: 5 }, (_, i) => win(T0 + i * 1000, '4625', i % 2 ? 'Administrator' : 'administrator', { kind: 'bad_password', ip: '10.0.0.5' }));
    expect(run(build(bruteForceDetector), events)).toHaveLength(1);
  });

  it('ignores failures that are not about the credential (clock skew, logon right)', () => {
    const events = Array.from({ length: 12 }, (_, i) => win(T0 + i * 1000, '4625', 'svc', { kind: 'other', ip: '10.0.0.5' }));
    expect(run(build(bruteForceDetector), events)).toHaveLength(0);
    expect(run(build(sprayDetector), events.map((e, i) => ({ ...e, user: { name: `u${i}` } })))).toHaveLength(0);
  });
});

describe('Windows spraying and enumeration (auth.spray)', () => {
  it('keys on the workstation when Windows logged no address, and says so', () => {
    const events = Array.from({ length: 10 }, (_, i) => win(T0 + i * 1000, '4776', `user${i}`, { kind: 'bad_password', reason: 'wrong password (0xc000006a)', ws: 'KIOSK7' }));
    const [a] = run(build(sprayDetector), events);
    expect(a?.title).toBe('Password spraying from workstation KIOSK7');
    expect(a?.entities[0]).toEqual({ type: 'host', id: 'KIOSK7' });
  });

  it('calls it account enumeration when most accounts do not exist (Kerbrute, 4768 0x6)', () => {
    const events = Array.from({ length: 10 }, (_, i) => win(T0 + i * 10, '4768', `guess${i}`, { kind: i < 8 ? 'unknown_user' : 'bad_password', reason: i < 8 ? 'unknown user name (0x6)' : 'wrong password (0x18)', ip: '10.23.123.11' }));
    const [a] = run(build(sprayDetector), events);
    expect(a?.title).toBe('Account enumeration from 10.23.123.11');
    expect(a?.techniques).toContain('T1087.002');
    expect(a?.explanation.text).toContain('8 of them do not exist');
  });
});

describe('auth.explicit_credentials (4648, DeepBlueCLI\'s explicit-credential spray)', () => {
  it('alerts when one account uses explicit credentials for many accounts', () => {
    const events = Array.from({ length: 8 }, (_, i) => win(T0 + i * 5000, '4648', 'x', { outcome: 'success', subject: 'jdoe', target: `acct${i}` }));
    const alerts = run(build(explicitCredentialsDetector), events);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toBe('Explicit credentials for 6 accounts used by "CLINIC\\jdoe"');
    expect(alerts[0]!.explanation.text).toContain('(CLINIC\\acct0, CLINIC\\acct1');
  });

  it('does not alert on runas to a few accounts, machine accounts or service virtual accounts', () => {
    const few = [0, 1, 2, 0, 1].map((i, k) => win(T0 + k * 1000, '4648', 'x', { outcome: 'success', subject: 'admin', target: `admin${i}` }));
    const machine = Array.from({ length: 10 }, (_, i) => win(T0 + i * 1000, '4648', 'x', { outcome: 'success', subject: 'FS01$', target: `HOST${i}$` }));
    expect(run(build(explicitCredentialsDetector), [...few, ...machine])).toHaveLength(0);
  });
});

describe('auth.success_after_failures on Windows', () => {
  it('alerts on a 4624 after a run of 4625s, with the reasons', () => {
    const fails = Array.from({ length: 5 }, (_, i) => win(T0 + i * 1000, '4625', 'jdoe', { kind: 'bad_password', reason: 'wrong password (0xc000006a)', ip: '10.9.9.9' }));
    const ok = win(T0 + 9000, '4624', 'JDoe', { outcome: 'success', ip: '10.9.9.9' });
    const [a] = run(build(successAfterFailuresDetector), [...fails, ok]);
    expect(a?.title).toBe('Successful login to "JDoe" after 5 failures');
    expect(a?.explanation.text).toContain('wrong password (0xc000006a) ×5');
  });
});
