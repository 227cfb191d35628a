import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, auth, authLines, serve, tempDir } from './helpers.js';

/**
 * Manual response on the alert page, in a real browser against `wardwatch serve` (`respond.mode: dry-run`,
 * so nothing touches this host's firewall): an analyst blocks a brute-force source from its alert and sees
 * `dry-run`; a block of an allow-listed source is refused by the gate with the reason; both are in the one
 * action history with the analyst as decider. An auditor sees no Respond panel.
 */
const CHROMIUM = '/usr/bin/chromium';
const WEB = join(ROOT, 'dist/web/index.html');
const ready = existsSync(CHROMIUM) && existsSync(WEB);
if (!ready) console.warn(`respond-manual-console skipped: ${existsSync(CHROMIUM) ? '' : `${CHROMIUM} is absent (apt-get install chromium) `}${existsSync(WEB) ? '' : 'the console is not built (npx vite build web)'}`);
const PASSWORD = 'respond-manual-password-1';

describe.skipIf(!ready)('manual response from the alert page', () => {
  const tmp = tempDir('ww-respond-manual-');
  let srv: Awaited<ReturnType<typeof serve>>;
  let browser: Browser;
  const api = (path: string, init: RequestInit = {}) => fetch(`${srv.url}${path}`, { ...init, headers: { ...auth, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });
  const signIn = async (page: Page, username: string) => {
    await page.goto(srv.url);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  };

  beforeAll(async () => {
    srv = await serve(tmp.dir, [], 'respond:\n  mode: dry-run\n  allow: { addresses: [198.51.100.23], accounts: [] }\n');
    for (const [username, role] of [['ana', 'analyst'], ['aud', 'auditor']]) {
      expect((await api('/api/users', { method: 'POST', body: JSON.stringify({ username, role, password: PASSWORD }) })).status).toBe(201);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    tmp.cleanup();
  });

  it('blocks from the alert page through the gate; the auditor has no panel', async () => {
    const lines = [...authLines(12, 'radiology-admin', 'failure', '198.51.100.23'), ...authLines(12, 'lab-admin', 'failure', '203.0.113.50', Date.parse('2026-02-01T05:00:00Z'))];
    expect((await fetch(`${srv.url}/api/ingest?source=e2e`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: lines.join('\n') })).status).toBe(202);
    const alertFor = async (ip: string) => ((await (await api('/api/alerts?limit=100')).json()) as { items: Array<{ id: string; entities: Array<{ id: string }> }> })
      .items.find((a) => a.entities.some((e) => e.id === ip))?.id;
    await expect.poll(async () => (await alertFor('198.51.100.23')) && (await alertFor('203.0.113.50')), { timeout: 20_000 }).toBeTruthy();

    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, 'ana');
    for (const [ip, outcome] of [['203.0.113.50', 'dry-run: recorded, not run'], ['198.51.100.23', 'refused by the gate']] as const) {
      await page.goto(`${srv.url}/alerts/${encodeURIComponent((await alertFor(ip))!)}`);
      const form = page.getByRole('form', { name: 'Manual block-ip' });
      await form.waitFor({ timeout: 15_000 });
      await expect.poll(() => form.getByLabel('Target of block-ip').inputValue()).toBe(ip);
      await form.getByLabel('Note for block-ip').fill(`seen from ${ip}`);
      await form.getByRole('button', { name: 'Run' }).click();
      const result = page.getByTestId('respond-result');
      await result.waitFor({ timeout: 15_000 });
      expect(await result.textContent()).toContain(outcome);
      if (ip === '198.51.100.23') expect(await result.textContent()).toContain('allow-listed');
    }
    await page.getByTestId('respond-result').getByRole('link', { name: 'in Actions' }).click();
    await page.getByRole('table', { name: 'Response actions' }).getByRole('row').filter({ hasText: '198.51.100.23' }).waitFor();
    await ctx.close();

    const list = await (await api('/api/actions')).json() as { items: Array<{ target: string; state: string; playbook: string; decidedBy: string }> };
    expect(list.items.map((a) => [a.target, a.state, a.playbook, a.decidedBy]).sort()).toEqual([
      ['198.51.100.23', 'suppressed', 'manual', 'user:ana'], ['203.0.113.50', 'dry-run', 'manual', 'user:ana'],
    ]);

    const actx = await browser.newContext();
    const ap = await actx.newPage();
    await signIn(ap, 'aud');
    await ap.goto(`${srv.url}/alerts/${encodeURIComponent((await alertFor('203.0.113.50'))!)}`);
    await ap.getByTestId('explanation').waitFor();
    expect(await ap.getByTestId('respond-panel').count()).toBe(0);
    expect(await ap.getByText('Respond', { exact: true }).count()).toBe(0);
    await actx.close();
  }, 120_000);
});
