import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, auth, authLines, serve, tempDir } from './helpers.js';
import { consoleReady, launchChromium, signIn as signInAs } from './browser.js';

/**
 * The incident queue and page end to end, in a real browser against `wardwatch serve`: failed logons
 * then a success for one account from one address → alerts that correlate into one incident → the
 * analyst finds it in the queue, reads its story and timeline, takes it and sets a true-positive
 * verdict with a note → the API shows it escalated with the note, owner and each alert's verdict.
 * An auditor opens the same page and has no triage controls.
 */
const ready = consoleReady('incidents-console');
// Screenshots go to a temporary folder unless WARDWATCH_SCREENSHOTS_DIR names one (as in console-e2e).
const SHOTS = process.env.WARDWATCH_SCREENSHOTS_DIR ? resolve(ROOT, process.env.WARDWATCH_SCREENSHOTS_DIR) : mkdtempSync(join(tmpdir(), 'ww-shots-'));
const PASSWORD = 'incidents-console-password-1';
const IP = '198.51.100.77';
const USER = 'radiology-admin';

interface Inc { id: string; alertCount: number; state: string; owner: string | null; verdict: string | null; notes: Array<{ text: string; by: string }>; alerts: Array<{ id: string; triage?: { verdict: string | null } }>; entities: Array<{ id: string }> }

describe.skipIf(!ready)('incidents in the console', () => {
  const tmp = tempDir('ww-incidents-console-');
  let srv: Awaited<ReturnType<typeof serve>>;
  let browser: Browser;
  const api = (path: string, init: RequestInit = {}) => fetch(`${srv.url}${path}`, { ...init, headers: { ...auth, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });

  beforeAll(async () => {
    srv = await serve(tmp.dir);
    for (const [username, role] of [['ana', 'analyst'], ['aud', 'auditor']]) {
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

  it('an analyst opens the incident from the queue and escalates it as a true positive; an auditor only reads', async () => {
    const start = Date.now() - 10 * 60_000;
    const lines = [...authLines(20, USER, 'failure', IP, start), ...authLines(1, USER, 'success', IP, start + 30_000)];
    const r = await fetch(`${srv.url}/api/ingest?source=e2e`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: lines.join('\n') });
    expect(r.status).toBe(202);
    let list: { items: Inc[] } = { items: [] };
    await expect.poll(async () => {
      list = await (await api(`/api/incidents?entity=${USER}`)).json() as { items: Inc[] };
      return list.items[0]?.alertCount ?? 0;
    }, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect(list.items).toHaveLength(1);
    const inc = list.items[0]!;

    const { ctx, page } = await signIn('ana');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents' }).click();
    const queue = page.getByRole('table', { name: 'Incident queue' });
    const row = queue.getByRole('row').filter({ hasText: 'open' }).first();
    await row.waitFor({ timeout: 15_000 });
    expect(await queue.getByRole('row').count()).toBe(2); // header + the one incident
    expect(await page.getByRole('table', { name: 'Entity risk' }).getByText(IP).count()).toBeGreaterThan(0);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'incident-queue.png') });
    await row.getByRole('link').click();
    await page.waitForURL(`**/incidents/${inc.id}`);
    await page.getByLabel('Story').waitFor();
    expect(await page.getByRole('table', { name: 'Incident timeline' }).getByRole('row').count()).toBe(inc.alertCount + 1);
    expect(await page.getByRole('region', { name: 'Entities' }).getByText(USER).count()).toBeGreaterThan(0);
    await page.getByLabel('Note', { exact: true }).fill('confirmed with radiology IT: not their change window');
    await page.getByRole('button', { name: 'Take it' }).click();
    await page.getByLabel('Incident state').filter({ hasText: 'investigating' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'True positive (escalate)' }).click();
    await page.getByLabel('Incident state').filter({ hasText: 'escalated' }).waitFor({ timeout: 10_000 });
    await page.getByRole('list', { name: 'Incident notes' }).getByText('not their change window').waitFor();
    // The timeline shows each alert's status after the verdict (acknowledged: escalated, not closed).
    await page.getByRole('table', { name: 'Incident timeline' }).getByText('acknowledged').first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SHOTS, 'incident-page.png'), fullPage: true });
    await ctx.close();

    const one = await (await api(`/api/incidents/${inc.id}`)).json() as Inc;
    expect(one).toMatchObject({ state: 'escalated', owner: 'ana', verdict: 'true_positive' });
    expect(one.notes).toEqual([expect.objectContaining({ text: 'confirmed with radiology IT: not their change window', by: 'user:ana' })]);
    expect(one.alerts.map((a) => a.triage?.verdict)).toEqual(one.alerts.map(() => 'true_positive'));
    for (const a of one.alerts) {
      const d = await (await api(`/api/alerts/${encodeURIComponent(a.id)}`)).json() as { alert: { triage?: { verdict: string | null } } };
      expect(d.alert.triage?.verdict).toBe('true_positive');
    }

    // The auditor reads the incident (story, timeline, notes) but has no triage controls.
    const aud = await signIn('aud');
    await aud.page.goto(`${srv.url}/incidents/${inc.id}`);
    await aud.page.getByRole('table', { name: 'Incident timeline' }).waitFor();
    await aud.page.getByRole('list', { name: 'Incident notes' }).waitFor();
    expect(await aud.page.getByRole('group', { name: 'Incident triage' }).count()).toBe(0);
    expect(await aud.page.getByRole('button', { name: /True positive|False positive|Take it|Add note|Set owner/ }).count()).toBe(0);
    await aud.ctx.close();
  }, 120_000);

  it('a false-positive verdict with "suppress for N days" stores a scoped, expiring suppression', async () => {
    const lines = authLines(20, 'svc-backup', 'failure', '10.9.9.9', Date.now() - 5 * 60_000);
    expect((await fetch(`${srv.url}/api/ingest?source=e2e`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: lines.join('\n') })).status).toBe(202);
    let id = '';
    await expect.poll(async () => {
      const l = await (await api('/api/incidents?entity=svc-backup')).json() as { items: Inc[] };
      id = l.items[0]?.id ?? '';
      return id;
    }, { timeout: 20_000 }).not.toBe('');
    const { ctx, page } = await signIn('ana');
    await page.goto(`${srv.url}/incidents?state=open`);
    await page.getByRole('table', { name: 'Incident queue' }).getByRole('link', { name: /svc-backup/ }).click();
    await page.waitForURL(`**/incidents/${id}`);
    await page.getByLabel('with a false-positive or expected verdict, suppress').check();
    await page.getByLabel('Suppression days').fill('3');
    await page.getByRole('button', { name: 'False positive' }).click();
    await page.getByLabel('Incident state').filter({ hasText: 'closed' }).waitFor({ timeout: 10_000 });
    type Sup = { id: string; from?: string; entity?: { id: string }; detector?: string; expires: string; createdBy: string; removed: string | null };
    const sup = await (await api('/api/suppressions')).json() as { items: Sup[] };
    const mine = sup.items.filter((x) => x.from === id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((x) => x.createdBy === 'user:ana' && x.detector === 'auth.bruteforce' && x.entity !== undefined)).toBe(true);
    const days = (Date.parse(mine[0]!.expires) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.9);
    expect(days).toBeLessThan(3.1);

    // The Rules page lists it (and the rule's volume); ending it there is stored.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rules' }).click();
    await page.getByRole('table', { name: 'Per-rule statistics' }).getByText('auth.bruteforce').first().waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: `End suppression ${mine[0]!.id}` }).click();
    await page.getByRole('table', { name: 'Suppressions' }).getByText(/^ended /).first().waitFor({ timeout: 10_000 });
    await ctx.close();
    const after = await (await api('/api/suppressions')).json() as { items: Sup[] };
    expect(after.items.find((x) => x.id === mine[0]!.id)?.removed).not.toBeNull();
  }, 120_000);
});
