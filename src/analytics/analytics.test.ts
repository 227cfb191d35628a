import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../core/alert.js';
import { SqliteStore } from '../store/sqlite/index.js';
import { AlertSeriesQueries } from '../store/sqlite/series.js';
import { describeChange, detectChanges, extractSeries, forecastSeries, seasonalProfile } from './index.js';
import { BENCH_SPECS, dailyFromHourly, hourlyCounts, poisson, uniform, WORKWEEK } from './synthetic.js';

const DAY = 86_400_000;
const START = Date.parse('2026-01-05T00:00:00Z'); // a Monday
let dirs: string[] = [];
afterEach(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); dirs = []; });

function alert(id: string, ts: number, detector: string, techniques: string[], severity: Alert['severity'] = 'medium'): Alert {
  const time = new Date(ts).toISOString();
  return {
    id, time, created: time, title: 't', severity, detector, rule: detector, entities: [{ type: 'user', id: 'u1' }],
    explanation: { summary: '', factors: [], evidence: [], evidenceCount: 0, text: '' }, techniques, status: 'open', firstSeen: time, lastSeen: time,
  };
}

describe('series from the store', () => {
  it('counts alerts per UTC day by detector, severity and tactic, with zeros for quiet days', () => {
    const d = mkdtempSync(join(tmpdir(), 'ww-analytics-'));
    dirs.push(d);
    const store = new SqliteStore(join(d, 'w.db'));
    store.insertAlerts([
      alert('a', START + 3_600_000, 'phishing.content', ['T1566'], 'high'),
      alert('b', START + 5_000_000, 'phishing.content', ['T1566']),
      alert('c', START + 2 * DAY + 10, 'auth.bruteforce', ['T1110.001', 'T1078']),
    ]);
    const q = new AlertSeriesQueries(store.db);
    const byDet = extractSeries(q, { split: 'detector', granularity: 'day', now: START + 10 * DAY });
    expect(byDet.map((s) => [s.name, s.values])).toEqual([['detector:phishing.content', [2, 0, 0]], ['detector:auth.bruteforce', [0, 0, 1]]]);
    const all = extractSeries(q, { split: 'all', granularity: 'day', now: START + 10 * DAY });
    expect(all[0]!.values).toEqual([2, 0, 1]);
    const tactics = { T1566: 'Initial Access', T1078: 'Initial Access', 'T1110.001': 'Credential Access' } as Record<string, string>;
    const byTactic = extractSeries(q, { split: 'tactic', granularity: 'day', tacticOf: (t) => tactics[t] ?? 'Unknown', now: START + 10 * DAY });
    expect(byTactic.find((s) => s.key === 'Initial Access')!.values).toEqual([2, 0, 1]);
    const bySev = extractSeries(q, { split: 'severity', granularity: 'hour', now: START + 10 * DAY });
    expect(bySev.find((s) => s.key === 'high')!.values.slice(0, 2)).toEqual([1, 0]); // starts at the first alert's hour
    // The day still in progress is left out: it would read as a drop.
    expect(extractSeries(q, { split: 'all', granularity: 'day', now: START + 2 * DAY + 100 })[0]!.values).toEqual([2, 0]);
    store.close();
  });
});

describe('trends and change points', () => {
  const phishing = BENCH_SPECS[0]!; // 3 a day, doubling on day 100
  const daily = dailyFromHourly(hourlyCounts(phishing, 180, 7));
  const series = { name: 'detector:phishing', split: 'detector' as const, key: 'phishing', granularity: 'day' as const, start: START, bucketMs: DAY, values: daily };

  it('finds the doubling of phishing alerts and says so in a sentence', () => {
    const cps = detectChanges(series);
    expect(cps).toHaveLength(1);
    expect(Math.abs(cps[0]!.index - 100)).toBeLessThanOrEqual(4);
    expect(cps[0]!.ratio).toBeGreaterThan(1.6);
    expect(describeChange(cps[0]!, 'phishing', 'day')).toMatch(/^phishing alerts (doubled|rose) from \d\.\d to \d\.\d a day since 2026-04-1\d/);
  });

  it('does not take a weekly rhythm for changes', () => {
    const u = uniform(11);
    const flat = Array.from({ length: 180 }, (_, d) => poisson(10 * WORKWEEK[d % 7]! * (d % 7 >= 5 ? 0.5 : 1.2), u));
    expect(detectChanges({ ...series, values: flat })).toEqual([]);
  });

  it('profiles weekdays and hours, and the recent trend', () => {
    const hourly = hourlyCounts(phishing, 70, 3);
    const p = seasonalProfile({ ...series, granularity: 'hour', bucketMs: 3_600_000, values: hourly });
    const wd = p.weekday!;
    expect(wd.find((d) => d.day === 'Tue')!.mean).toBeGreaterThan(wd.find((d) => d.day === 'Sun')!.mean);
    expect(p.hourOfDay![12]!.mean).toBeGreaterThan(p.hourOfDay![3]!.mean * 2);
    const t = seasonalProfile({ ...series, values: daily.slice(0, 128) }).trend;
    expect(t.change!).toBeGreaterThan(0.5); // last 28 days vs the 28 before: after the doubling vs before it
  });
});

describe('forecastSeries', () => {
  it('forecasts with intervals and a back-test, and is honest about short history', () => {
    const daily = dailyFromHourly(hourlyCounts(BENCH_SPECS[2]!, 120, 5));
    const f = forecastSeries({ name: 'ehr', split: 'all', key: 'all', granularity: 'day', start: START, bucketMs: DAY, values: daily }, { horizon: 14 });
    expect(f.model).toMatch(/^ETS\(A,/);
    expect(f.points).toHaveLength(14);
    expect(f.points[0]!.at).toBe('2026-05-05');
    for (const p of f.points) expect(p.lo95 <= p.lo80 && p.lo80 <= p.mean && p.mean <= p.hi80 && p.hi80 <= p.hi95).toBe(true);
    expect(f.backtest!.ets.origins).toBeGreaterThan(5);
    expect(f.backtest!.ets.mase!).toBeLessThan(f.backtest!.seasonalNaive.mase!);
    const short = forecastSeries({ name: 'x', split: 'all', key: 'all', granularity: 'day', start: START, bucketMs: DAY, values: [1, 2, 0, 1, 3] }, { horizon: 7 });
    expect(short.model).toBeNull();
    expect(short.notes[0]).toMatch(/not enough history/);
    const mid = forecastSeries({ name: 'x', split: 'all', key: 'all', granularity: 'day', start: START, bucketMs: DAY, values: daily.slice(0, 20) }, { horizon: 7 });
    expect(mid.model).toMatch(/,N\)$/);
    expect(mid.notes.join(' ')).toMatch(/two full cycles|no back-test/);
  });
});
