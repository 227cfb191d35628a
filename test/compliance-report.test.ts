import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WardEvent } from '../src/core/event.js';
import { newEventId } from '../src/core/ids.js';
import { findChromium } from '../src/cli/pdf.js';
import { CATALOGUE, verifySeal } from '../src/compliance/index.js';
import { SqliteStore } from '../src/store/sqlite/index.js';
import { cli, tempDir } from './helpers.js';

// End to end: a store with clear-text HL7 and a generic account, `wardwatch report hipaa` from the built CLI.
const T0 = Date.parse('2026-02-02T00:00:00Z');
const H = 3_600_000;
const { dir } = tempDir('ww-hipaa-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
{
  const s = SqliteStore.open(dir);
  const e = (t: number, dataset: string, { event, ...extra }: Record<string, unknown>): WardEvent => ({ '@timestamp': new Date(t).toISOString(), ...extra, event: { id: newEventId(), dataset, ...(event as object) } } as WardEvent);
  const evs: WardEvent[] = [];
  for (let d = 0; d < 10; d++) {
    evs.push(e(T0 + d * 24 * H + H, 'zeek.conn', { event: { category: ['network'], action: 'connection' }, network: { protocol: 'hl7', transport: 'tcp' }, destination: { ip: '10.1.1.1', port: 2575 } }));
    evs.push(e(T0 + d * 24 * H + 2 * H, 'zeek.conn', { event: { category: ['network'], action: 'connection' }, network: { protocol: 'ssl', transport: 'tcp' }, destination: { ip: '10.1.1.2', port: 443 } }));
    evs.push(e(T0 + d * 24 * H + 3 * H, 'linux.auth', { event: { category: ['authentication'], action: 'ssh_login', outcome: 'success' }, user: { name: 'admin' }, host: { name: 'ehr01' }, log: { syslog: { hostname: 'ehr01' } } }));
  }
  s.appendEvents(evs);
  s.close();
}
const pdftoppm = spawnSync('pdftoppm', ['-v']).error === undefined;

describe('wardwatch report hipaa (built CLI)', () => {
  const html = join(dir, 'hipaa.html'), pdf = join(dir, 'hipaa.pdf');
  const chromium = findChromium();
  const r = cli(['report', 'hipaa', '-d', dir, '--from', '2026-02-02', '--to', '2026-02-11', '--json', '--html', html, ...(chromium ? ['--pdf', pdf] : [])]);

  it('reports the clear-text HL7 and the generic account as gaps, with the catalogue coverage', () => {
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { sha256: string; version: string; period: { from: string; to: string }; controls: Array<{ id: string; status: string }>; gaps: Array<{ id: string; status: string }>; coverage: { controls: number; mapped: number; measured: number }; measures: Array<{ id: string; status: string; value: number | null }> };
    expect(doc.period).toEqual({ from: '2026-02-02T00:00:00.000Z', to: '2026-02-12T00:00:00.000Z' });
    expect(doc.measures.find((m) => m.id === 'cleartext-phi')).toMatchObject({ status: 'gap', value: 10 });
    expect(doc.measures.find((m) => m.id === 'unique-ids')).toMatchObject({ status: 'gap', value: 1 });
    expect(doc.controls.find((c) => c.id === 'hipaa-312-e-2-ii')!.status).toBe('gap');
    expect(doc.controls.find((c) => c.id === 'hipaa-312-a-2-i')!.status).toBe('gap');
    expect(doc.gaps[0]!.status).toBe('gap');
    expect(doc.coverage.controls).toBe(CATALOGUE.length);
    expect(doc.coverage.measured).toBeGreaterThan(0);
    expect(doc.coverage.measured).toBeLessThanOrEqual(doc.coverage.mapped);
    expect(doc.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('writes a private, self-contained HTML sealed with the SHA-256 of its content', () => {
    const doc = JSON.parse(r.stdout) as { sha256: string };
    const text = readFileSync(html, 'utf8');
    expect(statSync(html).mode & 0o777).toBe(0o600);
    expect(text).toContain(`content="${doc.sha256}"`);
    expect(verifySeal(text, doc.sha256)).toBe(true);
    expect(verifySeal(text.replace('Audit controls', 'Audit control'), doc.sha256)).toBe(false);
    expect(text).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(text).toContain('<svg');
    expect(text).toContain('164.312(a)(2)(iii)');
  });

  it.skipIf(!chromium)('prints the PDF with headless Chromium', () => {
    const head = readFileSync(pdf).subarray(0, 5).toString('latin1');
    expect(head).toBe('%PDF-');
    expect(statSync(pdf).mode & 0o777).toBe(0o600);
  });

  it.skipIf(!chromium || !pdftoppm)('renders the PDF\'s first page to an image', () => {
    const out = join(dir, 'page');
    const p = spawnSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', pdf, out]);
    expect(p.status).toBe(0);
    // pdftoppm pads the page number to the width of the page count (page-01.png for 10+ pages).
    const png = readdirSync(dir).find((f) => /^page-0*1\.png$/.test(f));
    expect(png).toBeDefined();
    expect(readFileSync(join(dir, png!)).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('refuses a period that ends before it starts, naming the option', () => {
    const bad = cli(['report', 'hipaa', '-d', dir, '--from', '2026-02-10', '--to', '2026-02-01', '--no-snapshot']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--from');
  });
});
