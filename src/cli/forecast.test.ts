import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dailyFromHourly, hourlyCounts, BENCH_SPECS } from '../analytics/synthetic.js';
import type { Alert } from '../core/alert.js';
import { SqliteStore } from '../store/sqlite/index.js';
import { AlertSeriesQueries } from '../store/sqlite/series.js';
import { parseHorizon, renderForecast, runForecast } from './forecast.js';

const DAY = 86_400_000;
const START = Date.parse('2026-01-05T00:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'ww-forecast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function alerts(detector: string, techniques: string[], perDay: number[], start = START): Alert[] {
  const out: Alert[] = [];
  perDay.forEach((n, d) => {
    for (let k = 0; k < n; k++) {
      const time = new Date(start + d * DAY + ((k * 7919) % DAY)).toISOString();
      out.push({ id: `${detector}-${d}-${k}`, time, created: time, title: detector, severity: 'medium', detector, rule: detector, entities: [{ type: 'user', id: 'u' }],
        explanation: { summary: '', factors: [], evidence: [], evidenceCount: 0, text: '' }, techniques, status: 'open', firstSeen: time, lastSeen: time });
    }
  });
  return out;
}

const base = { by: 'all', horizon: '14d', transform: 'sqrt', top: '5', backtest: true };

describe('wardwatch forecast', () => {
  const store = new SqliteStore(join(dir, 'w.db'));
  const phishing = dailyFromHourly(hourlyCounts(BENCH_SPECS[0]!, 150, 3)); // doubles on day 100
  store.insertAlerts([...alerts('phishing.content', ['T1566'], phishing), ...alerts('auth.bruteforce', ['T1110.001'], phishing.map((_, d) => 2 + (d % 7 < 5 ? 2 : 0)))]);
  const q = new AlertSeriesQueries(store.db);
  const now = START + 200 * DAY;

  it('forecasts one named series with intervals, back-test and the change explained', () => {
    const [r] = runForecast(q, { ...base, series: 'detector:phishing.content' }, undefined, now);
    expect(r!.series).toBe('detector:phishing.content');
    expect(r!.history.buckets).toBe(150);
    expect(r!.points).toHaveLength(14);
    expect(r!.points[0]!.at).toBe('2026-06-04');
    // After the doubling (about 6 a day) the forecast sits near the new level, not the old one.
    const mean = r!.points.reduce((a, p) => a + p.mean, 0) / 14;
    expect(mean).toBeGreaterThan(4.5);
    expect(mean).toBeLessThan(8);
    expect(r!.backtest!.ets.mase).not.toBeNull();
    expect(r!.changes.map((c) => c.text).join(' ')).toMatch(/phishing\.content alerts (doubled|rose) from \d\.\d to \d\.\d a day since 2026-04-1\d/);
    expect(renderForecast([r!])).toMatch(/model ETS\(A,/);
  });

  it('splits by tactic through the ATT&CK map, and by detector largest first', () => {
    const byTactic = runForecast(q, { ...base, by: 'tactic', backtest: false }, undefined, now);
    expect(byTactic.map((r) => r.series).sort()).toEqual(['tactic:Credential Access', 'tactic:Initial Access']);
    const byDet = runForecast(q, { ...base, by: 'detector', top: '1', backtest: false, horizon: '48h' }, undefined, now);
    expect(byDet).toHaveLength(1);
    expect(byDet[0]!.granularity).toBe('hour');
    expect(byDet[0]!.points).toHaveLength(48);
  });

  it('is honest when history is short and names a bad flag', () => {
    const s2 = new SqliteStore(join(dir, 'short.db'));
    s2.insertAlerts(alerts('phishing.content', ['T1566'], [1, 3, 0, 2, 1]));
    const [r] = runForecast(new AlertSeriesQueries(s2.db), base, undefined, now);
    expect(r!.model).toBeNull();
    expect(r!.notes[0]).toMatch(/not enough history: 5 observation/);
    expect(renderForecast([r!])).toMatch(/no forecast: not enough history/);
    s2.close();
    expect(() => runForecast(q, { ...base, series: 'detector:nope' }, undefined, now)).toThrow(/no alerts for series "detector:nope"/);
    expect(() => runForecast(q, { ...base, series: 'phishing' }, undefined, now)).toThrow(/series names look like/);
    expect(() => parseHorizon('soon')).toThrow(/horizon like 14d/);
    expect(parseHorizon('2d', 'hour')).toEqual({ granularity: 'hour', buckets: 48 });
  });
});
