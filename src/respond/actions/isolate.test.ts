import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { respondSettings } from '../../core/config.js';
import { SqliteStore } from '../../store/sqlite/index.js';
import { ResponseEngine } from '../engine.js';
import { feedAddress } from '../feed.js';
import { parsePlaybook } from '../load.js';
import { bruteforceAlert } from '../testing.js';

interface Call { path: string; secret: string | undefined; key: string | undefined; body: Record<string, unknown> }

/** A NAC on a real local HTTP port: isolate / release / status, with a shared-secret header. */
async function nac(fail = false): Promise<{ url: string; calls: Call[]; isolated: Set<string>; server: Server }> {
  const calls: Call[] = [];
  const isolated = new Set<string>();
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString(); });
    req.on('end', () => {
      const u = new URL(req.url!, 'http://x');
      if (req.headers['x-nac-secret'] !== 's3cret-nac') { res.writeHead(401).end(); return; }
      if (u.pathname === '/status') { res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ isolated: isolated.has(u.searchParams.get('host')!) })); return; }
      const body = JSON.parse(raw) as Record<string, unknown>;
      calls.push({ path: u.pathname, secret: req.headers['x-nac-secret'] as string, key: req.headers['idempotency-key'] as string, body });
      if (fail) { res.writeHead(503).end(); return; }
      if (u.pathname === '/isolate') isolated.add(String(body.host));
      if (u.pathname === '/release') isolated.delete(String(body.host));
      res.writeHead(202).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, isolated, server };
}

const open: Array<{ close(): void }> = [];
afterEach(() => { for (const o of open.splice(0)) o.close(); });

const PLAYBOOK = (target: string) => `
name: isolate-infected
trigger: { detectors: [auth.bruteforce] }
steps:
  - action: isolate-host
    target: ${target}
    list: quarantine
    expiry: 4h
`;

async function setup(target: string, extra: Record<string, unknown> = {}, fail = false) {
  const peer = await nac(fail);
  open.push(peer.server);
  process.env.WW_TEST_NAC_SECRET = 's3cret-nac';
  const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'isolate-')), { synchronous: 'normal' });
  open.push(store);
  const settings = respondSettings.parse({
    mode: 'enforce', retries: 0,
    nac: { isolateUrl: `${peer.url}/isolate`, releaseUrl: `${peer.url}/release`, statusUrl: `${peer.url}/status`, secretHeader: 'x-nac-secret', secretEnv: 'WW_TEST_NAC_SECRET' },
    ...extra,
  });
  const logs: string[] = [];
  const engine = new ResponseEngine({ settings, playbooks: [parsePlaybook(PLAYBOOK(target), 'p.yaml').playbook!], db: store.db, audit: (e) => store.audit(e), log: (m) => logs.push(m) });
  return { peer, store, engine, logs };
}

describe('isolate-host against a NAC webhook on a real local port', () => {
  it('isolates (secret header, feed address), verifies through the NAC, and releases on undo', async () => {
    const { peer, engine } = await setup('ip');
    const [rec] = await engine.handle([bruteforceAlert('al_1', ['192.0.2.44'])]);
    expect(rec).toMatchObject({ action: 'isolate-host', target: '192.0.2.44', state: 'done' });
    expect(peer.calls).toEqual([{ path: '/isolate', secret: 's3cret-nac', key: `${rec!.id}:isolate`, body: expect.objectContaining({ action: 'isolate', host: '192.0.2.44', address: '192.0.2.44', actionId: rec!.id, expiresInSeconds: 14_400 }) }]);
    expect(peer.isolated.has('192.0.2.44')).toBe(true);
    // On the feed (list `quarantine`) while done, as block-ip's addresses are.
    const feed = () => engine.repo.list({ state: 'done' }).filter((a) => a.params.list === 'quarantine').map(feedAddress);
    expect(feed()).toEqual(['192.0.2.44']);

    const undone = await engine.undo(rec!.id, { actor: 'user:ann', role: 'analyst' }, 'cleaned');
    expect(undone.state).toBe('undone');
    expect(peer.calls.map((c) => [c.path, c.body.action, c.key])).toEqual([['/isolate', 'isolate', `${rec!.id}:isolate`], ['/release', 'release', `${rec!.id}:release`]]);
    expect(peer.isolated.size).toBe(0);
    expect(feed()).toEqual([]);
  });

  it('resolves a host name to its address for the feed', async () => {
    const { peer, engine } = await setup('host');
    const [rec] = await engine.handle([bruteforceAlert('al_2', [], { entities: [{ type: 'host', id: 'localhost' }] })]);
    expect(rec!.state).toBe('done');
    expect(peer.calls[0]!.body.host).toBe('localhost');
    expect(['127.0.0.1', '::1']).toContain(feedAddress(rec!));
  });

  it('never isolates a life-sustaining device automatically: biomed approval, nothing sent to the NAC', async () => {
    const { peer, engine } = await setup('ip', { assets: [{ match: '10.20.0.0/16', criticality: 'life-sustaining', name: 'infusion pumps' }] });
    const [rec] = await engine.handle([bruteforceAlert('al_3', ['10.20.3.4'])]);
    expect(rec).toMatchObject({ state: 'awaiting-approval', approverRole: 'biomed' });
    await expect(engine.approve(rec!.id, { actor: 'user:ann', role: 'analyst' })).rejects.toThrow(/biomed/);
    expect(peer.calls).toHaveLength(0);
    const done = await engine.approve(rec!.id, { actor: 'user:bob', role: 'biomed' }, 'spare pump in place');
    expect(done.state).toBe('done');
    expect(peer.calls.map((c) => c.path)).toEqual(['/isolate']);
  });

  it('a host named by name whose address is a diagnostic asset waits for biomed (the gate sees the address too)', async () => {
    const { peer, engine } = await setup('host', { assets: [{ match: '127.0.0.0/8', criticality: 'diagnostic' }, { match: '::1', criticality: 'diagnostic' }] });
    const [rec] = await engine.handle([bruteforceAlert('al_4', [], { entities: [{ type: 'host', id: 'localhost' }] })]);
    expect(rec).toMatchObject({ state: 'awaiting-approval', approverRole: 'biomed', reason: expect.stringMatching(/^localhost is (127\.0\.0\.1|::1): .* diagnostic/) });
    expect(peer.calls).toHaveLength(0);
    await expect(engine.approve(rec!.id, { actor: 'user:ann', role: 'analyst' })).rejects.toThrow(/biomed/);
    const done = await engine.approve(rec!.id, { actor: 'user:bob', role: 'biomed' }, 'CT scanner offline for service anyway');
    expect(done.state).toBe('done');
    expect(peer.calls.map((c) => c.body.host)).toEqual(['localhost']);
  });

  it('never isolates a host whose address is allow-listed, even named by name', async () => {
    const { peer, engine } = await setup('host', { allow: { addresses: ['127.0.0.1', '::1'], accounts: [] } });
    const [rec] = await engine.handle([bruteforceAlert('al_6', [], { entities: [{ type: 'host', id: 'localhost' }] })]);
    expect(rec).toMatchObject({ state: 'suppressed', reason: expect.stringContaining('allow-listed') });
    expect(peer.calls).toHaveLength(0);
  });

  it('an unreachable or failing NAC leaves the action failed with a reason that never holds the secret', async () => {
    const { peer, engine, store, logs } = await setup('ip', {}, true);
    const [rec] = await engine.handle([bruteforceAlert('al_5', ['192.0.2.45'])]);
    expect(rec!.state).toBe('failed');
    expect(rec!.reason).toMatch(/NAC 127\.0\.0\.1:\d+ answered HTTP 503 to isolate/);
    expect(peer.calls).toHaveLength(1);
    const everything = JSON.stringify([engine.repo.list({}), store.listAudit(100), logs]);
    expect(everything).not.toContain('s3cret-nac');
  });
});
