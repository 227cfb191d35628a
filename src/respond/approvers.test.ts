import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { respondSettings } from '../core/config.js';
import { SqliteStore } from '../store/sqlite/index.js';
import { ResponseEngine } from './engine.js';
import { loadPlaybooks } from './load.js';
import { bruteforceAlert, memoryDriver } from './testing.js';

describe('approvers are notified when an action waits for them', () => {
  let server: Server;
  let base = '';
  const got: Array<{ path: string; body: Record<string, any> }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => { data += c.toString(); });
      req.on('end', () => {
        got.push({ path: req.url ?? '', body: JSON.parse(data) as Record<string, any> });
        res.statusCode = req.url === '/broken' ? 500 : 200;
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => { server.close(); });

  it('posts to the hooks of the needed role (biomed for a life-sustaining target), with the alert and a console link, and audits delivery', async () => {
    const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'respond-approvers-')), { synchronous: 'normal' });
    const logs: string[] = [];
    const engine = new ResponseEngine({
      settings: respondSettings.parse({
        mode: 'enforce', consoleUrl: 'https://wardwatch.stmarys.example/',
        assets: [{ match: '10.20.0.0/16', criticality: 'life-sustaining', name: 'ICU pumps' }],
        approvers: [{ url: `${base}/biomed`, roles: ['biomed'] }, { url: `${base}/analysts`, roles: ['analyst'] }, { url: `${base}/broken` }],
      }),
      playbooks: loadPlaybooks('config/playbooks/block-bruteforce-source.yaml').playbooks,
      db: store.db, audit: (e) => store.audit(e), drivers: [memoryDriver()], log: (m) => logs.push(m),
    });
    const [rec] = await engine.handle([bruteforceAlert('al_1', ['10.20.3.4'])]);
    expect(rec).toMatchObject({ state: 'awaiting-approval', approverRole: 'biomed' });
    await engine.stop(); // waits for the notifications in flight
    expect(got.map((g) => g.path).sort()).toEqual(['/biomed', '/broken']);
    const msg = got.find((g) => g.path === '/biomed')!.body;
    expect(msg.text).toContain('Approval needed (biomed): block-ip 10.20.3.4');
    expect(msg.text).toContain('10.20.3.4 is life-sustaining');
    expect(msg.text).toContain('40 failed logins for root');
    expect(msg.link).toBe(`https://wardwatch.stmarys.example/actions?id=${rec!.id}`);
    expect(msg.action).toMatchObject({ id: rec!.id, approverRole: 'biomed' });
    const audit = store.listAudit(20).find((a) => a.action === 'respond.approvers-notified')!;
    expect(audit.detail).toMatchObject({ actionId: rec!.id, deliveries: expect.arrayContaining([{ host: base.slice(7), ok: true }, { host: base.slice(7), ok: false, error: 'HTTP 500' }]) });
    expect(logs.some((l) => /approver hook .* failed .*HTTP 500/.test(l))).toBe(true);
    // A failed hook changes nothing about the action.
    expect(engine.repo.get(rec!.id)!.state).toBe('awaiting-approval');
    store.close();
  });
});
