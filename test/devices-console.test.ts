import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, auth, serve, tempDir } from './helpers.js';
import { consoleReady, launchChromium, signIn as signInAs } from './browser.js';

/**
 * The device inventory end to end, in a real browser against `wardwatch serve`: MQTT telemetry from
 * a pump and a lab analyser is ingested → both appear in the inventory with type and criticality →
 * a biomedical engineer filters the table to infusion pumps, opens the pump, sees why it is a pump,
 * and lowers its criticality → the API shows the override and the audit log records it. An auditor
 * opens the same page and has no edit controls.
 */
const ready = consoleReady('devices-console');
const SHOTS = process.env.WARDWATCH_SCREENSHOTS_DIR ? resolve(ROOT, process.env.WARDWATCH_SCREENSHOTS_DIR) : mkdtempSync(join(tmpdir(), 'ww-shots-'));
const PASSWORD = 'devices-console-password-1';
const PUMP = '10.30.0.7';

/** One telemetry publish as an MQTT bridge logs it (the device-telemetry parser's format). */
function publish(ip: string, type: string, manufacturer: string, model: string, firmware: string, t: number): string {
  return JSON.stringify({
    ts: new Date(t).toISOString(), topic: `hospital/ICU/${type}/DEV-${ip}/telemetry`, qos: 1, client_id: `DEV-${ip}`,
    device: { id: `DEV-${ip}`, type, manufacturer, model, firmware, ip, unit: 'ICU' }, metrics: { battery_pct: 90 },
  });
}

interface Dev { id: string; type: string; criticality: string; criticalitySource: string; ips: string[] }

describe.skipIf(!ready)('devices in the console', () => {
  const tmp = tempDir('ww-devices-console-');
  let srv: Awaited<ReturnType<typeof serve>>;
  let browser: Browser;
  const api = (path: string, init: RequestInit = {}) => fetch(`${srv.url}${path}`, { ...init, headers: { ...auth, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });

  beforeAll(async () => {
    srv = await serve(tmp.dir);
    for (const [username, role] of [['bio', 'biomed'], ['aud', 'auditor']]) {
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

  it('a biomed engineer finds the pump, reads why it is a pump and lowers its criticality; an auditor only reads', async () => {
    const t = Date.now() - 5 * 60_000;
    const lines = [publish(PUMP, 'infusion_pump', 'Baxter', 'Sigma Spectrum', '8.01.01', t), publish('10.30.0.8', 'lab_analyzer', 'Roche', 'cobas 6000', '06-02', t + 1000)];
    const r = await fetch(`${srv.url}/api/ingest?source=e2e&format=device-telemetry`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: lines.join('\n') });
    expect(r.status).toBe(202);
    let devices: Dev[] = [];
    await expect.poll(async () => {
      devices = ((await (await api('/api/devices')).json()) as { items: Dev[] }).items;
      return devices.length;
    }, { timeout: 20_000 }).toBe(2);
    const pump = devices.find((d) => d.ips.includes(PUMP))!;
    expect(pump).toMatchObject({ type: 'infusion_pump', criticality: 'life-sustaining', criticalitySource: 'derived' });

    const { ctx, page } = await signIn('bio');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices' }).click();
    const table = page.getByRole('table', { name: 'Device inventory' });
    await table.getByRole('row').nth(2).waitFor({ timeout: 15_000 });
    await page.getByLabel('Type', { exact: true }).selectOption('infusion_pump');
    await page.waitForURL('**/devices?type=infusion_pump');
    await expect.poll(() => table.getByRole('row').count(), { timeout: 10_000 }).toBe(2); // header + the pump
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'devices.png') });
    await table.getByRole('link').first().click();
    await page.waitForURL(`**/devices/${encodeURIComponent(pump.id)}`);
    expect(await page.getByRole('list', { name: 'Type evidence' }).textContent()).toMatch(/infusion_pump|Sigma Spectrum/);
    expect(await page.getByLabel('Criticality', { exact: true }).textContent()).toMatch(/life-sustaining/);
    await page.getByLabel('Set criticality').selectOption('operational');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await expect.poll(async () => (await page.getByLabel('Criticality', { exact: true }).textContent()) ?? '', { timeout: 10_000 }).toMatch(/operational \(set by a person\)/);
    await page.screenshot({ path: join(SHOTS, 'device.png') });
    await ctx.close();

    const after = (await (await api(`/api/devices/${encodeURIComponent(PUMP)}`)).json()) as Dev & { override: { updatedBy: string } };
    expect(after).toMatchObject({ criticality: 'operational', criticalitySource: 'override' });
    expect(after.override.updatedBy).toMatch(/bio/);
    const audit = (await (await api('/api/audit')).json()) as { items: Array<{ action: string; target: string }> };
    expect(audit.items.some((a) => a.action === 'device.override' && a.target === pump.id)).toBe(true);

    const aud = await signIn('aud');
    await aud.page.goto(`${srv.url}/devices/${encodeURIComponent(pump.id)}`);
    await aud.page.getByRole('list', { name: 'Type evidence' }).waitFor();
    expect(await aud.page.getByRole('group', { name: 'Edit device' }).count()).toBe(0);
    expect((await api(`/api/devices/${encodeURIComponent(PUMP)}`, { method: 'PATCH', body: JSON.stringify({ criticality: 'diagnostic' }) })).status).toBe(200);
    await aud.ctx.close();
  }, 90_000);
});
