import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './helpers.js';

/** Debian's Chromium, which the console tests drive (never a downloaded browser). */
export const CHROMIUM = '/usr/bin/chromium';
const WEB = join(ROOT, 'dist/web/index.html');

/**
 * Whether a console test can run: Chromium installed and the console built. Says why not, once,
 * so a skipped suite is never silent.
 */
export function consoleReady(suite: string): boolean {
  const ready = existsSync(CHROMIUM) && existsSync(WEB);
  if (!ready) console.warn(`${suite} skipped: ${existsSync(CHROMIUM) ? '' : `${CHROMIUM} is absent (apt-get install chromium) `}${existsSync(WEB) ? '' : 'the console is not built (npx vite build web)'}`);
  return ready;
}

/** Headless Chromium with the flags this machine needs (no sandbox as root, no GPU). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
}

/**
 * Signs a user in through the console's own form in a fresh browser context and waits for the
 * main navigation; close the returned context when done.
 */
export async function signIn(browser: Browser, url: string, username: string, password: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(url);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return { ctx, page };
}
