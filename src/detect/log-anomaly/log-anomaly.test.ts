import { describe, expect, it } from 'vitest';
import type { AlertDraft } from '../../core/alert.js';
import type { WardEvent } from '../../core/event.js';
import { runDetector } from '../testing.js';
import { logAnomalyConfig } from './config.js';
import { LogAnomalyDetector } from './detector.js';

const T0 = Date.UTC(2026, 0, 1);
let seq = 0;
function ev(msg: string, t: number, host = 'web1', program = 'app'): WardEvent {
  return { '@timestamp': new Date(t).toISOString(), event: { id: `e${++seq}`, kind: 'event', module: 'syslog' }, message: msg, host: { name: host }, process: { name: program } } as WardEvent;
}
function det(over: Record<string, unknown> = {}) {
  return new LogAnomalyDetector(logAnomalyConfig.parse({ warmupLines: 100, warmup: '1h', ...over }), 'logs');
}
/** A normal routine: login, query, logout, repeated; ids and numbers vary. */
function routine(n: number, start: number, stepMs = 1000): WardEvent[] {
  const out: WardEvent[] = [];
  for (let i = 0; i < n; i++) {
    const t = start + i * stepMs;
    const k = i % 3;
    out.push(ev(k === 0 ? `session ${1000 + i} opened for user u${i % 7} from 10.0.0.${i % 250}` : k === 1 ? `query took ${i % 90} ms rows ${i % 13}` : `session ${1000 + i} closed after ${i % 60} s`, t));
  }
  return out;
}
const kind = (a: AlertDraft) => /\(([^)]*)\)$/.exec(a.explanation.summary)?.[1];

describe('logs.anomaly', () => {
  it('stays silent during warm-up, and on the routine after it', () => {
    const d = det();
    expect(runDetector(d, routine(5000, T0))).toEqual([]);
    expect(d.counters.scored).toBeGreaterThan(1000);
  });

  it('reports a new template after warm-up, with its template and the preceding lines as evidence', () => {
    const d = det();
    const warm = routine(4000, T0);
    runDetector(d, warm);
    const t = T0 + 4000 * 1000;
    const alerts = runDetector(d, [ev('kernel: disk sda1 I/O error on sector 12345', t)]);
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(kind(a)).toBe('new template');
    expect(a.entities).toEqual([{ type: 'host', id: 'web1' }]);
    expect(a.explanation.factors[0]).toMatchObject({ feature: 'template', observed: 'kernel: disk sda1 I/O error on sector <*>' });
    expect(a.explanation.evidence[0]).toBe(`e${seq}`);
    expect(a.explanation.evidence.length).toBe(21); // the line + 20 before it
  });

  it('folds a flood of unique lines into one flood alert, keeps the template cap and counts evictions', () => {
    const d = det({ maxTemplatesPerKey: 50, floodTemplates: 20 });
    runDetector(d, routine(4000, T0));
    const t = T0 + 4000 * 1000;
    const words = (i: number) => i.toString(36).replace(/\d/g, (c) => 'ghijklmnop'[+c]!);
    const flood = Array.from({ length: 100_000 }, (_, i) => ev(`zq${words(i)} xv${words(i * 7)} kw${words(i * 13)} ${words(i)}yy`, t + i));
    const alerts = runDetector(d, flood);
    expect(alerts.map(kind)).toEqual(['new template', 'new template']);
    expect(alerts[1]!.title).toMatch(/flood/);
    expect(d.counters.templatesEvicted).toBeGreaterThan(50_000);
    const snap = d.snapshot();
    expect(snap).toHaveLength(1);
    expect((snap[0]![1] as { drain: { templates: unknown[] } }).drain.templates.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(snap).length).toBeLessThan(200_000);
  });

  it('survives binary junk and 1 MB lines (truncated and counted)', () => {
    const d = det({ maxLineLength: 4096 });
    runDetector(d, routine(300, T0));
    const junk = Array.from({ length: 200 }, (_, i) => String.fromCharCode(...Array.from({ length: 300 }, (_, j) => (i * 31 + j * 17) % 256)));
    expect(() => runDetector(d, [...junk.map((j, i) => ev(j, T0 + 400_000 + i)), ev('A'.repeat(1_000_000), T0 + 500_000), ev(`x ${'y '.repeat(500_000)}`, T0 + 500_001)])).not.toThrow();
    expect(d.counters.truncated).toBeGreaterThanOrEqual(2);
  });

  it('flags a burst of a rare template', () => {
    const d = det({ burstMin: 5, rareShare: 0.01, findings: ['rare_burst'] });
    const base = routine(6000, T0);
    base.splice(1000, 0, ev('fan speed low on unit 3', T0 + 1000 * 1000 + 1));
    runDetector(d, base);
    const t = T0 + 6000 * 1000;
    const alerts = runDetector(d, Array.from({ length: 8 }, (_, i) => ev(`fan speed low on unit ${i}`, t + i)));
    expect(alerts.map(kind)).toEqual(['rare burst']);
    expect(alerts[0]!.explanation.factors.find((f) => f.feature === 'template_lines')?.observed).toBe(5);
  });

  it('flags a transition the sequence model does not expect, and learns it when it repeats', () => {
    const d = det({ topG: 1, minSupport: 50, findings: ['transition'], maxAlertsPerHour: 100 });
    runDetector(d, routine(4000, T0));
    let t = T0 + 4000 * 1000;
    // A session closed right after it was opened (no query in between).
    const odd = () => [ev(`session ${t} opened for user u1 from 10.0.0.1`, t++), ev(`session ${t} closed after 1 s`, t++), ev(`query took 5 ms rows 1`, t++)];
    const first = runDetector(d, odd());
    expect(first.map(kind)).toContain('transition');
    expect(first[0]!.explanation.factors.find((f) => f.feature === 'previous_template')?.observed).toBe('session <*> opened for user <*> from <*>');
    let later = 0;
    for (let i = 0; i < 300; i++) later += runDetector(d, odd()).length;
    t += 1;
    expect(runDetector(d, odd())).toEqual([]); // repeated often enough, it is the new normal
    expect(later).toBeLessThan(300);
  });

  it('flags a window whose count of one template is far above usual', () => {
    const d = det({ window: '1m', countMin: 30, countZ: 6, findings: ['count'] });
    runDetector(d, routine(6000, T0, 2000)); // 30 lines a minute, 10 per template
    const t = T0 + 6000 * 2000;
    const spike = Array.from({ length: 200 }, (_, i) => ev(`query took ${i} ms rows 1`, t + i * 100));
    const alerts = runDetector(d, [...spike, ev('query took 1 ms rows 1', t + 120_000)]);
    expect(alerts.map(kind)).toEqual(['count']);
    expect(alerts[0]!.explanation.factors[1]).toMatchObject({ feature: 'template_window_count', observed: 200 });
  });

  it('rate-limits alerts per key and reports what it held back', () => {
    const d = det({ maxAlertsPerHour: 1, noveltyWindow: '1s' });
    runDetector(d, routine(4000, T0));
    const t = T0 + 4000 * 1000;
    const alerts = runDetector(d, Array.from({ length: 5 }, (_, i) => ev(['disk failure imminent', 'fan stopped spinning', 'power supply lost', 'temperature critical now', 'memory parity fault'][i]!, t + i * 10_000)));
    expect(alerts).toHaveLength(1);
    expect(d.counters.suppressed).toBe(4);
    const next = runDetector(d, [ev('another unseen shape of line entirely', t + 2 * 3_600_000)]);
    expect(next[0]!.explanation.factors.find((f) => f.feature === 'suppressed_alerts')?.observed).toBe(4);
  });

  it('restores from a snapshot and carries on as if never stopped', () => {
    const a = det(), b = det();
    const warm = routine(3000, T0);
    runDetector(a, warm);
    for (const [k, s] of JSON.parse(JSON.stringify(a.snapshot())) as Array<[string, unknown]>) b.restore(k, s);
    const t = T0 + 3000 * 1000;
    const probe = [ev('session 1 opened for user u1 from 10.0.0.1', t), ev('totally new line shape here', t + 1)];
    expect(runDetector(b, probe).map((x) => x.id)).toEqual(runDetector(a, probe).map((x) => x.id));
    expect(b.size).toBe(1);
  });

  it('keys by host and program, caps the keys and ignores events without a message', () => {
    const d = det({ maxKeys: 10 });
    runDetector(d, Array.from({ length: 50 }, (_, i) => ev('hello', T0 + i, `h${i}`)));
    expect(d.size).toBeLessThanOrEqual(10);
    expect(d.counters.keysEvicted).toBeGreaterThanOrEqual(40);
    expect(d.accepts({ ...ev('', T0), message: undefined } as unknown as WardEvent)).toBe(false);
    expect(d.accepts({ ...ev('x', T0), event: { id: 'z', module: 'email' } } as WardEvent)).toBe(false);
    expect(d.key(ev('x', T0, 'db1', 'postgres'))).toBe('db1\u0001postgres');
  });
});
