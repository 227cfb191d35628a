import { describe, expect, it } from 'vitest';
import type { Detector, DetectorDef } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import {
  afterTerminationDetector, dormantAccountDetector, impossibleTravelDetector, mfaFatigueDetector, newAdminLogonDetector, newSourceDetector,
  privilegedGroupChangeDetector, rareLoginTimeDetector, serviceAccountInteractiveDetector, staticRoster,
} from './index.js';
import { COUNTRY_COUNT, countryDistanceKm } from './countries.js';
import { DAY, HOUR, groupAdd, login, roundTrip, run } from './testing.js';

const T0 = Date.parse('2026-03-02T00:00:00Z');
const ctx = { dataDir: '/tmp', name: 'test' };
function build<C>(def: DetectorDef<C>, cfg: object = {}, extra: object = {}): Detector {
  return def.build(def.config.parse(cfg), { ...ctx, ...extra });
}
const push = (t: number, user: string, ok: boolean) => login(t, user, { action: 'mfa_push', ok, ip: '203.0.113.5' });

describe('identity.mfa_fatigue', () => {
  it('alerts on a burst of denied pushes, then critically on the approval that follows', () => {
    const denials = Array.from({ length: 7 }, (_, i) => push(T0 + i * 40_000, 'omar', false));
    const alerts = run(build(mfaFatigueDetector), [...denials, push(T0 + 8 * 60_000, 'omar', true)]);
    expect(alerts.map((a) => a.severity)).toEqual(['high', 'critical']);
    expect(alerts[0]!.explanation.factors[0]).toMatchObject({ feature: 'mfa_denials', observed: 5, threshold: 5, windowMs: 600_000 });
    expect(alerts[0]!.techniques).toEqual(['T1621']);
    expect(alerts[1]!.title).toBe('MFA push approved by "omar" after 7 denials');
    expect(alerts[1]!.explanation.evidence).toHaveLength(8);
  });

  it('stays quiet on a few denials spread over a day and on an approval after a typo', () => {
    const spread = [0, 3, 7, 11, 15, 19].map((h) => push(T0 + h * HOUR, 'pia', false));
    expect(run(build(mfaFatigueDetector), [...spread, push(T0 + 19 * HOUR + 60_000, 'pia', true)])).toHaveLength(0);
  });

  it('keeps the burst across a restart so the approval still escalates', () => {
    const a = build(mfaFatigueDetector);
    expect(run(a, Array.from({ length: 5 }, (_, i) => push(T0 + i * 1000, 'omar', false)))).toHaveLength(1);
    const b = roundTrip(a, build(mfaFatigueDetector));
    expect(run(b, [push(T0 + 60_000, 'omar', true)]).map((x) => x.severity)).toEqual(['critical']);
  });
});

describe('identity.privileged_group_change', () => {
  it('alerts when an account joins sudo or Administrators, once per change', () => {
    const events = [groupAdd(T0, 'bob', 'sudo', 'root'), groupAdd(T0 + 1000, 'bob', 'sudo', 'root'), groupAdd(T0 + 2000, 'bob', 'developers', 'root')];
    const alerts = run(build(privilegedGroupChangeDetector), events);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toBe('"bob" added to privileged group "sudo"');
    expect(alerts[0]!.entities).toContainEqual({ type: 'user', id: 'root' });
    const win = groupAdd(T0, 'jdoe', 'Administrators', 'helpdesk1');
    win.event.action = 'added-member-to-group';
    win.event.code = '4732';
    expect(run(build(privilegedGroupChangeDetector), [win])).toHaveLength(1);
  });

  it('rates a self-grant critical and ignores removals', () => {
    const self = run(build(privilegedGroupChangeDetector), [groupAdd(T0, 'eve', 'wheel', 'eve')]);
    expect(self[0]!.severity).toBe('critical');
    const removal = groupAdd(T0, 'bob', 'sudo', 'root');
    removal.event.action = 'group_member_removed';
    expect(run(build(privilegedGroupChangeDetector), [removal])).toHaveLength(0);
  });
});

describe('identity.new_admin_logon', () => {
  const admin = (t: number, host: string, user = 'adm-kay') => login(t, user, { host });

  it('alerts on a privileged account reaching a new host after learning, not during it', () => {
    const learning = ['srv1', 'srv2', 'srv3'].map((h, i) => admin(T0 + i * DAY, h));
    const events = [...learning, admin(T0 + 8 * DAY, 'srv1'), admin(T0 + 9 * DAY, 'pacs-db01')];
    const alerts = run(build(newAdminLogonDetector), events);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.explanation.factors[0]).toMatchObject({ feature: 'new_admin_host', observed: 'pacs-db01', baseline: { kind: 'self', value: 3 } });
  });

  it('stays quiet on a host the rest of the IT team already administers, also after a restore', () => {
    const team = ['adm-lee', 'adm-ray'].flatMap((u) => ['app01', 'app02'].map((h) => admin(T0, h, u)));
    const kay = [admin(T0, 'srv1'), admin(T0 + 8 * DAY, 'app02'), admin(T0 + 9 * DAY, 'ws-ward3-12')];
    const alerts = run(build(newAdminLogonDetector), [...team, ...kay]);
    expect(alerts.map((a) => a.explanation.factors[0]!.observed)).toEqual(['ws-ward3-12']);
    const a = build(newAdminLogonDetector);
    run(a, team);
    const b = build(newAdminLogonDetector);
    for (const [k, st] of JSON.parse(JSON.stringify(a.snapshot())) as Array<[string, unknown]>) b.restore(k, st);
    expect(run(b, kay).map((x) => x.explanation.factors[0]!.observed)).toEqual(['ws-ward3-12']);
  });

  it('recognises privilege from roles and Windows 4672, and ignores ordinary users', () => {
    const det = build(newAdminLogonDetector);
    expect(det.accepts(login(T0, 'alice'))).toBe(false);
    expect(det.accepts(login(T0, 'alice', { roles: ['Admin'] }))).toBe(true);
    expect(det.accepts(login(T0, 'alice', { code: '4672', action: 'special-privileges-assigned-to-new-logon' }))).toBe(true);
  });
});

describe('identity.service_account_interactive', () => {
  it('alerts on a service account at a keyboard or over RDP, once per host per day', () => {
    const events = [
      login(T0, 'svc_backup', { logonType: 'Service', host: 'srv1' }),
      login(T0 + 1, 'svc_backup', { logonType: 'Network', host: 'srv1' }),
      login(T0 + 2, 'svc_backup', { logonType: 'RemoteInteractive', host: 'srv1', ip: '10.9.9.9' }),
      login(T0 + 3, 'svc_backup', { logonType: 'RemoteInteractive', host: 'srv1' }),
      login(T0 + 4, 'svc_backup', { logonType: 'Interactive', host: 'srv2' }),
    ];
    const alerts = run(build(serviceAccountInteractiveDetector), events);
    expect(alerts.map((a) => [a.severity, a.entities[1]!.id])).toEqual([['high', 'srv1'], ['high', 'srv2']]);
    expect(alerts[0]!.explanation.factors[0]).toMatchObject({ feature: 'logon_type', observed: 'RemoteInteractive' });
  });

  it('ignores people and computer accounts, and honours an explicit list', () => {
    const det = build(serviceAccountInteractiveDetector, { accounts: ['pharmacy_sync'] });
    expect(det.accepts(login(T0, 'jsmith', { logonType: 'Interactive' }))).toBe(false);
    expect(det.accepts(login(T0, 'WS-0042$', { logonType: 'Interactive' }))).toBe(false);
    expect(det.accepts(login(T0, 'Pharmacy_Sync', { logonType: '10' }))).toBe(true);
  });
});

describe('identity.dormant_account', () => {
  it('alerts on a login after 45 idle days, not on daily use, and remembers across restarts', () => {
    const daily = Array.from({ length: 60 }, (_, d) => login(T0 + d * DAY, 'ursula'));
    expect(run(build(dormantAccountDetector), daily)).toHaveLength(0);
    const a = build(dormantAccountDetector);
    run(a, [login(T0, 'victor')]);
    const b = roundTrip(a, build(dormantAccountDetector));
    const alerts = run(b, [login(T0 + 45 * DAY, 'victor', { ip: '198.51.100.7' })]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.explanation.factors[0]).toMatchObject({ feature: 'idle_days', observed: 45, threshold: 30 });
    expect(alerts[0]!.explanation.evidence).toHaveLength(2);
  });
});

describe('identity.after_termination', () => {
  const roster = [{ user: 'walt', terminatedAt: '2026-03-10T17:00:00Z' }];

  it('alerts on activity after the termination, once a day, not before and not on failures', () => {
    const events: WardEvent[] = [
      login(Date.parse('2026-03-10T09:00:00Z'), 'walt'),
      login(Date.parse('2026-03-12T22:00:00Z'), 'walt', { ok: false }),
      login(Date.parse('2026-03-13T02:00:00Z'), 'walt'),
      login(Date.parse('2026-03-13T03:00:00Z'), 'walt'),
    ];
    const alerts = run(build(afterTerminationDetector, { roster }), events);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.severity).toBe('critical');
    expect(alerts[0]!.explanation.text).toContain('2 days after their employment ended on 2026-03-10');
  });

  it('takes the roster from the build context when the runtime supplies one', () => {
    const det = build(afterTerminationDetector, {}, { roster: staticRoster(roster) });
    expect(run(det, [login(Date.parse('2026-03-11T08:00:00Z'), 'WALT')])).toHaveLength(1);
  });
});

describe('configuration', () => {
  it('names the bad key', () => {
    expect(() => rareLoginTimeDetector.config.parse({ timeZone: 'Mars/Olympus' })).toThrow(/timeZone/);
    expect(() => rareLoginTimeDetector.config.parse({ roster: [{ user: 'a', shifts: [{ start: '25:00', end: '07:00' }] }] })).toThrow(/start/);
    expect(() => newSourceDetector.config.parse({ learningPeriod: 'a week' })).toThrow(/learningPeriod/);
    expect(() => newSourceDetector.config.parse({ attributes: ['user.email'] })).toThrow(/attributes/);
    expect(() => serviceAccountInteractiveDetector.config.parse({ patterns: ['svc_('] })).toThrow(/patterns/);
    expect(() => dormantAccountDetector.config.parse({ dormantAfter: '500d' })).toThrow(/forgetAfter/);
    expect(() => impossibleTravelDetector.config.parse({ maxSpeed: 900 })).toThrow(/maxSpeed/);
    expect(() => afterTerminationDetector.config.parse({ roster: [{ user: 'x', terminatedAt: 'soon' }] })).toThrow(/terminatedAt/);
  });
});

describe('shared pieces', () => {
  it('has centroids for most of the world with sane distances', () => {
    expect(COUNTRY_COUNT).toBeGreaterThan(230);
    expect(countryDistanceKm('GB', 'US')).toBeGreaterThan(6500);
    expect(countryDistanceKm('gb', 'fr')).toBeLessThan(1200);
    expect(countryDistanceKm('GB', 'ZZ')).toBeUndefined();
  });

  it('gives the same alert ids when the same events are replayed', () => {
    const events = Array.from({ length: 6 }, (_, i) => push(T0 + i * 1000, 'omar', false));
    const ids = [0, 1].map(() => run(build(mfaFatigueDetector), events).map((a) => a.id));
    expect(ids[0]).toEqual(ids[1]);
    expect(ids[0]).toHaveLength(1);
  });
});
