import { describe, expect, it } from 'vitest';
import type { Detector, DetectorDef } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { impossibleTravelDetector, newSourceDetector, rareLoginTimeDetector } from './index.js';
import { staticRoster } from './roster.js';
import { DAY, HOUR, login, roundTrip, run } from './testing.js';

const T0 = Date.parse('2026-03-02T00:00:00Z'); // Monday
const ctx = { dataDir: '/tmp', name: 'test' };
function build<C>(def: DetectorDef<C>, cfg: object = {}, extra: object = {}): Detector {
  return def.build(def.config.parse(cfg), { ...ctx, ...extra });
}

/** Weekday logins at the given hours for `days` days from `start`. */
function routine(user: string, start: number, days: number, hours: number[], o: Parameters<typeof login>[2] = {}): WardEvent[] {
  const out: WardEvent[] = [];
  for (let d = 0; d < days; d++) {
    const dow = new Date(start + d * DAY).getUTCDay();
    if (dow === 0 || dow === 6) continue;
    for (const h of hours) out.push(login(start + d * DAY + h * HOUR + 7 * 60_000, user, o));
  }
  return out;
}

/** Events in time order, as the runtime delivers them. */
const byTime = (...lists: WardEvent[][]): WardEvent[] => lists.flat().sort((a, b) => Date.parse(a['@timestamp']) - Date.parse(b['@timestamp']));

/** Alerts of the whole stream equal those of the stream cut in two by a snapshot/restore. */
function expectRestartSafe(make: () => Detector, events: WardEvent[], cut: number): void {
  const whole = run(make(), events).map((a) => a.id);
  const first = make();
  const before = run(first, events.slice(0, cut)).map((a) => a.id);
  const after = run(roundTrip(first, make()), events.slice(cut)).map((a) => a.id);
  expect([...before, ...after]).toEqual(whole);
}

describe('identity.rare_login_time', () => {
  const day = ['ann', 'bea', 'cid', 'dot'].flatMap((u) => routine(u, T0, 28, [7, 11, 15], { roles: ['nurse'] }));
  const at3am = (user: string, d = 29) => login(T0 + d * DAY + 3 * HOUR + 12 * 60_000, user, { roles: ['nurse'] });

  it('alerts on a day nurse logging in at 03:00, with self and peer baselines', () => {
    const alerts = run(build(rareLoginTimeDetector), byTime(day, [at3am('ann')]));
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.title).toBe('Login at an unusual time for "ann"');
    const [self, peers, risk] = a.explanation.factors;
    expect(self).toMatchObject({ feature: 'login_time_self', observed: 'Tue 03:12', baseline: { kind: 'self', value: 0 } });
    expect(peers).toMatchObject({ feature: 'login_time_peers', baseline: { kind: 'peers' } });
    expect(risk).toMatchObject({ feature: 'risk_score' });
    expect(Number(risk!.observed)).toBeGreaterThanOrEqual(55);
    expect(a.explanation.text).toContain('"ann" logged in at Tue 03:12 UTC, an hour at which this user and their peers rarely log in: Tue 03:12 UTC login (0 % of this user');
    expect(a.explanation.evidence).toEqual([alerts[0]!.explanation.evidence[0]]);
  });

  it('stays quiet for a night-shift nurse on the roster, even on her first night', () => {
    const roster = [{ user: 'nina', role: 'nurse', shifts: [{ start: '19:00', end: '07:30' }] }];
    expect(run(build(rareLoginTimeDetector, { roster }), [...day, at3am('nina')])).toHaveLength(0);
    // The same roster fed by the runtime through the build context.
    expect(run(build(rareLoginTimeDetector, {}, { roster: staticRoster(roster) }), [...day, at3am('nina')])).toHaveLength(0);
    // Without the roster, a newcomer at 03:00 is judged by her peers alone (all day workers): alert.
    expect(run(build(rareLoginTimeDetector), [...day, at3am('nina')])).toHaveLength(1);
  });

  it('stays quiet for a night worker whose history says so, on any night', () => {
    const nights = routine('nora', T0, 28, [20, 23, 2, 5], { roles: ['nurse'] });
    // 01:00 on a Sunday: an hour-of-week she never used, but her nights make it normal.
    const sunday1am = login(T0 + 27 * DAY + 1 * HOUR, 'nora', { roles: ['nurse'] });
    const alerts = run(build(rareLoginTimeDetector), byTime(day, nights, [sunday1am]));
    // Without a roster, a brand-new night worker among day workers may be flagged once, on her
    // very first login (cold start against peers); never again once her own nights are history.
    expect(alerts.length).toBeLessThanOrEqual(1);
    expect(alerts.every((a) => a.time === nights[0]!['@timestamp'])).toBe(true);
  });

  it('stays quiet when the peer group works this hour (a changed rota)', () => {
    const nightPeers = ['pat', 'quin', 'rae'].flatMap((u) => routine(u, T0, 28, [1, 3, 5], { roles: ['nurse'] }));
    const alerts = run(build(rareLoginTimeDetector), byTime(day, nightPeers, [at3am('ann')]));
    expect(alerts.filter((a) => a.entities.some((e) => e.id === 'ann'))).toHaveLength(0);
  });

  it('alerts once per cooldown and keeps its baselines across snapshot/restore', () => {
    const events = [...day, at3am('ann'), login(T0 + 29 * DAY + 4 * HOUR, 'ann', { roles: ['nurse'] })];
    expect(run(build(rareLoginTimeDetector), events)).toHaveLength(1);
    expectRestartSafe(() => build(rareLoginTimeDetector), [...day, at3am('ann'), at3am('bea', 30)], day.length - 3);
  });

  it('keeps per-user state small and bounded', () => {
    const det = build(rareLoginTimeDetector);
    run(det, day);
    for (const [, s] of det.snapshot()) expect(JSON.stringify(s).length).toBeLessThan(3000);
  });
});

describe('identity.new_source', () => {
  const home = (user: string, days: number, start = T0) =>
    routine(user, start, days, [8, 14], { host: 'ws-icu-01', ip: '10.20.0.5', country: 'GB', roles: ['nurse'] });

  it('stays quiet during the learning period (a float nurse on new workstations in her first week)', () => {
    const firstWeek = Array.from({ length: 10 }, (_, i) => login(T0 + i * 15 * HOUR, 'flo', { host: `ws-${i}`, ip: `10.30.0.${i}`, roles: ['nurse'] }));
    expect(run(build(newSourceDetector), firstWeek)).toHaveLength(0);
  });

  it('alerts on a new country after learning, naming self and peer baselines', () => {
    const events = [...home('gail', 21), login(T0 + 22 * DAY, 'gail', { host: 'ws-icu-01', ip: '203.0.113.9', country: 'RO', roles: ['nurse'] })];
    const alerts = run(build(newSourceDetector), events);
    expect(alerts).toHaveLength(1);
    const f = alerts[0]!.explanation.factors;
    expect(f.map((x) => x.feature)).toEqual(['new_source_ip', 'new_source_ip_peers', 'new_source_geo_country_iso_code', 'new_source_geo_country_iso_code_peers', 'risk_score']);
    expect(f[2]).toMatchObject({ observed: 'RO', baseline: { kind: 'self', value: 1 } });
    expect(f[3]).toMatchObject({ observed: 'RO', baseline: { kind: 'peers', value: 0 } });
    expect(f[4]!.observed).toBe(70);
    expect(alerts[0]!.severity).toBe('high');
    expect(alerts[0]!.explanation.text).toContain('RO as country, new for this user (1 other country in this user\'s history); RO as country among peers "role=nurse" (never used by the peer group)');
  });

  it('ignores a new IP alone (DHCP) and a host the peer group uses (float nurse after learning)', () => {
    const peers = ['hal', 'ida', 'jo'].flatMap((u) => routine(u, T0, 21, [9], { host: 'ws-ward7-03', ip: '10.40.0.3', roles: ['nurse'] }));
    const events = [
      ...home('flo', 21), ...peers,
      login(T0 + 22 * DAY, 'flo', { host: 'ws-icu-01', ip: '10.20.0.77', country: 'GB', roles: ['nurse'] }),
      login(T0 + 22 * DAY + HOUR, 'flo', { host: 'ws-ward7-03', ip: '10.40.0.3', country: 'GB', roles: ['nurse'] }),
    ];
    expect(run(build(newSourceDetector), events)).toHaveLength(0);
    // A host nobody in the group uses, with a new address: alert.
    const odd = login(T0 + 22 * DAY + 2 * HOUR, 'flo', { host: 'srv-finance-02', ip: '10.99.0.1', country: 'GB', roles: ['nurse'] });
    expect(run(build(newSourceDetector), [...events, odd])).toHaveLength(1);
  });

  it('bounds the remembered values and survives restarts', () => {
    const det = build(newSourceDetector, { maxValues: 8 });
    run(det, Array.from({ length: 500 }, (_, i) => login(T0 + i * HOUR, 'scan', { ip: `10.0.${i >> 8}.${i & 255}` })));
    const state = det.snapshot()[0]![1] as { s: Record<string, { v: unknown[] }> };
    expect(state.s['source.ip']!.v.length).toBeLessThanOrEqual(8);
    const events = [...home('gail', 21), login(T0 + 22 * DAY, 'gail', { host: 'x', ip: '203.0.113.9', country: 'RO', roles: ['nurse'] })];
    expectRestartSafe(() => build(newSourceDetector), events, 20);
  });
});

describe('identity.impossible_travel', () => {
  const at = (t: number, user: string, country: string, ip = '198.51.100.1') => login(t, user, { country, ip });

  it('alerts on GB then US within an hour, with speed and distance', () => {
    const alerts = run(build(impossibleTravelDetector), [at(T0, 'kim', 'GB', '81.2.69.160'), at(T0 + HOUR, 'kim', 'US', '8.8.8.8')]);
    expect(alerts).toHaveLength(1);
    const [speed, dist] = alerts[0]!.explanation.factors;
    expect(speed).toMatchObject({ feature: 'travel_speed_kmh', threshold: 1000 });
    expect(Number(speed!.observed)).toBeGreaterThan(6000);
    expect(Number(dist!.observed)).toBeGreaterThan(6000);
    expect(alerts[0]!.explanation.evidence).toHaveLength(2);
    expect(alerts[0]!.entities).toContainEqual({ type: 'ip', id: '8.8.8.8' });
  });

  it('stays quiet for plausible travel, neighbouring countries and known VPN exits', () => {
    // London → Germany in 4 hours (a flight): ~250 km/h between centroids.
    expect(run(build(impossibleTravelDetector), [at(T0, 'lee', 'GB'), at(T0 + 4 * HOUR, 'lee', 'DE')])).toHaveLength(0);
    // Centroids closer than 500 km (Belgium → Netherlands in 5 minutes) say nothing.
    expect(run(build(impossibleTravelDetector), [at(T0, 'lee', 'BE'), at(T0 + 5 * 60_000, 'lee', 'NL')])).toHaveLength(0);
    // A user whose VPN often exits in Sweden: logins from both countries over a week, then flips minutes apart.
    const history = [0, 1, 2, 3, 4, 5, 6].map((d) => at(T0 + d * DAY, 'max', d % 2 ? 'SE' : 'GB'));
    const flips = [0, 1, 2, 3].map((i) => at(T0 + 8 * DAY + i * 10 * 60_000, 'max', i % 2 ? 'SE' : 'GB'));
    expect(run(build(impossibleTravelDetector), [...history, ...flips])).toHaveLength(0);
    // Without that history the first flip is impossible travel; a configured VPN concentrator is ignored outright.
    expect(run(build(impossibleTravelDetector), flips).length).toBeGreaterThan(0);
    expect(run(build(impossibleTravelDetector, { ignoreSources: ['198.51.100.'] }), flips)).toHaveLength(0);
  });

  it('survives restarts and gives stable ids', () => {
    const events = [at(T0, 'kim', 'GB'), at(T0 + HOUR, 'kim', 'US'), at(T0 + 30 * HOUR, 'kim', 'JP')];
    expectRestartSafe(() => build(impossibleTravelDetector), events, 1);
  });
});
