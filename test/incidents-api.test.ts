import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, EntityRef, Severity } from '../src/core/alert.js';
import { TOKEN, authLines, cli } from './helpers.js';
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
    // The nurse's EHR incident was shown: the view is in the audit log.
    expect(h.rt.store.listAudit(20).some((a) => a.action === 'view_ehr_alert' && a.target === 'incident-list' && JSON.stringify(a.detail).includes('al_i5'))).toBe(true);
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

  it('lists the same incidents on the command line, one JSON object per line, and ranks risk', () => {
    const r = cli(['incidents', '--data-dir', h.rt.dataDir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; state: string; alertIds: string[]; tactics: string[] });
    const spray = rows.find((x) => x.alertIds.includes('al_i1'))!;
    expect(spray.alertIds.sort()).toEqual(['al_i1', 'al_i2', 'al_i3', 'al_i4']);
    expect(spray.state).toBe('escalated');
    const risk = cli(['incidents', '--data-dir', h.rt.dataDir, '--risk', '--json', '-n', '1']);
    expect(JSON.parse(risk.stdout.trim()).entity.id).toBe('203.0.113.66');
    const bad = cli(['incidents', '--data-dir', h.rt.dataDir, '--state', 'nope']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--state');
  });

  it('refuses a malformed id, an unknown incident and an empty change with clear errors', async () => {
    expect((await h.send('GET', '/api/incidents/nope', auth)).status).toBe(400);
    const missing = await h.send('GET', '/api/incidents/inc_0000000000000000', auth);
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('no incident');
    const empty = await h.send('PATCH', '/api/incidents/inc_0000000000000000', auth, '{}');
    expect(empty.status).toBe(400);
  });

  it('turns a false-positive verdict into a scoped, expiring suppression that closes matching alerts as they are raised', async () => {
    // A backup job's failing logins: the analyst says "expected" and suppresses it for 7 days.
    const start = Date.now() - 10 * 60_000;
    const lines = authLines(30, 'svc-backup', 'failure', '10.9.9.9', start);
    const ingest = (ls: string[]) => h.rt.ingestor.ingest(ls.map((data, i) => ({ data, source: 'test', offset: i, receivedAt: Date.now() })), h.rt.ingestor.parser('json'));
    await ingest(lines.slice(0, 15));
    await h.rt.detection.drain();
    const list = JSON.parse((await h.send('GET', '/api/incidents?entity=svc-backup', auth)).body) as { items: Array<{ id: string }> };
    expect(list.items).toHaveLength(1);
    const r = await h.send('PATCH', `/api/incidents/${list.items[0]!.id}`, auth, JSON.stringify({ verdict: 'benign_expected', note: 'nightly backup retries', suppress: { scope: 'entity-rule', days: 7 } }));
    expect(r.status).toBe(200);
    const made = (JSON.parse(r.body) as { suppressions: Array<{ id: string; detector: string; entity: EntityRef; expires: string }> }).suppressions;
    expect(made.length).toBeGreaterThan(0);
    expect(made[0]!.entity).toBeDefined();
    expect(Date.parse(made[0]!.expires) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    // The same job fails again an hour later (a new brute-force episode): stored closed, suppressed, nothing sent on.
    const sent: Alert[] = [];
    const off = h.rt.onAlerts((a) => sent.push(...a));
    await ingest(authLines(30, 'svc-backup', 'failure', '10.9.9.9', Date.now() - 60_000));
    await h.rt.detection.drain();
    off();
    const stored = h.rt.store.listAlerts({ entity: 'svc-backup', limit: 100 }).items.filter((a) => Date.parse(a.time) > Date.now() - 5 * 60_000);
    expect(stored.length).toBeGreaterThan(0);
    for (const a of stored) {
      expect(a.suppressedBy).toBe(made.find((m) => m.detector === a.detector)?.id);
      expect(a.status).toBe('closed');
    }
    expect(sent.filter((a) => a.entities.some((e) => e.id === 'svc-backup'))).toEqual([]);
    const stats = JSON.parse((await h.send('GET', '/api/rules/stats', auth)).body) as { items: Array<{ detector: string; suppressed: number; benignExpected: number }> };
    const bf = stats.items.find((x) => x.detector === 'auth.bruteforce')!;
    expect(bf.suppressed).toBeGreaterThan(0);
    expect(bf.benignExpected).toBeGreaterThan(0);
    // Ending it is audited, and a suppression without a scope is refused with the reason.
    const del = await h.send('DELETE', `/api/suppressions/${made[0]!.id}`, auth);
    expect(del.status).toBe(200);
    expect(h.rt.store.listAudit(50).some((x) => x.action === 'suppression_remove')).toBe(true);
    const bad = await h.send('POST', '/api/suppressions', auth, JSON.stringify({ reason: 'all of it', days: 3 }));
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('needs a scope');
  });
});
