import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, breachClock, loadStateLaws } from './clock.js';

const D = '2026-03-02T09:00:00.000Z';
const at = (iso: string) => Date.parse(iso);

describe('breach notification clock', () => {
  it('runs 60 days from discovery and counts down', () => {
    const c = breachClock(D, 10, {}, [], at('2026-03-12T09:00:00Z'));
    expect(c.individualsDue).toBe('2026-05-01T09:00:00.000Z');
    expect(c.daysLeft).toBe(50);
    expect(c.overdue).toBe(false);
    expect(breachClock(D, 10, {}, [], at('2026-05-02T09:00:00Z')).overdue).toBe(true);
  });

  it('below 500: the annual HHS log, due 60 days after the year of discovery ends', () => {
    const c = breachClock(D, 499, {}, [], at(D));
    expect(c.threshold).toBe('annual_hhs_log');
    const log = c.deadlines.find((d) => d.who.includes('annual log'))!;
    expect(log.due.slice(0, 10)).toBe('2027-03-01');
    expect(c.deadlines.some((d) => d.who.includes('media'))).toBe(false);
  });

  it('500 or more residents of one state: HHS now and the media', () => {
    expect(breachClock(D, 500, {}, [], at(D)).threshold).toBe('media_and_hhs_now');
    const c = breachClock(D, 700, { TX: 400, FL: 300 }, [], at(D));
    // 700 in all, but no state reaches 500: the per-state count decides (164.406 speaks of residents of a state).
    expect(c.threshold).toBe('annual_hhs_log');
    const big = breachClock(D, 700, { TX: 600, FL: 100 }, [], at(D));
    expect(big.deadlines.map((d) => d.who)).toEqual(expect.arrayContaining(['HHS Secretary (breach portal)', 'prominent media outlets in the state']));
  });

  it('adds the configured states\' deadlines for the states the case names', () => {
    const laws = loadStateLaws();
    expect(laws.map((l) => l.state)).toEqual(expect.arrayContaining(['TX', 'FL', 'WA', 'CA']));
    const c = breachClock(D, 300, { TX: 260, FL: 40 }, laws, at(D));
    const tx = c.deadlines.filter((d) => d.who.startsWith('Texas'));
    expect(tx.map((d) => d.due.slice(0, 10))).toEqual(['2026-04-01', '2026-05-01']); // AG at 250+: 30 days; residents: 60
    const fl = c.deadlines.filter((d) => d.who.startsWith('Florida'));
    expect(fl).toHaveLength(1); // 40 < 500: no Department of Legal Affairs notice
    expect(c.deadlines[0]!.due <= c.deadlines[c.deadlines.length - 1]!.due).toBe(true);
  });

  it('counts business days for California\'s 15-business-day rule', () => {
    // Monday 2 March 2026 + 15 business days = Monday 23 March.
    expect(new Date(addDays(at(D), 15, true)).toISOString().slice(0, 10)).toBe('2026-03-23');
  });

  it('a hospital\'s own table is validated with the path of a bad entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-laws-'));
    const f = join(dir, 'laws.json');
    writeFileSync(f, JSON.stringify({ states: [{ state: 'Texas', name: 'x', statute: 'y', individualsDays: 60 }] }));
    expect(() => loadStateLaws(f)).toThrow(/states\.0\.state/);
  });
});
