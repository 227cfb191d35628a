import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CategoricalNovelty } from './categorical.js';
import { decayFactor } from './decay.js';
import { HourOfWeekHistogram } from './hour-of-week.js';
import { PeerGroups } from './peer-groups.js';
import { QuantileSketch } from './quantile-sketch.js';
import { WindowedRate } from './rate.js';
import { learnedShift, onShift } from './shift.js';
import { hourOfWeekLabel, localTime } from './time.js';

const T0 = Date.parse('2026-03-02T00:00:00Z'); // a Monday
const H = 3_600_000, D = 86_400_000;
const json = <T>(v: T): unknown => JSON.parse(JSON.stringify(v));
/** Same fields, numbers equal to 5 significant digits (state is stored compactly). */
function expectClose(a: object, b: object): void {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  for (const [k, v] of Object.entries(b)) {
    const got = (a as Record<string, unknown>)[k];
    if (typeof v === 'number') expect(Math.abs((got as number) - v)).toBeLessThanOrEqual(Math.abs(v) * 1e-5 + 1e-9);
    else expect(got).toEqual(v);
  }
}

describe('localTime', () => {
  it('computes hour of week in UTC and in a named zone', () => {
    expect(localTime(T0 + 3 * H + 10 * 60_000)).toMatchObject({ dow: 1, hour: 3, minuteOfDay: 190, how: 27 });
    // New York is UTC−5 in early March (before DST starts on 8 March 2026).
    expect(localTime(T0 + 3 * H, 'America/New_York')).toMatchObject({ dow: 0, hour: 22 });
    expect(hourOfWeekLabel(27)).toBe('Mon 03:00–04:00');
  });
});

describe('HourOfWeekHistogram', () => {
  it('finds an hour outside a day worker\'s routine rare, and their working hours usual', () => {
    const h = new HourOfWeekHistogram();
    for (let d = 0; d < 20; d++) for (const hr of [8, 12, 16]) h.add(localTime(T0 + d * D + hr * H).how, T0 + d * D + hr * H);
    const t = T0 + 21 * D;
    expect(h.assess(localTime(t + 12 * H).how).ratio).toBeGreaterThan(1);
    expect(h.assess(localTime(t + 3 * H).how).ratio).toBeLessThan(0.05);
  });

  it('decays: a weight from one half-life ago counts half', () => {
    const h = new HourOfWeekHistogram(7 * D);
    h.add(10, T0);
    h.add(20, T0 + 7 * D);
    expect(h.bins[10]).toBeCloseTo(0.5);
    expect(h.total).toBeCloseTo(1.5);
  });

  it('round-trips through JSON and merges into a peer aggregate', () => {
    const h = new HourOfWeekHistogram();
    h.add(5, T0); h.add(6, T0 + H);
    const back = HourOfWeekHistogram.from(json(h.toJSON()));
    expectClose(back.assess(5), h.assess(5));
    const peers = new PeerGroups(() => new HourOfWeekHistogram());
    peers.get('role=nurse').merge(back);
    peers.get('role=nurse').merge(back);
    expect(peers.peek('role=nurse')!.total).toBeCloseTo(4);
  });
});

describe('CategoricalNovelty', () => {
  it('answers seen / share / first seen and evicts the least-weighted value past its bound', () => {
    const c = new CategoricalNovelty(3);
    for (let i = 0; i < 5; i++) c.observe('ws-1', T0 + i);
    c.observe('ws-2', T0 + 10);
    c.observe('ws-3', T0 + 11);
    c.observe('ws-4', T0 + 12);
    expect(c.size).toBe(3);
    expect(c.assess('ws-1')).toMatchObject({ seen: true, count: 5, firstSeen: T0 });
    expect(c.assess('ws-2').seen).toBe(false); // least weighted: evicted
    expect(c.assess('ws-9')).toMatchObject({ seen: false, share: 0, distinct: 3 });
    const back = CategoricalNovelty.from(json(c.toJSON()), 3);
    expectClose(back.assess('ws-1'), c.assess('ws-1'));
  });
});

describe('QuantileSketch and WindowedRate', () => {
  it('estimates quantiles of a large stream within a few percent with 32 centroids', () => {
    const s = new QuantileSketch(32);
    for (let i = 1; i <= 10_000; i++) s.add((i * 7919) % 10_000, T0);
    expect(s.means.length).toBeLessThanOrEqual(32);
    expect(Math.abs(s.quantile(0.5) - 5000)).toBeLessThan(500);
    expect(Math.abs(s.quantile(0.99) - 9900)).toBeLessThan(200);
    expect(s.robust().scale).toBeGreaterThan(3000);
  });

  it('scores an hourly count against past active hours', () => {
    const r = new WindowedRate(H);
    for (let hr = 0; hr < 100; hr++) for (let k = 0; k < 15 + (hr % 7); k++) r.add(T0 + hr * H + k * 1000);
    const a = r.assess(140);
    expect(a.median).toBeGreaterThan(14);
    expect(a.median).toBeLessThan(22);
    expect(a.robustZ).toBeGreaterThan(20);
    expect(a.tail).toBeLessThan(0.02);
    expectClose(WindowedRate.from(json(r.toJSON()), H).assess(140), a);
  });
});

describe('shifts', () => {
  it('covers overnight rostered shifts with grace, and learns night workers', () => {
    const nights = [{ start: '19:00', end: '07:30' }];
    expect(onShift(nights, localTime(T0 + 3 * H), 30)).toBe(true);
    expect(onShift(nights, localTime(T0 + 18 * H + 40 * 60_000), 30)).toBe(true);
    expect(onShift(nights, localTime(T0 + 12 * H), 30)).toBe(false);
    expect(onShift([{ start: '00:00', end: '08:00', days: [2] }], localTime(T0 + 23 * H + 45 * 60_000), 30)).toBe(true); // Mon 23:45 before Tue's shift
    const h = new HourOfWeekHistogram();
    for (let d = 0; d < 20; d++) for (const hr of [20, 23, 2, 5]) h.add(localTime(T0 + d * D + hr * H).how, T0 + d * D + hr * H);
    expect(learnedShift(h)).toMatchObject({ worksNights: true });
  });
});

describe('properties', () => {
  const obs = fc.array(fc.record({
    t: fc.integer({ min: 0, max: 400 * D }),
    x: fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -1e6, max: 1e6 })),
    v: fc.string({ maxLength: 6 }),
    w: fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constant(1)),
  }), { maxLength: 300 });

  it('baselines never produce NaN and stay within their memory bounds', () => {
    fc.assert(fc.property(obs, fc.integer({ min: 2, max: 16 }), (xs, cap) => {
      const h = new HourOfWeekHistogram(7 * D);
      const c = new CategoricalNovelty(cap, 7 * D);
      const q = new QuantileSketch(cap, 7 * D);
      const r = new WindowedRate(H, cap, 7 * D);
      for (const o of xs) {
        const t = T0 + o.t;
        h.add(localTime(t).how, t, o.w);
        c.observe(o.v, t, o.w);
        q.add(o.x, t, o.w);
        r.add(t);
      }
      expect(c.size).toBeLessThanOrEqual(cap);
      expect(q.means.length).toBeLessThanOrEqual(cap);
      expect(r.sketch.means.length).toBeLessThanOrEqual(cap);
      expect(h.bins).toHaveLength(168);
      const nums = [
        ...Object.values(h.assess(0)), ...Object.values(h.assess(100)), h.total,
        c.assess(xs[0]?.v ?? '').share, c.assess('zz').share,
        q.quantile(0), q.quantile(0.5), q.quantile(0.99), q.cdf(0), q.robust().median, q.robust().scale,
        ...Object.values(r.assess()), ...Object.values(r.assess(1e9)),
      ];
      for (const n of nums) expect(Number.isNaN(n)).toBe(false);
      // JSON round trips stay bounded and NaN-free too.
      const back = QuantileSketch.from(json(q.toJSON()), cap);
      expect(Number.isNaN(back.quantile(0.5))).toBe(false);
      expect(CategoricalNovelty.from(json(c.toJSON()), cap).size).toBeLessThanOrEqual(cap);
    }), { numRuns: 200 });
  });

  it('restores garbage without throwing or producing NaN', () => {
    fc.assert(fc.property(fc.anything(), (junk) => {
      expect(Number.isNaN(HourOfWeekHistogram.from(junk).assess(3).ratio)).toBe(false);
      expect(Number.isNaN(CategoricalNovelty.from(junk).assess('a').share)).toBe(false);
      expect(Number.isNaN(QuantileSketch.from(junk).quantile(0.5))).toBe(false);
    }), { numRuns: 200 });
  });

  it('decayFactor is in (0, 1]', () => {
    fc.assert(fc.property(fc.double(), fc.double(), (dt, hl) => {
      const f = decayFactor(dt, hl);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThanOrEqual(1);
    }));
  });
});
