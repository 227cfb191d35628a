import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { previousQuarter, quarterAt } from '../src/analytics/board/quarter.js';
import { findChromium } from '../src/cli/pdf.js';
import { LOGINS, PATIENT_MRN, PATIENT_NAME, PATIENT_PSEUDONYM, seedBoardStore } from './board-seed.js';
import { cli, tempDir } from './helpers.js';

const DAY = 86_400_000;
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

// The report quarter is the last complete one before today, so its figures do not depend on the clock.
const now = Date.now();
const Q = previousQuarter(quarterAt(now)), P = previousQuarter(Q);
const today = Math.floor(now / DAY) * DAY;
const surgeFrom = Q.from + 45 * DAY, surgeTo = surgeFrom + 30 * DAY; // a month of phishing in radiology, mid-quarter
const { dir } = tempDir('ww-board-');
dirs.push(dir);
const seeded = seedBoardStore(dir, { from: P.from, to: today, surgeFrom, surgeTo });
const inQ = seeded.filter((a) => { const t = Date.parse(a.time); return t >= Q.from && t < Q.to; });
const inP = seeded.filter((a) => { const t = Date.parse(a.time); return t >= P.from && t < P.to; });
const PHI = [PATIENT_NAME, PATIENT_MRN, PATIENT_PSEUDONYM, ...Object.values(LOGINS)];
const hasPdftotext = spawnSync('pdftotext', ['-v']).error === undefined;

describe('wardwatch report board (built CLI)', () => {
  const html = join(dir, 'board.html'), pdf = join(dir, 'board.pdf');
  const chromium = findChromium();
  const r = cli(['report', 'board', '-d', dir, '--quarter', Q.label, '--json', '--html', html, '--iterations', '2000', ...(chromium ? ['--pdf', pdf] : [])]);

  it('reports the seeded quarter\'s figures against the previous quarter', () => {
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { quarter: string; period: { complete: boolean; daysCovered: number }; alerts: { total: number; previousTotal: number; change: number; bySeverity: Record<string, { count: number; previous: number }> };
      byDepartment: Array<{ key: string; count: number }>; byDetector: Array<{ key: string; count: number }>; advice: Array<{ control: string }>; forecast: { model: string | null; nextQuarter: { expected: number } | null }; summary: string[]; risk: { total: { p5: number; p95: number } } };
    expect(doc.quarter).toBe(Q.label);
    expect(doc.period).toMatchObject({ complete: true, daysCovered: Q.days });
    expect(doc.alerts.total).toBe(inQ.length);
    expect(doc.alerts.previousTotal).toBe(inP.length);
    expect(doc.alerts.change).toBeCloseTo(inQ.length / Q.days / (inP.length / P.days) - 1, 9);
    expect(doc.alerts.bySeverity.high!.count).toBe(inQ.filter((a) => a.severity === 'high').length);
    const radiology = inQ.filter((a) => a.entities[0]!.id === LOGINS.radiology).length;
    expect(doc.byDepartment.find((d) => d.key === 'radiology')!.count).toBe(radiology);
    expect(doc.byDetector.find((d) => d.key === 'phishing.content')!.count).toBe(inQ.filter((a) => a.detector === 'phishing.content').length);
    // The month of phishing in radiology puts its training first among the departments'.
    expect(doc.advice.find((a) => a.control.startsWith('phishing-training:'))!.control).toBe('phishing-training:radiology');
    expect(doc.forecast.model).toMatch(/^ETS/);
    expect(doc.forecast.nextQuarter!.expected).toBeGreaterThan(0);
    expect(doc.risk.total.p95).toBeGreaterThan(doc.risk.total.p5);
    expect(doc.summary[0]).toContain(`raised ${inQ.length.toLocaleString('en-US')} alerts`);
    expect(doc.summary.join(' ')).toMatch(/phishing training and simulations for radiology/);
  });

  it('writes a self-contained HTML report with the figures, charts and no PHI', () => {
    const text = readFileSync(html, 'utf8');
    expect(statSync(html).mode & 0o777).toBe(0o600);
    expect(text).toContain(`Security report to the board — ${Q.label}`);
    expect(text).toContain(`<b>${inQ.length.toLocaleString('en-US')}</b>`);
    expect((text.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(text).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/); // nothing runs, nothing is fetched
    for (const s of PHI) expect(text, s).not.toContain(s);
    for (const s of PHI) expect(r.stdout, s).not.toContain(s);
  });

  it.skipIf(!chromium || !hasPdftotext)('prints a valid PDF whose text holds the figures and no PHI', () => {
    if (!chromium || !hasPdftotext) console.warn(`PDF check skipped: ${chromium ? '' : 'no Chromium (apt-get install chromium) '}${hasPdftotext ? '' : 'no pdftotext (apt-get install poppler-utils)'}`);
    expect(existsSync(pdf)).toBe(true);
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(statSync(pdf).mode & 0o777).toBe(0o600);
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info.status, info.stderr).toBe(0);
    const pages = Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThanOrEqual(5);
    const first = spawnSync('pdftotext', ['-layout', '-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' }).stdout;
    expect(first).toContain(`Security report to the board — ${Q.label}`);
    expect(first).toContain('Summary');
    expect(first).toContain(`raised ${inQ.length.toLocaleString('en-US')} alerts`);
    const all = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout;
    expect(all).toContain('Sources and assumptions');
    for (const s of PHI) expect(all, s).not.toContain(s);
  });

  it('refuses a malformed or future quarter and a missing store, naming the flag', () => {
    const bad = cli(['report', 'board', '-d', dir, '--quarter', '2026-13']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--quarter.*2026Q4|2026Q4.*--quarter/s);
    const future = cli(['report', 'board', '-d', dir, '--quarter', `${new Date(now).getUTCFullYear() + 1}Q4`]);
    expect(future.code).toBe(1);
    expect(future.stderr).toMatch(/has not started/);
    const none = cli(['report', 'board', '-d', join(dir, 'nope'), '--quarter', Q.label]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no Wardwatch store/);
    expect(cli(['report', 'board', '--help']).stdout).toMatch(/--pdf <file>/);
  });
});
