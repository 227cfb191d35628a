import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { respondSettings, type RespondSettings } from '../core/config.js';
import { SqliteStore } from '../store/sqlite/index.js';
import { ResponseEngine } from './engine.js';
import { loadPlaybooks, parsePlaybook } from './load.js';
import { bruteforceAlert, memoryDriver } from './testing.js';

const stores: SqliteStore[] = [];
afterEach(() => { for (const s of stores.splice(0)) s.close(); });

function setup(settings: Partial<RespondSettings> = {}, playbookText?: string) {
  const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'respond-')), { synchronous: 'normal' });
  stores.push(store);
  const playbooks = playbookText ? [parsePlaybook(playbookText, 'p.yaml').playbook!] : loadPlaybooks('config/playbooks/block-bruteforce-source.yaml').playbooks;
  let now = Date.parse('2026-12-07T10:00:00Z');
  const driver = memoryDriver();
  const engine = new ResponseEngine({
    settings: respondSettings.parse({ mode: 'enforce', retryBase: '1s', ...settings }),
    playbooks, db: store.db, audit: (e) => store.audit(e), drivers: [driver], now: () => now,
  });
  return { store, engine, driver, advance: (ms: number) => { now += ms; } };
}

describe('response engine', () => {
  it('blocks a brute-force source for 24 h, audits each step, and undoes it at expiry', async () => {
    const { store, engine, driver, advance } = setup();
    const [rec] = await engine.handle([bruteforceAlert('al_1', ['203.0.113.9'])]);
    expect(rec).toMatchObject({ state: 'done', target: '203.0.113.9', playbook: 'block-bruteforce-source', alertId: 'al_1' });
    expect(driver.held.has('203.0.113.9')).toBe(true);
    expect(Date.parse(rec!.expiresAt!) - Date.parse(rec!.updatedAt)).toBe(24 * 3_600_000);
    const audit = store.listAudit(20).filter((a) => a.action.startsWith('respond.')).reverse();
    expect(audit.map((a) => a.action)).toEqual(['respond.proposed', 'respond.approved', 'respond.executing', 'respond.done']);
    expect(audit[0]!.detail).toMatchObject({ alertId: 'al_1', playbook: 'block-bruteforce-source', playbookVersion: rec!.playbookHash });
    advance(24 * 3_600_000);
    await engine.tick();
    expect(engine.repo.get(rec!.id)!.state).toBe('expired');
    expect(driver.held.size).toBe(0);
  });

  it('is idempotent on a replayed alert and does not stack a second block on a held target', async () => {
    const { engine, driver } = setup();
    await engine.handle([bruteforceAlert('al_1', ['203.0.113.9'])]);
    expect(await engine.handle([bruteforceAlert('al_1', ['203.0.113.9']), bruteforceAlert('al_2', ['203.0.113.9'])])).toEqual([]);
    expect(driver.calls).toHaveLength(1);
  });

  it('never acts on allow-listed addresses, asks biomed for life-sustaining ones', async () => {
    const { engine, driver } = setup({ allow: { addresses: ['198.51.100.7'], accounts: [] }, assets: [{ match: '10.20.0.0/16', criticality: 'life-sustaining' }] });
    const recs = await engine.handle([bruteforceAlert('al_1', ['198.51.100.7', '10.20.3.4'])]);
    expect(recs.map((r) => [r.target, r.state])).toEqual([['198.51.100.7', 'suppressed'], ['10.20.3.4', 'awaiting-approval']]);
    expect(recs[1]!.approverRole).toBe('biomed');
    await expect(engine.approve(recs[1]!.id, { actor: 'user:ann', role: 'analyst' })).rejects.toThrow(/biomed/);
    expect(driver.calls).toHaveLength(0);
    const done = await engine.approve(recs[1]!.id, { actor: 'user:bob', role: 'biomed' }, 'pump moved to spare; ok');
    expect(done).toMatchObject({ state: 'done', decidedBy: 'user:bob' });
  });

  it('rejects an approval that times out', async () => {
    const { engine, advance } = setup({ approvalTimeout: '10m', assets: [{ match: '10.20.3.4', criticality: 'diagnostic' }] });
    const [rec] = await engine.handle([bruteforceAlert('al_1', ['10.20.3.4'])]);
    advance(11 * 60_000);
    await engine.tick();
    expect(engine.repo.get(rec!.id)).toMatchObject({ state: 'rejected', reason: 'approval timed out' });
  });

  it('retries a failed action with back-off, then succeeds', async () => {
    const { engine, driver, advance } = setup();
    driver.fail = 2;
    const [rec] = await engine.handle([bruteforceAlert('al_1', ['203.0.113.9'])]);
    expect(rec).toMatchObject({ state: 'failed', reason: 'firewall unreachable', attempts: 1 });
    await engine.tick(); // not due yet
    expect(driver.calls).toHaveLength(1);
    advance(1000); await engine.tick();
    expect(engine.repo.get(rec!.id)).toMatchObject({ state: 'failed', attempts: 2 });
    advance(1999); await engine.tick();
    expect(driver.calls).toHaveLength(2); // back-off doubled to 2 s
    advance(1); await engine.tick();
    expect(engine.repo.get(rec!.id)).toMatchObject({ state: 'done', attempts: 3 });
  });

  it('honours the kill switch, rate limits and the blast-radius cap', async () => {
    const { engine, driver } = setup({ limits: { perActionPerHour: {}, maxTargetsPerHour: 2 } });
    const recs = await engine.handle([bruteforceAlert('al_1', ['203.0.113.1', '203.0.113.2', '203.0.113.3'])]);
    expect(recs.map((r) => r.state)).toEqual(['done', 'done', 'suppressed']);
    expect(recs[2]!.reason).toMatch(/blast-radius/);
    engine.setKillSwitch(true, { actor: 'user:admin', role: 'admin' });
    const [k] = await engine.handle([bruteforceAlert('al_2', ['203.0.113.4'])]);
    expect(k).toMatchObject({ state: 'suppressed', reason: 'kill switch is on' });
    expect(driver.calls).toHaveLength(2);
    const r = setup({ limits: { perActionPerHour: { 'block-ip': 1 }, maxTargetsPerHour: 50 } });
    const two = await r.engine.handle([bruteforceAlert('al_1', ['203.0.113.1', '203.0.113.2'])]);
    expect(two.map((x) => x.state)).toEqual(['done', 'suppressed']);
  });

  it('dry-run records what it would do and touches nothing; per-playbook mode lowers the global one', async () => {
    const { engine, driver } = setup({ mode: 'dry-run' });
    const [rec] = await engine.handle([bruteforceAlert('al_1', ['203.0.113.9'])]);
    expect(rec!.state).toBe('dry-run');
    expect(driver.calls).toHaveLength(0);
    const pb = 'name: p\nmode: dry-run\ntrigger: { detectors: [auth.bruteforce] }\nsteps: [{ action: block-ip }]\n';
    const e2 = setup({ mode: 'enforce' }, pb);
    expect((await e2.engine.handle([bruteforceAlert('al_1', ['203.0.113.9'])]))[0]!.state).toBe('dry-run');
  });

  it('undo lifts a block now; a step with an approval waits; reject ends it', async () => {
    const { engine, driver } = setup();
    const [rec] = await engine.handle([bruteforceAlert('al_1', ['203.0.113.9'])]);
    const undone = await engine.undo(rec!.id, { actor: 'user:ann', role: 'analyst' }, 'our scanner');
    expect(undone).toMatchObject({ state: 'undone', decidedBy: 'user:ann' });
    expect(driver.held.size).toBe(0);
    await expect(engine.undo(rec!.id, { actor: 'user:ann', role: 'analyst' })).rejects.toThrow(/nothing to undo/);
    const pb = 'name: p\ntrigger: { detectors: [auth.bruteforce] }\nsteps: [{ action: block-ip, approval: { role: analyst } }]\n';
    const e2 = setup({}, pb);
    const [w] = await e2.engine.handle([bruteforceAlert('al_1', ['203.0.113.9'])]);
    expect(w).toMatchObject({ state: 'awaiting-approval', approverRole: 'analyst' });
    expect(e2.engine.reject(w!.id, { actor: 'user:ann', role: 'analyst' }, 'known pentest')).toMatchObject({ state: 'rejected' });
  });

  it('an action with nothing to run it (disable-account without respond.ldap) is failed on record, not dropped', async () => {
    const pb = 'name: p\ntrigger: { detectors: [auth.bruteforce] }\nsteps: [{ action: disable-account }]\n';
    const { engine, store } = setup({}, pb);
    const [rec] = await engine.handle([bruteforceAlert('al_1', [])]);
    expect(rec).toMatchObject({ state: 'failed', target: 'root', nextTry: null, reason: 'disable-account is not configured here (respond.ldap)' });
    expect(store.listAudit(5).map((a) => a.action)).toContain('respond.failed');
  });

  it('runs the steps of one alert in order, and different alerts side by side', async () => {
    const pb = 'name: p\ntrigger: { detectors: [auth.bruteforce] }\nsteps: [{ action: block-ip }, { action: disable-account }]\n';
    const order: string[] = [];
    const slow = (type: string) => ({
      type, disruptive: true,
      async do(i: { target: string }) { order.push(`start ${type} ${i.target}`); await new Promise((r) => setTimeout(r, 30)); order.push(`end ${type} ${i.target}`); },
      async undo() {}, async verify() { return true; },
    });
    const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'respond-')), { synchronous: 'normal' });
    stores.push(store);
    const engine = new ResponseEngine({
      settings: respondSettings.parse({ mode: 'enforce' }), playbooks: [parsePlaybook(pb, 'p.yaml').playbook!],
      db: store.db, audit: (e) => store.audit(e), drivers: [slow('block-ip'), slow('disable-account')],
    });
    await Promise.all([engine.handle([bruteforceAlert('al_1', ['203.0.113.1'])]), engine.handle([bruteforceAlert('al_2', ['203.0.113.2'])])]);
    // Both blocks start before either ends (side by side); each account step starts after its block ended.
    expect(order.slice(0, 2)).toEqual(['start block-ip 203.0.113.1', 'start block-ip 203.0.113.2']);
    expect(order.indexOf('start disable-account root')).toBeGreaterThan(order.indexOf('end block-ip 203.0.113.1'));
  });
});
