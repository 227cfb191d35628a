import { describe, expect, it } from 'vitest';
import type { Alert } from '../../core/alert.js';
import type { WardEvent } from '../../core/event.js';
import { accessOf, countAffected, scopeOf, type PhiAccess } from './count.js';

const T0 = Date.parse('2026-01-05T01:00:00Z');
const MIN = 60_000;
const acc = (min: number, patient: string, user = 'jdoe', action = 'view'): PhiAccess => ({ t: T0 + min * MIN, user, patient, action, eventId: `e${min}${patient}` });
const alert = (p: Partial<Alert>): Alert => ({
  id: 'al', time: '', created: '2026-01-05T01:30:00Z', title: 't', severity: 'high', detector: 'ehr.access', rule: 'ehr.access',
  entities: [{ type: 'user', id: 'jdoe' }], status: 'open', firstSeen: new Date(T0 + 10 * MIN).toISOString(), lastSeen: new Date(T0 + 20 * MIN).toISOString(),
  explanation: { summary: '', factors: [], evidence: [], evidenceCount: 0, text: '' }, ...p,
});

describe('breach patient count: the rule', () => {
  it('widens a volume alert\'s window over the uninterrupted session and counts distinct patients', () => {
    const scope = scopeOf([{ type: 'user', id: 'JDoe', role: 'actor' }], [alert({})]);
    expect(scope).toMatchObject({ users: ['JDoe'], namedPatients: [] });
    const accesses = [
      acc(-200, 'pt_day'), // hours before: another session, not counted
      acc(0, 'pt_a'), acc(5, 'pt_b'), acc(10, 'pt_c'), acc(15, 'pt_a', 'jdoe', 'print'), acc(20, 'pt_d'), acc(30, 'pt_e', 'jdoe', 'export'),
      acc(60, 'pt_late'), // 30 minutes after the last one: the session had ended
      acc(12, 'pt_other', 'someone'), // another user
    ];
    const c = countAffected(scope, accesses);
    expect(c.patients).toEqual(['pt_a', 'pt_b', 'pt_c', 'pt_d', 'pt_e']);
    expect(c.accesses).toBe(6);
    expect(c.byAction).toEqual({ view: 4, print: 1, export: 1 });
    expect(c.window).toEqual({ from: new Date(T0).toISOString(), to: new Date(T0 + 30 * MIN).toISOString() });
    expect(c.perPatient.pt_a).toMatchObject({ accesses: 2, actions: ['view', 'print'] });
  });

  it('a longer session gap reaches the earlier session', () => {
    const scope = { ...scopeOf([{ type: 'user', id: 'jdoe', role: 'actor' }], [alert({})]), sessionGapMs: 4 * 60 * MIN };
    expect(countAffected(scope, [acc(-200, 'pt_day'), acc(10, 'pt_a')]).patients).toEqual(['pt_a', 'pt_day']);
  });

  it('alerts that name patients count exactly those patients, not the rest of the shift', () => {
    const named = alert({ entities: [{ type: 'user', id: 'jdoe' }, { type: 'patient', id: 'pt_vip' }] });
    const scope = scopeOf([{ type: 'user', id: 'jdoe', role: 'actor' }, { type: 'patient', id: 'pt_vip', role: 'target' }], [named]);
    expect(scope.from).toBeUndefined();
    const c = countAffected(scope, [acc(0, 'pt_treated'), acc(11, 'pt_vip'), acc(12, 'pt_treated2'), acc(40, 'pt_vip', 'jdoe', 'print')]);
    expect(c.patients).toEqual(['pt_vip']);
    expect(c.accesses).toBe(2);
    expect(c.byAction).toEqual({ view: 1, print: 1 });
  });

  it('targets are not actors: a patient-less alert about another user does not count the victim\'s accesses', () => {
    const scope = scopeOf([{ type: 'user', id: 'jdoe', role: 'actor' }, { type: 'user', id: 'victim', role: 'target' }], [alert({})]);
    expect(scope.users).toEqual(['jdoe']);
    expect(countAffected(scope, [acc(12, 'pt_x', 'victim')]).patients).toEqual([]);
  });

  it('reads an access from an event, leaving out refused ones and events without a patient', () => {
    const e = (o: Partial<WardEvent>): WardEvent => ({ '@timestamp': '2026-01-05T01:00:00Z', event: { id: 'ev1' }, user: { name: 'JDoe' }, ehr: { action: 'view', patient: { id: 'pt_a' as never } }, ...o } as WardEvent);
    expect(accessOf(e({}))).toMatchObject({ user: 'jdoe', patient: 'pt_a', action: 'view', eventId: 'ev1' });
    expect(accessOf(e({ event: { id: 'ev2', outcome: 'failure' } }))).toBeUndefined();
    expect(accessOf(e({ ehr: { action: 'view' } }))).toBeUndefined();
  });
});
