import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../core/alert.js';
import type { WardEvent } from '../../core/event.js';
import { newEventId } from '../../core/ids.js';
import { ContextStore } from '../../store/sqlite/context-store.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { TriageRepo } from '../../store/sqlite/triage.js';
import { ComplianceRepo } from './attestations.js';
import { runMeasures } from './measures.js';
import { evaluate } from './status.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const H = 3_600_000, DAY = 24 * H;
const iso = (t: number) => new Date(t).toISOString();

let dir: string;
let store: SqliteStore;
let ctx: ContextStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ww-comply-'));
  store = SqliteStore.open(dir);
  ctx = ContextStore.open(dir);
});
afterEach(() => { ctx.close(); store.close(); rmSync(dir, { recursive: true, force: true }); });

function ev(t: number, dataset: string, extra: Omit<Partial<WardEvent>, 'event'> & { event?: Partial<WardEvent['event']> } = {}): WardEvent {
  const { event, ...rest } = extra;
  return { '@timestamp': iso(t), event: { id: newEventId(), dataset, ...event }, ...rest } as WardEvent;
}
const login = (t: number, user: string, outcome: 'success' | 'failure', dataset = 'linux.auth', host = 'ehr01') =>
  ev(t, dataset, { event: { category: ['authentication'], action: 'ssh_login', outcome }, user: { name: user }, host: { name: host }, log: { syslog: { hostname: host } } });
const conn = (t: number, protocol: string | undefined, port: number) =>
  ev(t, 'zeek.conn', { event: { category: ['network'], action: 'connection', outcome: 'success' }, network: { transport: 'tcp', ...(protocol ? { protocol } : {}) }, source: { ip: '10.0.0.5' }, destination: { ip: '10.0.0.9', port } });
const ehr = (t: number, user: string, ws: string, breakGlass = false, reason?: string) =>
  ev(t, 'ehr.access', { event: { category: ['database'], action: 'view', outcome: 'success' }, user: { name: user }, ehr: { action: 'view', workstation: ws, break_glass: breakGlass, ...(reason ? { reason } : {}), patient: { id: 'pt_x' as never } } } as never);
function alert(id: string, t: number, detector: string, severity: Alert['severity'], created = t): Alert {
  return { id, time: iso(t), created: iso(created), title: id, severity, detector, rule: detector, entities: [{ type: 'user', id: 'u' }], status: 'open', firstSeen: iso(t), lastSeen: iso(t), explanation: { summary: 's', factors: [], evidence: [], evidenceCount: 0, text: 's.' } };
}
const run = (now = T0 + 30 * DAY) => runMeasures({ db: store.db, context: ctx.db, from: T0, to: T0 + 14 * DAY, now });

describe('evidence measures on a real store', () => {
  it('finds clear-text HL7 and DICOM and computes the encrypted share', () => {
    store.appendEvents([conn(T0 + H, 'hl7', 2575), conn(T0 + 2 * H, 'dicom', 104), conn(T0 + 3 * H, 'ssl', 443), conn(T0 + 4 * H, 'ssl', 443), conn(T0 + 5 * H, 'ssl', 2762), conn(T0 + 6 * H, 'dns', 53)]);
    const r = run();
    expect(r.get('cleartext-phi')).toMatchObject({ status: 'gap', value: 2 });
    expect(r.get('cleartext-phi')!.counts['HL7 v2 over MLLP without TLS']).toBe(1);
    expect(r.get('tls-share')!.value).toBeCloseTo(3 / 5);
    expect(r.get('tls-share')!.status).toBe('gap');
    expect(r.get('kev-devices')!.status).toBe('not_measured');
    expect(r.get('kev-devices')!.summary).toMatch(/device inventory is empty/);
  });

  it('is met when the network carries PHI only over TLS', () => {
    store.appendEvents([conn(T0 + H, 'ssl', 2575), conn(T0 + 2 * H, 'ssl', 443)]);
    expect(run().get('cleartext-phi')!.status).toBe('met');
    expect(run().get('tls-share')).toMatchObject({ status: 'met', value: 1 });
  });

  it('names generic accounts and accounts open at two workstations at once', () => {
    store.appendEvents([login(T0 + H, 'nurse1', 'success'), login(T0 + H, 'hwright', 'success'), ehr(T0 + 2 * H, 'hwright', 'WS-1'), ehr(T0 + 2 * H + 20_000, 'hwright', 'WS-2')]);
    const u = run().get('unique-ids')!;
    expect(u).toMatchObject({ status: 'gap', value: 1 });
    expect(u.counts.concurrentAccounts).toBe(1);
    expect(u.summary).toContain('nurse1');
  });

  it('finds a leaver still signing in and dormant logins, from the roster', () => {
    ctx.load({ staff: [
      { id: 'S1', department: 'ED', role: 'nurse', shifts: [], logins: ['alee'], active: { to: iso(T0 + 3 * DAY) } },
      { id: 'S2', department: 'ED', role: 'nurse', shifts: [], logins: ['bkim'] },
      { id: 'S3', department: 'ED', role: 'nurse', shifts: [], logins: ['cng'] },
    ] });
    store.appendEvents([login(T0 + 5 * DAY, 'alee', 'success'), login(T0 + DAY, 'bkim', 'success')]);
    const r = run();
    expect(r.get('terminated-active')).toMatchObject({ status: 'gap', value: 1 });
    expect(r.get('terminated-active')!.examples).toContain('staff:S1');
    expect(r.get('dormant-accounts')!.counts).toMatchObject({ staff: 2, dormant: 1 });
    expect(r.get('dormant-accounts')!.examples).toEqual(['staff:S3']);
  });

  it('says the roster measures are not measured without a roster', () => {
    expect(run().get('terminated-active')!.status).toBe('not_measured');
    expect(run().get('mfa-share')!.status).toBe('not_measured');
  });

  it('measures MFA from Entra ID sign-ins', () => {
    const signin = (t: number, mfa: boolean) => ev(t, 'entra.signin', { event: { category: ['authentication'], action: 'sign-in', outcome: 'success' }, user: { name: 'x' }, m365: { signin: mfa ? { mfa_method: 'PhoneAppNotification' } : { authentication_requirement: 'singleFactorAuthentication' } } } as never);
    store.appendEvents([signin(T0 + H, true), signin(T0 + 2 * H, true), signin(T0 + 3 * H, true), signin(T0 + 4 * H, false)]);
    expect(run().get('mfa-share')).toMatchObject({ value: 0.75, status: 'gap' });
  });

  it('counts alert reviews within 7 days and high alerts triaged within 24 h', () => {
    store.insertAlerts([alert('al_1', T0 + H, 'ehr.access', 'high'), alert('al_2', T0 + 2 * H, 'ehr.access', 'medium'), alert('al_3', T0 + 3 * H, 'auth.bruteforce', 'critical')]);
    store.appendEvents([ehr(T0 + H, 'hwright', 'WS-1')]);
    const triage = new TriageRepo(store.db);
    triage.apply(['al_1'], { status: 'closed', verdict: 'true_positive' }, 'user:a', iso(T0 + 2 * H));
    triage.apply(['al_2'], { status: 'acknowledged' }, 'user:a', iso(T0 + 10 * DAY));
    const r = run();
    expect(r.get('ehr-access-review')!.counts).toMatchObject({ due: 2, timely: 1 });
    expect(r.get('ehr-access-review')!.status).toBe('partial');
    expect(r.get('incident-response')!.counts).toMatchObject({ due: 2, timely: 1 });
    expect(r.get('incident-response')!.examples).toEqual(['alert:al_3']);
    // An alert raised an hour before "now" is not yet due.
    expect(runMeasures({ db: store.db, from: T0, to: T0 + 14 * DAY, now: T0 + 4 * H }).get('activity-review')!.counts.due).toBe(2);
  });

  it('reports silent log sources and long sessions', () => {
    const evs: WardEvent[] = [];
    for (let d = 0; d < 14; d++) evs.push(login(T0 + d * DAY + H, 'bkim', 'failure', 'linux.auth', 'ehr01'));
    evs.push(login(T0 + H, 'bkim', 'success', 'linux.auth', 'pacs01'), login(T0 + DAY + H, 'bkim', 'success', 'linux.auth', 'pacs01'));
    // A weekday-only feed, quiet over the period's last weekend as over the first: still reporting.
    for (const d of [0, 1, 2, 3, 4, 7, 8, 9, 10, 11]) evs.push(login(T0 + d * DAY + 9 * H, 'bkim', 'success', 'linux.auth', 'weekday01'));
    const sess = (t: number, action: string, pid: number) => ev(t, 'linux.auth', { event: { category: ['session'], action, outcome: 'success' }, host: { name: 'app01' }, process: { pid }, user: { name: 'bkim' }, wardwatch: { pam: { service: 'sshd' } } } as never);
    evs.push(sess(T0 + 2 * H, 'session_opened', 10), sess(T0 + 3 * H, 'session_closed', 10), sess(T0 + 4 * H, 'session_opened', 11), sess(T0 + 20 * H, 'session_closed', 11));
    store.appendEvents(evs);
    const r = run();
    expect(r.get('log-coverage')!.counts).toMatchObject({ systems: 3, reporting: 2, reportedLast24h: 1 });
    expect(r.get('log-coverage')!.examples).toEqual(['linux.auth@pacs01']);
    expect(r.get('session-length')!.counts).toMatchObject({ sessions: 2, long: 1 });
    expect(r.get('login-monitoring')!.counts.failures).toBe(14);
  });
});

describe('control status', () => {
  it('ranks a required gap first, honours attestations and their review date, and keeps history', () => {
    store.appendEvents([conn(T0 + H, 'hl7', 2575)]);
    const repo = new ComplianceRepo(store.db);
    const now = T0 + 20 * DAY;
    repo.attest({ controlId: 'hipaa-308-a-1-ii-A', owner: 'CISO', statement: 'Risk analysis 2026', evidenceFile: 'risk-2026.pdf', attestedAt: T0, reviewBy: T0 + 365 * DAY }, 'user:a', T0);
    repo.attest({ controlId: 'hipaa-308-a-7-ii-A', owner: 'IT', statement: 'Backup plan', evidenceFile: 'backup.pdf', attestedAt: T0 - 400 * DAY, reviewBy: T0 - 35 * DAY }, 'user:a', T0);
    // Clear-text HL7 outranks an attestation of transmission encryption.
    repo.attest({ controlId: 'hipaa-312-e-2-ii', owner: 'IT', statement: 'All links encrypted', evidenceFile: 'net.pdf', attestedAt: T0, reviewBy: T0 + 365 * DAY }, 'user:a', T0);
    const ev = evaluate(store.db, undefined, T0, T0 + 14 * DAY, now);
    const st = (id: string) => ev.controls.find((c) => c.control.id === id)!;
    expect(st('hipaa-308-a-1-ii-A')).toMatchObject({ status: 'attested', basis: 'attestation' });
    expect(st('hipaa-308-a-7-ii-A').status).toBe('attestation_overdue');
    expect(st('hipaa-312-e-2-ii').status).toBe('gap');
    expect(st('hipaa-312-e-1')).toMatchObject({ status: 'gap', basis: 'children' });
    expect(st('hipaa-316-a').status).toBe('not_measured');
    expect(ev.gaps[0]!.status).toBe('gap');
    expect(ev.gaps[0]!.control.requirement === 'addressable' || ev.gaps[0]!.control.framework !== 'hipaa' || ev.gaps[0]!.weight >= 6).toBe(true);
    const requiredGap = ev.gaps.findIndex((g) => g.status === 'gap');
    const overdue = ev.gaps.findIndex((g) => g.control.id === 'hipaa-308-a-7-ii-A');
    expect(requiredGap).toBeLessThan(overdue);
    expect(ev.coverage.mapped).toBeGreaterThan(0);
    expect(ev.coverage.measured).toBeLessThan(ev.coverage.mapped);
    repo.snapshot(ev.controls.map((c) => ({ controlId: c.control.id, status: c.status, summary: c.reason })), T0, T0 + 14 * DAY, now);
    repo.snapshot([{ controlId: 'hipaa-312-e-1', status: 'met', summary: 'fixed' }], T0, T0 + 28 * DAY, now + DAY);
    expect(repo.history('hipaa-312-e-1').map((h) => h.status)).toEqual(['gap', 'met']);
    expect(repo.trend().length).toBe(2);
  });
});
