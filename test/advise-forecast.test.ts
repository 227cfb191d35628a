import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Alert } from '../src/core/alert.js';
import { ContextStore, SqliteStore } from '../src/store/sqlite/index.js';
import { cli, tempDir } from './helpers.js';

const DAY = 86_400_000;
const START = Date.parse('2026-01-05T00:00:00Z');
function alerts(detector: string, user: string, perDay: number[], tag: string): Alert[] {
  const out: Alert[] = [];
  perDay.forEach((n, d) => {
    for (let k = 0; k < n; k++) {
      const time = new Date(START + d * DAY + 3_600_000 * (9 + k)).toISOString();
      out.push({ id: `${tag}-${d}-${k}`, time, created: time, title: detector, severity: 'medium', detector, rule: detector, entities: [{ type: 'user', id: user }],
        explanation: { summary: '', factors: [], evidence: [], evidenceCount: 0, text: '' }, techniques: ['T1566'], status: 'open', firstSeen: time, lastSeen: time });
    }
  });
  return out;
}

function dataDir(surge: boolean): string {
  const { dir } = tempDir('ww-advise-');
  dirs.push(dir);
  const store = SqliteStore.open(dir);
  const days = 90;
  const bg = (n: number) => Array.from({ length: days }, (_, d) => (d % Math.max(1, Math.round(days / n)) === 0 ? 1 : 0));
  store.insertAlerts([
    ...alerts('phishing', 'adm1', bg(6), 'pa'), ...alerts('phishing', 'rad1', bg(2), 'pr'), ...alerts('phishing', 'ed1', bg(2), 'pe'),
    ...alerts('auth.bruteforce', 'ed1', bg(10), 'ab'), ...alerts('ehr.access', 'ph1', bg(5), 'eh'),
    ...(surge ? alerts('phishing', 'rad1', Array.from({ length: days }, (_, d) => (d >= 60 ? 4 : 0)), 'surge') : []),
  ]);
  store.close();
  const ctx = ContextStore.open(dir);
  const staff = (dept: string, n: number, login: string) => Array.from({ length: n }, (_, i) => ({ id: `${dept}-${i}`, logins: [i === 0 ? login : `${dept}${i}`], department: dept, shifts: [] }));
  ctx.load({ staff: [...staff('radiology', 80, 'rad1'), ...staff('emergency', 120, 'ed1'), ...staff('pharmacy', 30, 'ph1'), ...staff('administration', 200, 'adm1')] });
  ctx.close();
  return dir;
}
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('wardwatch advise (built CLI)', () => {
  it('a month of phishing in radiology moves radiology phishing training up the ranked list', () => {
    const rank = (dir: string) => {
      const r = cli(['advise', '-d', dir, '--json', '--iterations', '3000']);
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout) as { advice: Array<{ control: string; evidence: { alerts: number } }>; risk: { total: { p5: number; p95: number } } };
      expect(doc.risk.total.p95).toBeGreaterThan(doc.risk.total.p5);
      return doc.advice.findIndex((a) => a.control === 'phishing-training:radiology');
    };
    const before = rank(dataDir(false)), after = rank(dataDir(true));
    expect(after).toBeLessThan(before);
    expect(after).toBe(0);
  });

  it('rejects a bad priors file naming the key, and forecast --json works on the same store', () => {
    const dir = dataDir(true);
    const bad = join(dir, 'priors.yaml');
    writeFileSync(bad, 'currency: EUR\nscenarios: {}\ndetectorScenario: {}\ncontrols: []\n');
    const r = cli(['advise', '-d', dir, '--priors', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/currency/);
    const f = cli(['forecast', '-d', dir, '--series', 'detector:phishing', '--horizon', '7d', '--json']);
    expect(f.code, f.stderr).toBe(0);
    const doc = JSON.parse(f.stdout) as { series: Array<{ points: unknown[]; model: string | null }> };
    expect(doc.series[0]!.points).toHaveLength(7);
    expect(doc.series[0]!.model).toMatch(/^ETS/);
  });
});
