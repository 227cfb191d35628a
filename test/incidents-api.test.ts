import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, EntityRef, Severity } from '../src/core/alert.js';
import { TOKEN } from './helpers.js';
import { startHarness, type Harness } from './security/harness.js';

const auth = { authorization: `Bearer ${TOKEN}` };
const now = Date.now();

function alert(id: string, minutesAgo: number, detector: string, entities: EntityRef[], severity: Severity, techniques?: string[]): Alert {
  const t = new Date(now - minutesAgo * 60_000).toISOString();
  return {
    id, time: t, created: t, title: `${detector} on ${entities[0]!.id}`, severity, detector, rule: detector, entities, status: 'open',
    firstSeen: t, lastSeen: t, explanation: { summary: '', factors: [], evidence: [], evidenceCount: 0, text: '' },
    ...(techniques ? { techniques } : {}),
  };
}

describe('incidents API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    const attacker = { type: 'ip', id: '203.0.113.66' } as const;
    h.rt.store.insertAlerts([
      // A spray that keeps running, then the account it broke into moves on.
      alert('al_i1', 60, 'auth.spray', [attacker, ...['ann', 'bob', 'cat'].map((id) => ({ type: 'user', id }) as const)], 'high', ['T1110.003']),
      alert('al_i2', 50, 'auth.spray', [attacker, ...['dan', 'eve', 'fay'].map((id) => ({ type: 'user', id }) as const)], 'high', ['T1110.003']),
      alert('al_i3', 40, 'auth.success_after_failures', [{ type: 'user', id: 'eve' }, attacker], 'high', ['T1078']),
      alert('al_i4', 30, 'sigma', [{ type: 'user', id: 'eve' }, { type: 'host', id: 'fs01' }], 'medium', ['T1021.002']),
      // Unrelated: a nurse's EHR finding.
      alert('al_i5', 20, 'ehr.access', [{ type: 'user', id: 'nurse.kim' }, { type: 'patient', id: 'pt_0000aa' }], 'medium'),
    ]);
  });
  afterAll(async () => h?.close());

  it('lists correlated incidents with a story, and ranks the attacker by risk', async () => {
    const r = await h.send('GET', '/api/incidents', auth);
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body) as { items: Array<{ id: string; alertCount: number; severity: string; tactics: string[]; state: string; explanation: { text: string }; groups: Array<{ targets: number }> }>; total: number };
    expect(body.total).toBe(2);
    const spray = body.items.find((i) => i.alertCount === 4)!;
    expect(spray.state).toBe('open');
    expect(spray.tactics).toEqual(['initial-access', 'persistence', 'privilege-escalation', 'defense-evasion', 'credential-access', 'lateral-movement']);
    expect(spray.severity).toBe('critical');
    expect(spray.explanation.text).toContain('now 6 targets');
    const risk = JSON.parse((await h.send('GET', '/api/risk', auth)).body) as { items: Array<{ entity: EntityRef; explanation: string }> };
    expect(risk.items[0]!.entity.id).toBe('203.0.113.66');
  });

  it('records a true-positive verdict as an escalation, on the incident and each of its alerts, audited', async () => {
    const list = JSON.parse((await h.send('GET', '/api/incidents', auth)).body) as { items: Array<{ id: string; alertCount: number }> };
    const id = list.items.find((i) => i.alertCount === 4)!.id;
    const r = await h.send('PATCH', `/api/incidents/${id}`, auth, JSON.stringify({ verdict: 'true_positive', owner: 'ana', note: 'confirmed with the user' }));
    expect(r.status).toBe(200);
    const one = JSON.parse((await h.send('GET', `/api/incidents/${id}`, auth)).body) as { state: string; owner: string; notes: Array<{ text: string }>; alerts: Alert[] };
    expect(one.state).toBe('escalated');
    expect(one.owner).toBe('ana');
    expect(one.notes.map((n) => n.text)).toEqual(['confirmed with the user']);
    expect(one.alerts).toHaveLength(4);
    const triaged = h.rt.store.db.prepare("SELECT COUNT(*) FROM triage WHERE verdict = 'true_positive'").pluck().get();
    expect(triaged).toBe(4);
    expect(h.rt.store.listAudit(20).some((a) => a.action === 'incident' && a.target === `incident:${id}`)).toBe(true);
    // Filter by analyst state.
    const open = JSON.parse((await h.send('GET', '/api/incidents?state=open', auth)).body) as { items: unknown[] };
    expect(open.items).toHaveLength(1);
  });

  it('refuses a malformed id, an unknown incident and an empty change with clear errors', async () => {
    expect((await h.send('GET', '/api/incidents/nope', auth)).status).toBe(400);
    const missing = await h.send('GET', '/api/incidents/inc_0000000000000000', auth);
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('no incident');
    const empty = await h.send('PATCH', '/api/incidents/inc_0000000000000000', auth, '{}');
    expect(empty.status).toBe(400);
  });
});
