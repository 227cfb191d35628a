import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, cli, serve, tempDir } from './helpers.js';
import { consoleReady, launchChromium, signIn as signInAs } from './browser.js';

/**
 * The breach panel and the Privacy page in a real browser against `wardwatch serve`. A nurse opens
 * a celebrity's chart twice with no care link; the privacy officer opens a breach case from the
 * incident page and reads the count, the clock, the threshold and the four factors. An auditor sees
 * the case but cannot open one. The Privacy page states retention and who holds which permission,
 * from the live configuration.
 */
const ready = consoleReady('breach-console');
const PASSWORD = 'breach-console-password-1';

const CONTEXT = {
  resourceType: 'Bundle', type: 'collection',
  entry: [
    { resource: { resourceType: 'Patient', id: 'star', meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'CEL' }] },
      identifier: [{ system: 'urn:hosp:mrn', value: 'MRN-0001' }], name: [{ family: 'Famous', given: ['Ava'] }], birthDate: '1980-02-02' } },
    { resource: { resourceType: 'Practitioner', id: 'ortiz', identifier: [{ system: 'urn:hosp:login', value: 'jortiz' }], name: [{ family: 'Ortiz', given: ['J.'] }] } },
    { resource: { resourceType: 'PractitionerRole', id: 'ortiz-role', practitioner: { reference: 'Practitioner/ortiz' }, organization: { display: 'Cardiology' }, code: [{ coding: [{ code: 'nurse' }] }] } },
  ],
};
const audit = (id: string, time: string) => JSON.stringify({
  resourceType: 'AuditEvent', id, recorded: time, action: 'R', outcome: '0',
  type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110', display: 'Patient Record' },
  agent: [{ requestor: true, who: { identifier: { value: 'jortiz' } }, network: { address: '10.20.0.5', type: '2' } }],
  source: { observer: { display: 'EHR' } },
  entity: [{ what: { reference: 'Patient/star' }, type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1' } }],
});

describe.skipIf(!ready)('breach panel and privacy page in the console', () => {
  const tmp = tempDir('ww-breach-console-');
  let srv: Awaited<ReturnType<typeof serve>>;
  let browser: Browser;
  let incidentId = '';
  const api = (path: string, init: RequestInit = {}) => fetch(`${srv.url}${path}`, { ...init, headers: { ...auth, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });

  beforeAll(async () => {
    const ctx = join(tmp.dir, 'context.json');
    writeFileSync(ctx, JSON.stringify(CONTEXT));
    const load = cli(['context', 'load', '--data-dir', join(tmp.dir, 'data'), '--json', ctx]);
    expect(load.code, load.stderr).toBe(0);
    srv = await serve(join(tmp.dir, 'data'));
    for (const [username, role] of [['priv', 'privacy_officer'], ['aud', 'auditor']]) {
      expect((await api('/api/users', { method: 'POST', body: JSON.stringify({ username, role, password: PASSWORD }) })).status).toBe(201);
    }
    const r = await api('/api/ingest?format=fhir-audit', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: [audit('a1', new Date(Date.now() - 3_600_000).toISOString()), audit('a2', new Date(Date.now() - 3_300_000).toISOString())].join('\n') });
    expect(r.status).toBe(202);
    // Detection runs behind ingest: wait for the incident (a poll, not a timed sleep).
    for (let i = 0; i < 150 && !incidentId; i++) {
      const list = (await (await api('/api/incidents')).json()) as { items: Array<{ id: string; entities: Array<{ id: string }> }> };
      incidentId = list.items.find((x) => x.entities.some((e) => e.id === 'jortiz'))?.id ?? '';
      if (!incidentId) await new Promise((r) => setTimeout(r, 200));
    }
    expect(incidentId, 'no incident for the nurse').not.toBe('');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    tmp.cleanup();
  });

  const signIn = (username: string) => signInAs(browser, srv.url, username, PASSWORD);

  it('the privacy officer opens a case from the incident page; an auditor reads it without controls', async () => {
    const aud0 = await signIn('aud');
    await aud0.page.goto(`${srv.url}/incidents/${encodeURIComponent(incidentId)}`);
    await aud0.page.getByText('No breach case.').waitFor();
    expect(await aud0.page.getByRole('button', { name: 'Open a breach case' }).count()).toBe(0);
    await aud0.ctx.close();

    const { ctx, page } = await signIn('priv');
    await page.goto(`${srv.url}/incidents/${encodeURIComponent(incidentId)}`);
    await page.getByRole('button', { name: 'Open a breach case' }).click();
    const patients = page.getByLabel('Affected patients');
    await expect.poll(async () => patients.textContent(), { timeout: 15_000 }).toBe('1 patient');
    expect(await page.getByLabel('Threshold').textContent()).toContain('under 500');
    expect(await page.getByLabel('Notification clock').textContent()).toMatch(/days left|overdue/);
    const factors = page.getByLabel('Four-factor risk assessment');
    expect(await factors.locator('dt').count()).toBe(4);
    // The panel names patients by pseudonym only: the celebrity's name never reaches the page.
    expect(await page.content()).not.toContain('Famous');
    await ctx.close();

    const aud = await signIn('aud');
    await aud.page.goto(`${srv.url}/incidents/${encodeURIComponent(incidentId)}`);
    await expect.poll(async () => aud.page.getByLabel('Affected patients').textContent(), { timeout: 15_000 }).toBe('1 patient');
    await aud.ctx.close();

    const audit = (await (await api('/api/audit?limit=100')).json()) as { items: Array<{ actor: string; action: string }> };
    expect(audit.items.some((e) => e.actor === 'user:priv' && /breach/.test(e.action))).toBe(true);
  }, 120_000);

  it('the Privacy page states what is stored, for how long, and who may see it', async () => {
    const { ctx, page } = await signIn('priv');
    await page.getByRole('link', { name: 'Privacy' }).click();
    const stored = page.getByRole('table', { name: 'Stored data' });
    await stored.waitFor();
    expect(await stored.locator('tbody tr').count()).toBeGreaterThan(3);
    const roles = page.getByRole('table', { name: 'Roles and permissions' });
    expect(await roles.textContent()).toContain('privacy_officer');
    expect(await roles.textContent()).toContain('phi:reidentify');
    await ctx.close();
  }, 60_000);
});
