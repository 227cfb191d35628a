import { describe, expect, it } from 'vitest';
import type { Alert, EntityRef, Severity } from '../core/alert.js';
import { IncidentBuilder } from './correlate.js';

const T0 = Date.parse('2026-03-02T02:00:00Z');
let n = 0;

function alert(o: { detector: string; minutes: number; entities: EntityRef[]; severity?: Severity; title?: string; techniques?: string[] }): Alert {
  const time = new Date(T0 + o.minutes * 60_000).toISOString();
  n++;
  return {
    id: `al_${n}`, time, created: time, title: o.title ?? `${o.detector} finding`, severity: o.severity ?? 'medium',
    detector: o.detector, rule: o.detector, entities: o.entities, status: 'open', firstSeen: time, lastSeen: time,
    explanation: { summary: '', factors: [], evidence: [], evidenceCount: 0, text: '' },
    ...(o.techniques ? { techniques: o.techniques } : {}),
  };
}
const user = (id: string): EntityRef => ({ type: 'user', id });
const ip = (id: string): EntityRef => ({ type: 'ip', id });

function build(alerts: Alert[]): IncidentBuilder {
  const b = new IncidentBuilder();
  for (const a of [...alerts].sort((x, y) => x.time.localeCompare(y.time))) b.add(a);
  return b;
}

describe('incidents', () => {
  it('counts 5,000 identical brute-force alerts as one incident with one group', () => {
    const alerts = Array.from({ length: 5000 }, (_, i) => alert({ detector: 'auth.bruteforce', minutes: i * 0.02, entities: [user('root'), ip('203.0.113.7')], severity: 'high', title: 'Brute force against account root' }));
    const incs = build(alerts).incidents();
    expect(incs).toHaveLength(1);
    expect(incs[0]!.alertCount).toBe(5000);
    expect(incs[0]!.groups).toHaveLength(1);
    expect(incs[0]!.groups[0]!.count).toBe(5000);
    expect(incs[0]!.title).toContain('×5000');
  });

  it('updates a running spray in place: the targets grow to 50', () => {
    const first = alert({ detector: 'auth.spray', minutes: 0, entities: [ip('198.51.100.9'), ...Array.from({ length: 10 }, (_, i) => user(`u${i}`))], severity: 'high', title: 'Password spray' });
    const later = Array.from({ length: 4 }, (_, k) => alert({ detector: 'auth.spray', minutes: 10 + k, entities: [ip('198.51.100.9'), ...Array.from({ length: 10 }, (_, i) => user(`u${10 + k * 10 + i}`))], severity: 'high', title: 'Password spray' }));
    const [inc] = build([first, ...later]).incidents();
    expect(inc!.groups[0]!.targets).toBe(50);
    expect(inc!.explanation.text).toContain('now 50 targets');
    expect(inc!.entities.filter((e) => e.role === 'target')).toHaveLength(50);
  });

  it('keeps one insider\'s alerts together, and apart from another user', () => {
    const a = Array.from({ length: 9 }, (_, i) => alert({ detector: i % 2 ? 'ehr.access' : 'identity.rare_login_time', minutes: i * 1.3, entities: [user('nurse.kim'), { type: 'patient', id: `p${i}` }] }));
    const b = Array.from({ length: 11 }, (_, i) => alert({ detector: 'ehr.access', minutes: 100 + i, entities: [user('clerk.lee'), { type: 'patient', id: `p${i}` }] }));
    const incs = build([...a, ...b]).incidents();
    expect(incs.map((x) => x.alertCount).sort()).toEqual([11, 9]);
  });

  it('does not merge unrelated users through a shared VPN address', () => {
    const vpn = ip('10.8.0.1');
    const alerts = ['ann', 'bob', 'cat', 'dan', 'eve'].flatMap((u, i) => [
      alert({ detector: 'identity.new_source', minutes: i * 5, entities: [user(u), vpn] }),
      alert({ detector: 'identity.rare_login_time', minutes: i * 5 + 1, entities: [user(u), vpn] }),
    ]);
    const incs = build(alerts).incidents();
    for (const inc of incs) expect(new Set(inc.entities.filter((e) => e.type === 'user').map((e) => e.id)).size).toBe(1);
    // The first users, before the address was seen as shared, may link through it (actor on one side only
    // when a user acts): with a fan-out limit of 3, at most the first three share it.
    expect(incs.length).toBeGreaterThanOrEqual(4);
    expect(incs.some((i) => i.explanation.text.includes('Not linked through shared infrastructure: 10.8.0.1'))).toBe(true);
  });

  it('keeps two sprays from different sources apart even when they hit the same victims', () => {
    const victims = ['a', 'b', 'c'].map(user);
    const incs = build([
      alert({ detector: 'auth.spray', minutes: 0, entities: [ip('198.51.100.1'), ...victims], severity: 'high' }),
      alert({ detector: 'auth.spray', minutes: 5, entities: [ip('198.51.100.2'), ...victims], severity: 'high' }),
    ]).incidents();
    expect(incs).toHaveLength(2);
  });

  it('joins the spray and the successful login that follows it', () => {
    const incs = build([
      alert({ detector: 'auth.spray', minutes: 0, entities: [ip('198.51.100.1'), user('a'), user('b')], severity: 'high' }),
      alert({ detector: 'auth.success_after_failures', minutes: 3, entities: [user('b'), ip('198.51.100.1')], severity: 'high' }),
    ]).incidents();
    expect(incs).toHaveLength(1);
  });

  it('raises severity when an EHR-privacy and an IT-security finding meet on one user', () => {
    const [inc] = build([
      alert({ detector: 'ehr.access', minutes: 0, entities: [user('dr.x'), { type: 'patient', id: 'p1' }], severity: 'medium' }),
      alert({ detector: 'sigma', minutes: 20, entities: [user('dr.x'), { type: 'host', id: 'ws7' }], severity: 'medium' }),
    ]).incidents();
    expect(inc!.severity).toBe('high');
    expect(inc!.explanation.text).toMatch(/dr\.x has both an EHR-privacy finding and an IT-security finding/);
  });

  it('raises severity on tactic progression to a late stage', () => {
    const [inc] = build([
      alert({ detector: 'auth.success_after_failures', minutes: 0, entities: [user('svc'), ip('203.0.113.5')], severity: 'high', techniques: ['T1110.001'] }),
      alert({ detector: 'sigma', minutes: 10, entities: [user('svc'), { type: 'host', id: 'srv1' }], severity: 'high', techniques: ['T1087.001'] }),
      alert({ detector: 'sigma', minutes: 20, entities: [user('svc'), { type: 'host', id: 'srv2' }], severity: 'high', techniques: ['T1021.002'] }),
    ]).incidents();
    expect(inc!.tactics).toEqual(['credential-access', 'discovery', 'lateral-movement']);
    expect(inc!.severity).toBe('critical');
  });

  it('lets low alerts add risk and opens an incident only when the entity crosses its threshold', () => {
    const low = (m: number) => alert({ detector: 'logs.anomaly', minutes: m, entities: [user('ops')], severity: 'low' });
    expect(build([low(0)]).incidents()).toHaveLength(0);
    const b = build(Array.from({ length: 9 }, (_, i) => low(i * 10)));
    const incs = b.incidents();
    expect(incs).toHaveLength(1);
    expect(incs[0]!.trigger).toBe('risk');
    expect(incs[0]!.alertCount).toBeGreaterThanOrEqual(8);
    expect(incs[0]!.explanation.text).toMatch(/reached risk/);
  });

  it('ranks the spray\'s attacker above its victims', () => {
    const b = build([alert({ detector: 'auth.spray', minutes: 0, entities: [ip('198.51.100.1'), ...Array.from({ length: 10 }, (_, i) => user(`v${i}`))], severity: 'high' })]);
    const ranked = b.risk.ranked(new Date(T0 + 60_000));
    expect(ranked[0]!.entity).toEqual(ip('198.51.100.1'));
    expect(ranked[0]!.score).toBeGreaterThan(3 * ranked[1]!.score);
    expect(ranked[0]!.explanation).toMatch(/1 as the actor/);
  });
});
