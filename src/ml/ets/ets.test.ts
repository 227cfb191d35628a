import { describe, expect, it } from 'vitest';
import { autoEts, etsForecaster, fitEts, forecastEts, forecastIntervals, minimise, normalQuantile, rollingOrigin, seasonalNaive } from './index.js';

/** mulberry32 + Box–Muller: a seeded Gaussian stream for reproducible series. */
function gauss(seed: number): () => number {
  let a = seed >>> 0;
  const u = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
}

const WEEK = [3, 4, 4, 3, 2, -7, -9];

describe('Nelder–Mead', () => {
  it('finds the Rosenbrock minimum', () => {
    const r = minimise(([x, y]) => 100 * (y! - x! * x!) ** 2 + (1 - x!) ** 2, [-1.2, 1], { maxEvals: 5000 });
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(1, 3);
  });
});

describe('ETS(A,·,·)', () => {
  it('recovers a trend and a weekly season, and forecasts them', () => {
    const g = gauss(1);
    const y = Array.from({ length: 140 }, (_, t) => 20 + 0.2 * t + WEEK[t % 7]! + 0.5 * g());
    const r = autoEts(y, { period: 7 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fit.spec.seasonal).toBe(true);
    expect(r.fit.spec.trend).not.toBe('none');
    const fc = forecastIntervals(r, 14);
    for (const p of fc) {
      const truth = 20 + 0.2 * (139 + p.h) + WEEK[(139 + p.h) % 7]!;
      expect(Math.abs(p.mean - truth)).toBeLessThan(2.5);
      expect(p.intervals['95']!.lower).toBeLessThan(p.intervals['80']!.lower);
      expect(p.intervals['95']!.upper).toBeGreaterThan(p.intervals['80']!.upper);
    }
  });

  it('prefers no seasonality on a seasonless random walk and chooses by AICc', () => {
    const g = gauss(2);
    let level = 50;
    const y = Array.from({ length: 120 }, () => (level += 0.8 * g()) + 0.5 * g());
    const r = autoEts(y, { period: 7 });
    expect(r.ok && r.fit.spec.seasonal).toBe(false);
    if (!r.ok) return;
    const best = Math.min(...r.candidates.map((c) => c.aicc ?? Infinity));
    expect(r.fit.aicc).toBe(best);
    expect(r.candidates).toHaveLength(6);
  });

  it('gives ETS(A,N,N) variances σ²(1 + (h−1)α²) and a flat damped forecast in the long run', () => {
    const g = gauss(3);
    const y = Array.from({ length: 100 }, (_, t) => 10 + 0.05 * t + g());
    const ann = fitEts(y, { trend: 'none', seasonal: false, period: 1 });
    const steps = forecastEts(ann, 5);
    steps.forEach((s, i) => expect(s.variance).toBeCloseTo(ann.sigma2 * (1 + i * ann.params.alpha ** 2), 10));
    const damped = fitEts(y, { trend: 'damped', seasonal: false, period: 1 });
    expect(damped.params.phi).toBeGreaterThanOrEqual(0.8);
    expect(damped.params.phi).toBeLessThanOrEqual(0.98);
    const far = forecastEts(damped, 400);
    // φ_h converges to φ/(1−φ): the last steps barely move.
    expect(Math.abs(far[399]!.mean - far[398]!.mean)).toBeLessThan(1e-3);
  });

  it('95 % intervals cover about 95 % of simulated ETS(A,N,N) futures', () => {
    let inside = 0, total = 0;
    for (let rep = 0; rep < 60; rep++) {
      const g = gauss(100 + rep);
      let level = 30;
      const y: number[] = [];
      for (let t = 0; t < 110; t++) { const e = g(); y.push(level + e); level += 0.3 * e; }
      const r = autoEts(y.slice(0, 100), { trends: ['none'] });
      if (!r.ok) throw new Error(r.reason);
      forecastIntervals(r, 10, [0.95]).forEach((p, i) => { total++; const v = y[100 + i]!; if (v >= p.intervals['95']!.lower && v <= p.intervals['95']!.upper) inside++; });
    }
    expect(inside / total).toBeGreaterThan(0.9);
    expect(inside / total).toBeLessThan(0.995);
  });

  it('refuses short history with the reason, and drops seasonality before two full cycles', () => {
    const short = autoEts([1, 2, 3, 4], { period: 7 });
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.reason).toMatch(/not enough history: 4 observation/);
    const r = autoEts([5, 6, 5, 7, 6, 5, 4, 6, 5, 6], { period: 7 });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.fit.spec.seasonal).toBe(false);
      expect(r.notes.join(' ')).toMatch(/need 14 observations \(two full cycles\); have 10/);
    }
    expect(() => fitEts([1, 2, 3, 4, 5, 6, 7, 8], { trend: 'none', seasonal: true, period: 7 })).toThrow(/at least 14/);
  });

  it('keeps count forecasts non-negative under a sqrt or log transform', () => {
    const g = gauss(4);
    const y = Array.from({ length: 84 }, (_, t) => Math.max(0, Math.round(2 + WEEK[t % 7]! / 4 - t * 0.02 + g())));
    for (const transform of ['sqrt', 'log'] as const) {
      const r = autoEts(y, { period: 7, transform, floor: 0 });
      if (!r.ok) throw new Error(r.reason);
      for (const p of forecastIntervals(r, 28)) { expect(p.mean).toBeGreaterThanOrEqual(0); expect(p.intervals['95']!.lower).toBeGreaterThanOrEqual(0); }
    }
  });

  it('normal quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.9)).toBeCloseTo(1.281552, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });
});

describe('rolling-origin back-test', () => {
  it('scores seasonal naive 0 on a pure season, and ETS beats it on trend + season', () => {
    const pure = Array.from({ length: 70 }, (_, t) => 10 + WEEK[t % 7]!);
    const opts = { horizon: 7, minTrain: 28, step: 7, period: 7 };
    const naive = rollingOrigin(pure, seasonalNaive(7), opts);
    expect(naive.mae).toBe(0);
    expect(naive.origins).toBe(6);
    const g = gauss(5);
    const y = Array.from({ length: 120 }, (_, t) => 20 + 0.3 * t + WEEK[t % 7]! + g());
    const ets = rollingOrigin(y, etsForecaster({ period: 7 }), { ...opts, minTrain: 56 });
    const floor = rollingOrigin(y, seasonalNaive(7), { ...opts, minTrain: 56 });
    expect(ets.mase!).toBeLessThan(floor.mase!);
    expect(ets.coverage95!).toBeGreaterThan(0.8);
  });
});
