import { describe, expect, it } from 'vitest';
import type { AlertCountRow } from '../../store/sqlite/series.js';
import { DEFAULT_PRIORS } from '../risk-priors.js';
import { renderBoardHtml } from './html.js';
import { parseQuarter, previousQuarter, quarterAt } from './quarter.js';
import { buildBoardReport, type BoardAlert } from './report.js';
import { esc, pairBars, timeChart } from './svg.js';

const DAY = 86_400_000;

describe('quarters', () => {
  it('parses 2026Q4 into its UTC range and steps back across years', () => {
    const q = parseQuarter('2026q4')!;
    expect(q).toMatchObject({ label: '2026Q4', from: Date.UTC(2026, 9, 1), to: Date.UTC(2027, 0, 1), days: 92 });
    expect(previousQuarter(parseQuarter('2026-Q1')!)).toMatchObject({ label: '2025Q4', days: 92 });
    expect(parseQuarter('2026Q1')!.days).toBe(90);
    expect(quarterAt(Date.parse('2026-12-07T10:00:00Z')).label).toBe('2026Q4');
    for (const bad of ['2026Q5', '26Q1', 'Q4 2026', '']) expect(parseQuarter(bad)).toBeNull();
  });
});

/** An in-memory AlertCountSource over a list of alerts (daily buckets only). */
function source(alerts: BoardAlert[]) {
  const ts = alerts.map((a) => Date.parse(a.time));
  return {
    span: () => (ts.length ? { first: Math.min(...ts), last: Math.max(...ts) } : undefined),
    counts: (q: { split: string; bucketMs: number; from?: number; to?: number }): AlertCountRow[] => {
      const m = new Map<string, number>();
      alerts.forEach((a, i) => {
        const t = ts[i]!;
        if (t < (q.from ?? 0) || t >= (q.to ?? Infinity)) return;
        const key = q.split === 'detector' ? a.detector : 'all';
        const k = `${key}|${Math.floor(t / q.bucketMs) * q.bucketMs}`;
        m.set(k, (m.get(k) ?? 0) + 1);
      });
      return [...m].map(([k, n]) => ({ key: k.split('|')[0]!, t: Number(k.split('|')[1]), n }));
    },
  };
}

describe('buildBoardReport', () => {
  const q = parseQuarter('2026Q4')!;
  const alerts: BoardAlert[] = [];
  // Two a day from 1 July; from 1 October three a day, one of them high; a patient entity on some.
  for (let d = Date.UTC(2026, 6, 1); d < Date.UTC(2026, 11, 7); d += DAY) {
    const n = d >= q.from ? 3 : 2;
    for (let i = 0; i < n; i++) {
      alerts.push({ id: `a${d}-${i}`, time: new Date(d + (9 + i) * 3_600_000).toISOString(), severity: i === 2 ? 'high' : 'medium', detector: i === 0 ? 'phishing.content' : 'ehr.access',
        techniques: i === 0 ? ['T1566'] : [], entities: [{ type: 'user', id: i === 0 ? 'u-rad' : 'u-ph' }, { type: 'patient', id: 'MRN0000042' }] });
    }
  }
  const cur = alerts.filter((a) => a.time >= '2026-10-01'), old = alerts.filter((a) => a.time < '2026-10-01');
  const input = {
    quarter: q, now: Date.parse('2026-12-07T15:00:00Z'), alerts: cur, previousAlerts: old, series: source(alerts), tacticOf: (t: string) => (t === 'T1566' ? 'Initial Access' : 'Other'),
    departments: [{ name: 'radiology', headcount: 80 }, { name: 'pharmacy', headcount: 30 }], departmentOf: (u: string) => ({ 'u-rad': 'radiology', 'u-ph': 'pharmacy' })[u], priors: DEFAULT_PRIORS, iterations: 500,
  };

  it('reports a quarter in progress to the last whole day, per day against the previous quarter', () => {
    const r = buildBoardReport(input);
    expect(r.period).toMatchObject({ from: '2026-10-01', to: '2026-12-31', through: '2026-12-06', daysCovered: 67, complete: false });
    expect(r.alerts.total).toBe(67 * 3);
    expect(r.alerts.previousTotal).toBe(92 * 2);
    expect(r.alerts.change).toBeCloseTo(0.5, 9);
    expect(r.alerts.bySeverity.high).toEqual({ count: 67, previous: 0 });
    expect(r.byTactic[0]).toMatchObject({ key: '(no ATT&CK technique)', count: 134 });
    expect(r.byTactic.find((t) => t.key === 'Initial Access')).toMatchObject({ count: 67, previous: 92, perDay: 1, previousPerDay: 1 });
    expect(r.byDepartment).toEqual([{ key: 'pharmacy', count: 134 }, { key: 'radiology', count: 67 }]);
    expect(r.daily.start).toBe('2026-07-01');
    expect(r.daily.values).toHaveLength(92 + 67);
    expect(r.notes[0]).toMatch(/still in progress.*67 of 92 days/);
    expect(r.forecast.points).toHaveLength(25 + 90); // rest of December + 2027Q1
    expect(r.forecast.nextQuarter).toMatchObject({ quarter: '2027Q1' });
    expect(r.forecast.nextQuarter!.expected).toBeGreaterThan(90 * 2.5);
    expect(r.forecast.nextQuarter!.expected).toBeLessThan(90 * 3.5);
    expect(r.changes.map((c) => c.text).join(' ')).toMatch(/ehr\.access alerts (doubled|rose)/);
    expect(r.summary[0]).toBe('So far in 2026Q4 (to 2026-12-06) Wardwatch raised 201 alerts, about 3.0 a day; 67 were high or critical. That is 50 % more per day than in 2026Q3 (2.0 a day).');
    expect(JSON.stringify(r)).not.toContain('MRN0000042');
    expect(renderBoardHtml(r)).not.toContain('MRN0000042');
  });

  it('refuses a quarter without a whole day yet', () => {
    expect(() => buildBoardReport({ ...input, now: Date.parse('2026-10-01T12:00:00Z') })).toThrow(/no whole day/);
  });
});

describe('svg', () => {
  it('escapes labels and draws bands around the forecast', () => {
    expect(esc('<b>"&\'')).toBe('&lt;b&gt;&quot;&amp;&#39;');
    expect(pairBars([{ label: '<script>', value: 1, previous: null }])).toContain('&lt;script&gt;');
    const svg = timeChart({ start: '2026-11-30', history: [1, 2, 3], forecast: [{ mean: 3, lo80: 2, hi80: 4, lo95: 1, hi95: 5 }] });
    expect(svg.match(/<polygon/g)).toHaveLength(2);
    expect(svg).toContain('>Dec 26<'); // month tick on 1 December
  });
});
