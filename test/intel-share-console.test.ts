import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntelStore } from '../src/intel/store/intel-store.js';
import { TaxiiStore } from '../src/intel/taxii/collections.js';
import { ROOT, auth, authLines, serve, tempDir } from './helpers.js';
import { consoleReady, launchChromium, signIn as signInAs } from './browser.js';

/**
 * Sharing an incident out, end to end in a real browser against `wardwatch serve`: failed logons
 * then a success for one account from an outside address → an incident → the analyst proposes
 * sharing it from the incident page → the draft shows what was removed (the account name) and
 * offers her no approval (four eyes) → the privacy officer opens it on the Intel page and
 * approves → the indicator is in the TAXII collection over the TAXII API, without the account.
 */
const ready = consoleReady('intel-share-console');
const SHOTS = process.env.WARDWATCH_SCREENSHOTS_DIR ? resolve(ROOT, process.env.WARDWATCH_SCREENSHOTS_DIR) : mkdtempSync(join(tmpdir(), 'ww-shots-'));
const PASSWORD = 'intel-share-console-password-1';
const IP = '198.51.100.91';
const USER = 'pacs-service';
const COLLECTION = '6a1f0e9c-3b2d-4e5f-8a7b-1c2d3e4f5a6b';

describe.skipIf(!ready)('sharing an incident from the console', () => {
  const tmp = tempDir('ww-intel-share-console-');
  let srv: Awaited<ReturnType<typeof serve>>;
  let browser: Browser;
  const api = (path: string, init: RequestInit = {}) => fetch(`${srv.url}${path}`, { ...init, headers: { ...auth, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });

  beforeAll(async () => {
    const intel = IntelStore.open(tmp.dir);
    new TaxiiStore(intel).createCollection({ id: COLLECTION, alias: 'isac', title: 'Health-ISAC peers' });
    intel.close();
    srv = await serve(tmp.dir, [], 'intel:\n  share:\n    orgDomains: [stmarys.example]\n');
    for (const [username, role] of [['ana', 'analyst'], ['pat', 'privacy_officer']]) {
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

  it('an analyst proposes, sees what was removed, cannot approve her own draft; the privacy officer approves; the object is in the TAXII collection', async () => {
    const start = Date.now() - 10 * 60_000;
    const lines = [...authLines(20, USER, 'failure', IP, start), ...authLines(1, USER, 'success', IP, start + 30_000)];
    expect((await fetch(`${srv.url}/api/ingest?source=e2e`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: lines.join('\n') })).status).toBe(202);
    let incId = '';
    await expect.poll(async () => {
      const list = await (await api(`/api/incidents?entity=${USER}`)).json() as { items: Array<{ id: string; alertCount: number }> };
      incId = list.items[0]?.id ?? '';
      return list.items[0]?.alertCount ?? 0;
    }, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);

    const ana = await signIn('ana');
    await ana.page.goto(`${srv.url}/incidents/${incId}`);
    await ana.page.getByLabel('TLP').selectOption('green');
    await ana.page.getByLabel('Collection').selectOption('isac');
    await ana.page.getByLabel('Why share').fill('password guessing from outside, then a success');
    await ana.page.getByRole('button', { name: 'Propose share' }).click();
    await ana.page.waitForURL('**/intel/share/shr_*');
    const draftId = ana.page.url().split('/').pop()!;
    const removed = ana.page.getByRole('table', { name: 'Removed items' });
    await removed.waitFor();
    expect(await removed.getByText('staff-user').count()).toBeGreaterThan(0);
    await ana.page.getByRole('table', { name: 'Shared indicators' }).getByText(`[ipv4-addr:value = '${IP}']`).waitFor();
    await ana.page.getByText('another person approves it (four eyes)').waitFor();
    expect(await ana.page.getByRole('button', { name: 'Approve and publish' }).count()).toBe(0); // an analyst holds no approval, and it is her own
    mkdirSync(SHOTS, { recursive: true });
    await ana.page.screenshot({ path: join(SHOTS, 'intel-share-draft.png'), fullPage: true });
    await ana.ctx.close();

    const pat = await signIn('pat');
    await pat.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Intel' }).click();
    const drafts = pat.page.getByRole('table', { name: 'Share drafts' });
    await drafts.getByRole('link', { name: draftId }).click();
    await pat.page.getByRole('button', { name: 'Approve and publish' }).click();
    await pat.page.getByLabel('Draft state').filter({ hasText: 'published' }).waitFor({ timeout: 15_000 });
    await pat.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Intel' }).click();
    await pat.page.getByLabel('Draft state').selectOption('published');
    await drafts.getByRole('link', { name: draftId }).waitFor();
    const collections = pat.page.getByRole('table', { name: 'TAXII collections' });
    await collections.getByRole('row').filter({ hasText: 'isac' }).waitFor();
    await pat.page.screenshot({ path: join(SHOTS, 'intel-page.png'), fullPage: true });
    await pat.ctx.close();

    const draft = await (await api(`/api/intel/share/${draftId}`)).json() as { state: string; proposedBy: string; decidedBy: string };
    expect(draft).toMatchObject({ state: 'published', proposedBy: 'user:ana', decidedBy: 'user:pat' });
    const r = await fetch(`${srv.url}/taxii2/wardwatch/collections/${COLLECTION}/objects/?match[type]=indicator`, { headers: { ...auth, accept: 'application/taxii+json;version=2.1' } });
    expect(r.status).toBe(200);
    const body = await r.text();
    const env = JSON.parse(body) as { objects: Array<{ type: string; pattern: string }> };
    expect(env.objects.map((o) => o.pattern)).toContain(`[ipv4-addr:value = '${IP}']`);
    expect(body.toLowerCase()).not.toContain(USER);
    const audit = await (await api('/api/audit?limit=200')).json() as { items: Array<{ action: string; actor: string }> };
    expect(audit.items.map((a) => `${a.action} ${a.actor}`)).toEqual(expect.arrayContaining(['intel_share_propose user:ana', 'intel_share_approve user:pat', 'intel_share_publish user:pat']));
  }, 120_000);
});
