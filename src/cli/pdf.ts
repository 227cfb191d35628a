import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, openSync, readSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WardError } from '../core/errors.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * The headless browser that prints PDFs: `$WARDWATCH_CHROMIUM`, else the first of the usual
 * Chromium/Chrome paths that exists; undefined when none is installed.
 *
 * @example
 * findChromium() // '/usr/bin/chromium'
 */
export function findChromium(): string | undefined {
  const env = process.env.WARDWATCH_CHROMIUM;
  if (env) return existsSync(env) ? env : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

/**
 * Prints a self-contained HTML document to PDF with headless Chromium (`--print-to-pdf`). The page
 * is loaded from a private temporary file; the document's CSP allows nothing to be fetched. The
 * PDF is written with mode 0600.
 *
 * @example
 * htmlToPdf('<!doctype html><p>hello</p>', 'board.pdf')
 */
export function htmlToPdf(html: string, out: string, timeoutMs = 120_000): void {
  const browser = findChromium();
  if (!browser) throw new WardError('request.invalid', 'printing a PDF needs Chromium (apt-get install chromium, or set WARDWATCH_CHROMIUM to a Chrome/Chromium binary); --html writes the same report without it', '--pdf');
  const dir = mkdtempSync(join(tmpdir(), 'ww-pdf-'));
  try {
    chmodSync(dir, 0o700);
    const page = join(dir, 'report.html');
    writeFileSync(page, html, { mode: 0o600 });
    const target = resolve(out);
    const args = [
      '--headless', '--disable-gpu', '--no-first-run', '--no-default-browser-check', '--disable-extensions', '--disable-background-networking',
      '--disable-dev-shm-usage', `--user-data-dir=${join(dir, 'profile')}`, '--no-pdf-header-footer', `--print-to-pdf=${target}`,
      // Chromium refuses to run as root with its sandbox on; a root CLI (containers, CI) must turn it off.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      pathToFileURL(page).href,
    ];
    const r = spawnSync(browser, args, { encoding: 'utf8', timeout: timeoutMs });
    if (r.error || r.status !== 0 || !isPdf(target)) {
      const why = r.error?.message ?? ((r.stderr ?? '').trim().split('\n').filter((l) => !/dbus|Fontconfig|GPU|gpu/.test(l)).slice(-2).join(' ') || `exit ${r.status}`);
      throw new Error(`--pdf: ${browser} could not print the PDF: ${why}`);
    }
    chmodSync(target, 0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function isPdf(file: string): boolean {
  if (!existsSync(file)) return false;
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(5);
    readSync(fd, b, 0, 5, 0);
    return b.toString('latin1') === '%PDF-';
  } finally {
    closeSync(fd);
  }
}
