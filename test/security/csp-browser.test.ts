import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { PASSWORD, startHarness, type Harness } from './harness.js';

const CHROMIUM = '/usr/bin/chromium';
const WEB = join(ROOT, 'dist/web');
const ready = existsSync(CHROMIUM) && existsSync(join(WEB, 'index.html'));
if (!ready) console.warn(`CSP browser test skipped: ${existsSync(CHROMIUM) ? '' : `${CHROMIUM} is absent (apt-get install chromium) `}${existsSync(join(WEB, 'index.html')) ? '' : 'the console is not built (npx vite build web)'}`);

/** Every CSP violation the page reports (the browser blocks it and fires `securitypolicyviolation`). */
async function watch(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) seen.push(m.text()); });
  await page.exposeFunction('__cspViolation', (s: string) => { seen.push(s); });
  // Browser-side code as strings: the test is type-checked without the DOM library.
  await page.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(e.violatedDirective + ' ' + e.blockedURI));" });
  return seen;
}

describe.skipIf(!ready)('the built console and Swagger UI work under their Content-Security-Policy', () => {
  let h: Harness;
  let browser: Browser;
  let url: string;
  beforeAll(async () => {
    h = await startHarness({ webRoot: WEB });
    url = `http://127.0.0.1:${h.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  }, 60_000);
  afterAll(async () => { await browser?.close(); await h?.close(); });

  it('signs in and draws the overview with no CSP violation', async () => {
    const page = await (await browser.newContext()).newPage();
    const violations = await watch(page);
    await page.goto(url);
    await page.getByLabel('User name').fill('adm');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
    // The watch itself works: an injected inline script is blocked and reported.
    await page.evaluate("const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.appendChild(s);");
    await page.waitForTimeout(200);
    expect(await page.evaluate('window.__ran')).toBeUndefined();
    expect(violations.join('\n')).toMatch(/script-src/);
  }, 60_000);

  it('shows a locked account on the Users page and unlocks it, with no CSP violation', async () => {
    for (let i = 0; i < 5; i++) await h.send('POST', '/api/auth/login', {}, JSON.stringify({ username: 'aud', password: 'wrong-password' }));
    expect((await h.send('POST', '/api/auth/login', {}, JSON.stringify({ username: 'aud', password: PASSWORD }))).status).toBe(423);
    const page = await (await browser.newContext()).newPage();
    const violations = await watch(page);
    await page.goto(url);
    await page.getByLabel('User name').fill('adm');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${url}/users`);
    await page.getByRole('button', { name: 'Unlock aud' }).click();
    await page.getByRole('button', { name: 'Unlock aud' }).waitFor({ state: 'detached' });
    expect(h.rt.store.listAudit(20).find((a) => a.action === 'user_unlock')).toMatchObject({ actor: 'user:adm', target: 'user:aud' });
    expect((await h.send('POST', '/api/auth/login', {}, JSON.stringify({ username: 'aud', password: PASSWORD }))).status).toBe(200);
    expect(violations).toEqual([]);
  }, 60_000);

  it('renders Swagger UI at /api/docs with no CSP violation', async () => {
    const page = await (await browser.newContext()).newPage();
    const violations = await watch(page);
    await page.goto(`${url}/api/docs`);
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 20_000 });
    expect(await page.locator('.swagger-ui .info .title').innerText()).toContain('Wardwatch API');
    expect(violations).toEqual([]);
  }, 60_000);
});
