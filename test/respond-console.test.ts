import { existsSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, auth, authLines, serve, tempDir } from './helpers.js';

/**
 * Approvals end to end, in a real browser against `wardwatch serve`: a brute-force alert → a playbook
 * step that needs an analyst → the approver webhook hears of it → the analyst approves it on the
 * console's Actions page with a note → the decision is stored and audited. The server runs with
 * `respond.mode: dry-run`, so approving records what would run and never touches this host's firewall.
 */
const CHROMIUM = '/usr/bin/chromium';
const WEB = join(ROOT, 'dist/web/index.html');
const ready = existsSync(CHROMIUM) && existsSync(WEB);
if (!ready) console.warn(`respond-console skipped: ${existsSync(CHROMIUM) ? '' : `${CHROMIUM} is absent (apt-get install chromium) `}${existsSync(WEB) ? '' : 'the console is not built (npx vite build web)'}`);
const PASSWORD = 'respond-console-password-1';

describe.skipIf(!ready)('approving a response action in the console', () => {
  const tmp = tempDir('ww-respond-console-');
  let srv: Awaited<ReturnType<typeof serve>>;
  let browser: Browser;
  let hookServer: http.Server;
  const hooks: Array<Record<string, any>> = [];
  const api = (path: string, init: RequestInit = {}) => fetch(`${srv.url}${path}`, { ...init, headers: { ...auth, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });

  beforeAll(async () => {
    hookServer = http.createServer((req, res) => {
      let b = '';
      req.on('data', (c: Buffer) => { b += c.toString(); });
      req.on('end', () => { hooks.push(JSON.parse(b) as Record<string, any>); res.end('ok'); });
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', () => r()));
    const hook = `http://127.0.0.1:${(hookServer.address() as { port: number }).port}/approvers`;
    const pb = join(tmp.dir, 'approve-block.yaml');
    writeFileSync(pb, 'name: approve-block\ntrigger: { detectors: [auth.bruteforce] }\nsteps: [{ action: block-ip, approval: { role: analyst, timeout: 30m } }]\n');
    srv = await serve(tmp.dir, [], `respond:\n  mode: dry-run\n  playbooks: ${pb}\n  approvers: [{ url: "${hook}", roles: [analyst] }]\n`);
    for (const [username, role] of [['ana', 'analyst'], ['aud', 'auditor']]) {
      expect((await api('/api/users', { method: 'POST', body: JSON.stringify({ username, role, password: PASSWORD }) })).status).toBe(201);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    hookServer?.close();
    tmp.cleanup();
  });

  it('the analyst is notified and approves on the Actions page; an auditor sees no buttons', async () => {
    const r = await fetch(`${srv.url}/api/ingest?source=e2e`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: authLines(12, 'radiology-admin', 'failure', '198.51.100.23').join('\n') });
    expect(r.status).toBe(202);
    await expect.poll(() => hooks.length, { timeout: 20_000 }).toBe(1);
    expect(hooks[0]).toMatchObject({ action: { action: 'block-ip', target: '198.51.100.23', approverRole: 'analyst' } });
    expect(hooks[0]!.text).toContain('Approval needed (analyst): block-ip 198.51.100.23');

    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await ctx.newPage();
    await page.goto(srv.url);
    await page.getByLabel('User name').fill('ana');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Actions/ }).click();
    const row = page.getByRole('table', { name: 'Response actions' }).getByRole('row').filter({ hasText: '198.51.100.23' });
    await row.waitFor({ timeout: 15_000 });
    await page.getByLabel('Note for your decision').fill('confirmed with radiology IT: not our scanner');
    await row.getByRole('button', { name: 'Approve block-ip 198.51.100.23' }).click();
    await page.getByText('No awaiting-approval actions.').waitFor({ timeout: 15_000 });
    await ctx.close();

    const list = await (await api('/api/actions')).json() as { items: Array<{ id: string; target: string; state: string; decidedBy: string }> };
    const rec = list.items.find((a) => a.target === '198.51.100.23')!;
    expect(rec).toMatchObject({ state: 'dry-run', decidedBy: 'user:ana' });
    const audit = await (await api('/api/audit?limit=200')).json() as { items: Array<{ action: string; actor: string; detail?: Record<string, unknown> }> };
    expect(audit.items.find((a) => a.action === 'respond.dry-run' && a.actor === 'user:ana')?.detail).toMatchObject({ note: 'confirmed with radiology IT: not our scanner' });

    // An auditor reads the history but has no decision buttons.
    const actx = await browser.newContext();
    const ap = await actx.newPage();
    await ap.goto(srv.url);
    await ap.getByLabel('User name').fill('aud');
    await ap.getByLabel('Password').fill(PASSWORD);
    await ap.getByRole('button', { name: 'Sign in' }).click();
    await ap.getByRole('navigation', { name: 'Main' }).waitFor();
    await ap.goto(`${srv.url}/actions?state=dry-run`);
    await ap.getByRole('table', { name: 'Response actions' }).getByRole('row').filter({ hasText: '198.51.100.23' }).waitFor();
    expect(await ap.getByRole('button', { name: /^(Approve|Reject|Undo) / }).count()).toBe(0);
    await actx.close();
  }, 120_000);
});
