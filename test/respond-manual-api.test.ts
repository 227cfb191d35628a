import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseEngine } from '../src/respond/engine.js';
import { bruteforceAlert, memoryDriver } from '../src/respond/testing.js';
import { startHarness, type Harness } from './security/harness.js';

/**
 * Manual actions from the alert page over HTTP: what applies and what the gate would say, a block
 * refused for an allow-listed address, one waiting for biomed on a life-sustaining device, one done,
 * all in the one action history with the person who asked.
 */
describe('manual response API', () => {
  let h: Harness;
  const firewall = memoryDriver();
  const as: Record<string, { cookie: string; csrf: string }> = {};
  const post = (who: string, path: string, body: unknown) =>
    h.send('POST', path, { cookie: as[who]!.cookie, 'x-csrf-token': as[who]!.csrf }, JSON.stringify(body));
  const get = (who: string, path: string) => h.send('GET', path, { cookie: as[who]!.cookie });

  beforeAll(async () => {
    h = await startHarness((rt) => {
      const settings = rt.loaded.config.respond;
      Object.assign(settings, {
        mode: 'enforce',
        allow: { addresses: ['198.51.100.7'], accounts: [] },
        assets: [{ match: '10.20.0.0/16', criticality: 'life-sustaining', name: 'ICU infusion pumps' }],
      });
      rt.store.insertAlerts([bruteforceAlert('al_manual_1', ['203.0.113.9', '198.51.100.7', '10.20.1.1'])]);
      return { respond: new ResponseEngine({ settings, playbooks: [], db: rt.store.db, audit: (e) => rt.store.audit(e), drivers: [firewall] }) };
    });
    for (const u of ['ana', 'aud', 'bio']) as[u] = await h.signIn(u);
  });
  afterAll(async () => { await h?.close(); });

  it("lists the actions that apply to the alert's entities with the gate's answer for each", async () => {
    const res = await get('aud', '/api/alerts/al_manual_1/actions');
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { mode: string; actions: Array<{ action: string; targets: Array<{ id: string; state: string; reason: string | null; configured: boolean }> }> };
    expect(body.mode).toBe('enforce');
    const block = body.actions.find((a) => a.action === 'block-ip')!;
    expect(block.targets.map((t) => [t.id, t.state])).toEqual([['203.0.113.9', 'done'], ['198.51.100.7', 'suppressed'], ['10.20.1.1', 'awaiting-approval']]);
    expect(block.targets[1]!.reason).toMatch(/allow-listed/);
    expect(body.actions.find((a) => a.action === 'disable-account')).toMatchObject({ targets: [{ id: 'root', configured: false }] });
    expect((await get('aud', '/api/alerts/al_nope/actions')).status).toBe(404);
  });

  it('runs a person\'s action through the gate and records who asked', async () => {
    expect((await post('aud', '/api/alerts/al_manual_1/actions', { action: 'block-ip' })).status).toBe(403);
    expect((await post('ana', '/api/alerts/al_manual_1/actions', { action: 'block-ip', target: '192.0.2.1' })).status).toBe(400);
    expect((await post('ana', '/api/alerts/al_manual_1/actions', { action: 'block-ip', expiry: 'soon' })).status).toBe(400);

    const refused = await post('ana', '/api/alerts/al_manual_1/actions', { action: 'block-ip', target: '198.51.100.7', note: 'hostile' });
    expect(refused.status).toBe(200);
    expect(JSON.parse(refused.body)).toMatchObject({ state: 'suppressed', playbook: 'manual', decidedBy: 'user:ana', reason: expect.stringContaining('allow-listed') });

    const pump = JSON.parse((await post('ana', '/api/alerts/al_manual_1/actions', { action: 'block-ip', target: '10.20.1.1' })).body) as { id: string; state: string };
    expect(pump.state).toBe('awaiting-approval');
    const approved = await post('bio', `/api/actions/${pump.id}/approve`, { note: 'pump on battery' });
    expect(JSON.parse(approved.body)).toMatchObject({ state: 'done', decidedBy: 'user:bio' });

    const done = await post('ana', '/api/alerts/al_manual_1/actions', { action: 'block-ip', target: '203.0.113.9', expiry: '1h', note: 'scanner' });
    expect(JSON.parse(done.body)).toMatchObject({ state: 'done', alertId: 'al_manual_1', expiryMs: 3_600_000 });
    expect(firewall.held).toEqual(new Set(['10.20.1.1', '203.0.113.9']));
    expect((await post('ana', '/api/alerts/al_manual_1/actions', { action: 'block-ip', target: '203.0.113.9' })).status).toBe(409);

    const history = JSON.parse((await get('aud', '/api/actions')).body) as { items: Array<{ playbook: string; target: string }> };
    expect(history.items.filter((a) => a.playbook === 'manual')).toHaveLength(3);
    const audit = h.rt.store.listAudit(50).filter((a) => a.action === 'respond.proposed' && a.actor === 'user:ana');
    expect(audit).toHaveLength(3);
  });
});
