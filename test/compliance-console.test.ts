import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, serve, tempDir } from './helpers.js';
import { consoleReady, launchChromium, signIn as signInAs } from './browser.js';

/**
 * The Compliance page end to end, in a real browser against `wardwatch serve`: a privacy officer
 * filters the controls to those not measured, attests the risk analysis with an evidence file and a
 * review date, and sees it become "attested" (the API agrees, and the attestation is in the audit
 * log). An auditor reads the page without the form; an analyst has no Compliance page at all.
 */
const ready = consoleReady('compliance-console');
const PASSWORD = 'compliance-console-password-1';

describe.skipIf(!ready)('compliance in the console', () => {
  const tmp = tempDir('ww-compliance-console-');
  let srv: Awaited<ReturnType<typeof serve>>;
  let browser: Browser;
  const api = (path: string, init: RequestInit = {}) => fetch(`${srv.url}${path}`, { ...init, headers: { ...auth, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });

  beforeAll(async () => {
    srv = await serve(tmp.dir);
    for (const [username, role] of [['priv', 'privacy_officer'], ['aud', 'auditor'], ['ana', 'analyst']]) {
      expect((await api('/api/users', { method: 'POST', body: JSON.stringify({ username, role, password: PASSWORD }) })).status).toBe(201);
    }
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    tmp.cleanup();
  });

  const signIn = (username: string) => signInAs(browser, srv.url, username, PASSWORD);

  it('a privacy officer filters controls and attests one; an auditor only reads; an analyst is refused', async () => {
    const { ctx, page } = await signIn('priv');
    await page.getByRole('link', { name: 'Compliance' }).click();
    const table = page.getByRole('table', { name: 'Controls' });
    await table.waitFor();
    const row = table.locator('tr[data-id="hipaa-308-a-1-ii-A"]');
    await expect.poll(async () => row.locator('[data-status]').getAttribute('data-status')).toBe('not_measured');
    await page.getByLabel('Status filter').selectOption('met');
    await expect.poll(async () => row.count()).toBe(0);
    await page.getByLabel('Status filter').selectOption('');

    const form = page.getByRole('form', { name: 'Attest a control' });
    await form.getByLabel('Control').selectOption('hipaa-308-a-1-ii-A');
    await form.getByLabel('Owner').fill('Security officer');
    await form.getByLabel('Statement').fill('Enterprise risk analysis 2026 approved by the board');
    await form.getByLabel('Evidence file').fill('policies/risk-analysis-2026.pdf');
    await form.getByRole('button', { name: 'Attest' }).click();
    await page.getByRole('status').filter({ hasText: 'Attestation recorded' }).waitFor();
    await expect.poll(async () => row.locator('[data-status]').getAttribute('data-status'), { timeout: 10_000 }).toBe('attested');
    await ctx.close();

    const one = await (await api('/api/compliance/controls/hipaa-308-a-1-ii-A')).json() as { status: string; attestations: Array<{ owner: string; createdBy: string }> };
    expect(one.status).toBe('attested');
    expect(one.attestations[0]).toMatchObject({ owner: 'Security officer', createdBy: 'user:priv' });
    const audit = await (await api('/api/audit?limit=50')).json() as { items: Array<{ actor: string; action: string }> };
    expect(audit.items.some((e) => e.actor === 'user:priv' && e.action === 'compliance_attest')).toBe(true);
    expect(audit.items.some((e) => e.actor === 'user:priv' && e.action === 'view_compliance')).toBe(true);

    const aud = await signIn('aud');
    await aud.page.getByRole('link', { name: 'Compliance' }).click();
    await aud.page.getByRole('table', { name: 'Controls' }).waitFor();
    expect(await aud.page.getByRole('form', { name: 'Attest a control' }).count()).toBe(0);
    await aud.ctx.close();

    const ana = await signIn('ana');
    expect(await ana.page.getByRole('link', { name: 'Compliance' }).count()).toBe(0);
    const refused = await ana.page.evaluate(async () => (await fetch('/api/compliance/controls')).status);
    expect(refused).toBe(403);
    await ana.ctx.close();
  }, 120_000);
});
