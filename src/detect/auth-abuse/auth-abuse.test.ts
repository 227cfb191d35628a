import { describe, expect, it } from 'vitest';
import { bruteForceDetector, sprayDetector, successAfterFailuresDetector } from './index.js';
import { authEvent, run } from './testing.js';

const T0 = Date.parse('2026-03-01T02:00:00Z');
const ctx = { dataDir: '/tmp', name: 'test' };
const build = <C>(def: { config: { parse(v: unknown): C }; build(c: C, x: typeof ctx): ReturnType<typeof bruteForceDetector.build> }, cfg: object = {}) =>
  def.build(def.config.parse(cfg), ctx);

describe('auth.bruteforce', () => {
  it('alerts once when failures on one account reach the threshold within the window', () => {
    const det = build(bruteForceDetector, { threshold: 5, window: '5m' });
    const events = Array.from({ length: 8 }, (_, i) => authEvent(T0 + i * 10_000, 'failure', 'root', '203.0.113.7'));
    const alerts = run(det, events);
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.title).toBe('Brute force against account "root"');
    expect(a.time).toBe(events[4]!['@timestamp']);
    expect(a.explanation.factors[0]).toMatchObject({ feature: 'failed_logins', observed: 5, threshold: 5, windowMs: 300_000 });
    expect(a.explanation.evidence).toEqual(events.slice(0, 5).map((e) => e.event.id));
    expect(a.explanation.text).toContain('5 failed logins for account "root" in 5 minutes (threshold 5).');
    expect(a.entities).toContainEqual({ type: 'ip', id: '203.0.113.7' });
  });

  it('does not alert when failures are spread wider than the window', () => {
    const det = build(bruteForceDetector, { threshold: 5, window: '5m' });
    const events = Array.from({ length: 20 }, (_, i) => authEvent(T0 + i * 90_000, 'failure', 'root', '203.0.113.7'));
    expect(run(det, events)).toHaveLength(0);
  });

  it('counts two lines of one attempt (same process within 2 s) once', () => {
    const det = build(bruteForceDetector, { threshold: 3, window: '5m' });
    const events = [1, 2, 3].flatMap((i) => [
      authEvent(T0 + i * 10_000, 'failure', 'admin', '198.51.100.2', { pid: 100 + i }),
      authEvent(T0 + i * 10_000 + 500, 'failure', 'admin', '198.51.100.2', { pid: 100 + i }),
    ]);
    const alerts = run(det, events);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.time).toBe(events[4]!['@timestamp']);
  });

  it('ignores informational lines and starts a new episode after a quiet window', () => {
    const det = build(bruteForceDetector, { threshold: 3, window: '1m' });
    const info = Array.from({ length: 10 }, (_, i) => authEvent(T0 + i * 1000, 'failure', 'bob', '192.0.2.1', { info: true }));
    expect(run(det, info)).toHaveLength(0);
    const burst = (start: number) => Array.from({ length: 4 }, (_, i) => authEvent(start + i * 1000, 'failure', 'bob', '192.0.2.1'));
    expect(run(det, [...burst(T0), ...burst(T0 + 10_000)])).toHaveLength(1);
    expect(run(det, burst(T0 + 10 * 60_000))).toHaveLength(1);
  });

  it('keeps its state across snapshot and restore', () => {
    const a = build(bruteForceDetector, { threshold: 4, window: '5m' });
    run(a, [0, 1, 2].map((i) => authEvent(T0 + i * 1000, 'failure', 'carol', '192.0.2.9')));
    const b = build(bruteForceDetector, { threshold: 4, window: '5m' });
    for (const [k, s] of JSON.parse(JSON.stringify(a.snapshot())) as Array<[string, unknown]>) b.restore(k, s);
    expect(run(b, [authEvent(T0 + 5000, 'failure', 'carol', '192.0.2.9')])).toHaveLength(1);
  });

  it('gives the same alert id when the same events are replayed', () => {
    const events = Array.from({ length: 6 }, (_, i) => authEvent(T0 + i * 1000, 'failure', 'dave', '192.0.2.3'));
    const ids = [0, 1].map(() => run(build(bruteForceDetector, { threshold: 5 }), events)[0]!.id);
    expect(ids[0]).toBe(ids[1]);
  });

  it('rejects bad settings with the field name', () => {
    expect(() => bruteForceDetector.config.parse({ window: 'soon' })).toThrow(/duration/);
    expect(() => bruteForceDetector.config.parse({ thresold: 3 })).toThrow(/thresold/);
  });
});

describe('auth.spray', () => {
  it('alerts when one source fails against many distinct accounts', () => {
    const det = build(sprayDetector, { distinctUsers: 5, window: '10m' });
    const users = ['ann', 'ben', 'cal', 'dee', 'eve', 'fay'];
    const alerts = run(det, users.map((u, i) => authEvent(T0 + i * 5000, 'failure', u, '203.0.113.50')));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toBe('Password spraying from 203.0.113.50');
    expect(alerts[0]!.explanation.factors[0]).toMatchObject({ feature: 'distinct_users', observed: 5 });
  });

  it('does not alert on many failures against one account', () => {
    const det = build(sprayDetector, { distinctUsers: 5 });
    expect(run(det, Array.from({ length: 30 }, (_, i) => authEvent(T0 + i * 1000, 'failure', 'root', '203.0.113.50')))).toHaveLength(0);
  });
});

describe('auth.success_after_failures', () => {
  it('alerts on a success that follows a run of failures', () => {
    const det = build(successAfterFailuresDetector, { failures: 3 });
    const events = [
      ...[0, 1, 2, 3].map((i) => authEvent(T0 + i * 1000, 'failure', 'nurse1', '198.51.100.9')),
      authEvent(T0 + 10_000, 'success', 'nurse1', '198.51.100.9'),
    ];
    const alerts = run(det, events);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.severity).toBe('critical');
    expect(alerts[0]!.explanation.text).toContain('from the same address');
    expect(alerts[0]!.explanation.evidence).toContain(events[4]!.event.id);
  });

  it('does not alert on a success after one typo', () => {
    const det = build(successAfterFailuresDetector, { failures: 3 });
    expect(run(det, [authEvent(T0, 'failure', 'n2', '10.0.0.1'), authEvent(T0 + 5000, 'success', 'n2', '10.0.0.1')])).toHaveLength(0);
  });
});
