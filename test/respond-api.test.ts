import { createHash } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolateHostDriver } from '../src/respond/actions/isolate.js';
import { notifyDriver } from '../src/respond/actions/notify.js';
import { ResponseEngine } from '../src/respond/engine.js';
import { loadPlaybooks, parsePlaybook } from '../src/respond/load.js';
import { bruteforceAlert, memoryDriver } from '../src/respond/testing.js';
import { TOKEN } from './helpers.js';
import { startHarness, type Harness } from './security/harness.js';

/**
 * The response API end to end: actions proposed from alerts, the biomed approval for a
 * life-sustaining device, undo with a note, the kill switch, the token-guarded blocklist feeds,
 * and the notify action posting the alert's explanation to a real local HTTP server.
 */
const FEED_TOKEN = 'feed-token-for-the-perimeter-firewall';
describe('respond API', () => {
  let h: Harness;
  let engine!: ResponseEngine;
  const firewall = memoryDriver();
  const hooks: Array<Record<string, unknown>> = [];
  let hookServer: http.Server;
  const as: Record<string, { cookie: string; csrf: string }> = {};
  const post = (who: string, path: string, body: unknown) =>
    h.send('POST', path, { cookie: as[who]!.cookie, 'x-csrf-token': as[who]!.csrf }, JSON.stringify(body));

  beforeAll(async () => {
    hookServer = http.createServer((req, res) => {
      let b = '';
      req.on('data', (c: Buffer) => { b += c.toString(); });
      req.on('end', () => { hooks.push(JSON.parse(b) as Record<string, unknown>); res.end('ok'); });
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', () => r()));
    const hookUrl = `http://127.0.0.1:${(hookServer.address() as { port: number }).port}/hook`;
    h = await startHarness((rt) => {
      const settings = rt.loaded.config.respond;
      Object.assign(settings, {
        mode: 'enforce',
        assets: [{ match: '10.20.0.0/16', criticality: 'life-sustaining', name: 'ICU infusion pumps' }],
        feeds: { default: { tokenSha256: createHash('sha256').update(FEED_TOKEN).digest('hex') } },
      });
      const notify = parsePlaybook(`name: tell-oncall\ntrigger: { severity: high }\nsteps: [{ action: notify, url: "${hookUrl}" }]\n`, 'n.yaml').playbook!;
      const isolate = parsePlaybook('name: isolate-edr\ntrigger: { detectors: [edr.malware] }\nsteps: [{ action: isolate-host, target: ip }]\n', 'i.yaml').playbook!;
      engine = new ResponseEngine({
        settings, playbooks: [...loadPlaybooks('config/playbooks/block-bruteforce-source.yaml').playbooks, notify, isolate],
        db: rt.store.db, audit: (e) => rt.store.audit(e),
        drivers: [firewall, notifyDriver(), isolateHostDriver({ isolateUrl: `${hookUrl}/isolate`, releaseUrl: `${hookUrl}/release`, secretHeader: 'x-wardwatch-secret', timeout: '5s' })],
      });
      return { respond: engine };
    });
    for (const u of ['ana', 'bio', 'aud', 'adm']) as[u] = await h.signIn(u);
  });
  afterAll(async () => { await h?.close(); hookServer?.close(); });

  it('blocks at once, waits for biomed on a life-sustaining device, publishes the feed, notifies with the explanation', async () => {
    const recs = await engine.handle([bruteforceAlert('al_api_1', ['203.0.113.9', '10.20.1.1'])]);
    expect(recs.map((r) => [r.action, r.target, r.state])).toEqual([
      ['block-ip', '203.0.113.9', 'done'], ['block-ip', '10.20.1.1', 'awaiting-approval'], ['notify', 'al_api_1', 'done'],
    ]);
    expect(hooks[0]).toMatchObject({ text: expect.stringContaining('40 failed logins for root'), alert: { id: 'al_api_1', severity: 'high' } });

    expect((await h.send('GET', '/api/blocklist.txt')).status).toBe(401);
    expect((await h.send('GET', '/api/blocklist.txt?token=wrong-token')).status).toBe(401);
    expect((await h.send('GET', `/api/blocklist.txt?list=other&token=${FEED_TOKEN}`)).status).toBe(401);
    expect((await h.send('GET', `/api/blocklist.txt?token=${FEED_TOKEN}`)).body).toBe('203.0.113.9\n');

    const pump = recs[1]!;
    const refused = await post('ana', `/api/actions/${pump.id}/approve`, { note: 'looks fine' });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('biomed');
    const ok = await post('bio', `/api/actions/${pump.id}/approve`, { note: 'pump on battery, spare in place' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ state: 'done', decidedBy: 'user:bio' });
    const feed = JSON.parse((await h.send('GET', '/api/blocklist.json', { authorization: `Bearer ${FEED_TOKEN}` })).body) as { entries: Array<{ address: string }> };
    expect(feed.entries.map((e) => e.address).sort()).toEqual(['10.20.1.1', '203.0.113.9']);
  });

  it('isolate-host puts the isolated host\'s address on the same feed as blocks, and takes it off on undo', async () => {
    const feed = async () => (await h.send('GET', `/api/blocklist.txt?token=${FEED_TOKEN}`)).body.split('\n').filter(Boolean);
    const [rec] = await engine.handle([bruteforceAlert('al_api_iso', ['192.0.2.50'], { detector: 'edr.malware', severity: 'medium' })]);
    expect(rec).toMatchObject({ action: 'isolate-host', state: 'done' });
    expect(hooks.at(-1)).toMatchObject({ action: 'isolate', host: '192.0.2.50', address: '192.0.2.50' });
    expect(await feed()).toContain('192.0.2.50');
    const json = JSON.parse((await h.send('GET', '/api/blocklist.json', { authorization: `Bearer ${FEED_TOKEN}` })).body) as { entries: Array<{ address: string; actionId: string }> };
    expect(json.entries).toContainEqual(expect.objectContaining({ address: '192.0.2.50', actionId: rec!.id }));
    expect(JSON.parse((await post('ana', `/api/actions/${rec!.id}/undo`, { note: 'reimaged' })).body)).toMatchObject({ state: 'undone' });
    expect(hooks.at(-1)).toMatchObject({ action: 'release', host: '192.0.2.50' });
    expect(await feed()).not.toContain('192.0.2.50');
  });

  it('undoes with a note (audited), lists actions for readers, and the kill switch stops new actions', async () => {
    const list = JSON.parse((await h.send('GET', '/api/actions?state=done', { cookie: as.aud!.cookie })).body) as { items: Array<{ id: string; target: string }> };
    const first = list.items.find((a) => a.target === '203.0.113.9')!;
    expect((await post('aud', `/api/actions/${first.id}/undo`, {})).status).toBe(403);
    const undone = await post('ana', `/api/actions/${first.id}/undo`, { note: 'our vulnerability scanner' });
    expect(JSON.parse(undone.body)).toMatchObject({ state: 'undone' });
    expect(firewall.held.has('203.0.113.9')).toBe(false);
    expect((await post('ana', `/api/actions/${first.id}/undo`, {})).status).toBe(409);
    const audit = h.rt.store.listAudit(50).find((a) => a.action === 'respond.undone')!;
    expect(audit).toMatchObject({ actor: 'user:ana', detail: expect.objectContaining({ note: 'our vulnerability scanner', alertId: 'al_api_1' }) });

    const kill = await h.send('PUT', '/api/respond/kill-switch', { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, JSON.stringify({ on: true }));
    expect(JSON.parse(kill.body)).toEqual({ on: true });
    const [r] = await engine.handle([bruteforceAlert('al_api_2', ['198.51.100.77'])]);
    expect(r).toMatchObject({ state: 'suppressed', reason: 'kill switch is on' });
    expect(firewall.held.has('198.51.100.77')).toBe(false);
  });
});
