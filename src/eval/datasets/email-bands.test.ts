import { describe, expect, it } from 'vitest';
import { bandCounts, calibrationError, chooseBands, plattFit, reliability } from './email-bands.js';

/** Seeded scores: ham low, phishing high, with an overlapping middle. */
function sample(n: number): { s: number[]; y: number[] } {
  let seed = 7;
  const r = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  const s: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) { s.push(r() * 0.7); y.push(0); }
  for (let i = 0; i < n / 4; i++) { s.push(0.4 + r() * 0.6); y.push(1); }
  return { s, y };
}

describe('verdict bands', () => {
  it('puts the phishing threshold where at most 0.1 % of the ham is above and precision is at least 95 %', () => {
    const { s, y } = sample(4000);
    const b = chooseBands(s, y);
    const above = bandCounts(s, y, b.phishing, Infinity);
    expect(above.ham).toBeLessThanOrEqual(4);
    expect(above.precision!).toBeGreaterThanOrEqual(0.95);
    // The lowest such threshold: one step lower lets more ham through (ham tops out at 0.7).
    expect(b.phishing).toBeGreaterThan(0.69);
    expect(b.phishing).toBeLessThan(0.71);
  });

  it('makes the suspicious band at least 50 % precise and stops where it would not be', () => {
    const { s, y } = sample(4000);
    const b = chooseBands(s, y);
    expect(b.suspicious).toBeLessThan(b.phishing);
    const band = bandCounts(s, y, b.suspicious, b.phishing);
    expect(band.precision!).toBeGreaterThanOrEqual(0.5);
    // Widening the band by a little more ham drops it under 50 %.
    const wider = bandCounts(s, y, b.suspicious - 0.05, b.phishing);
    expect(wider.precision!).toBeLessThan(0.5);
  });

  it('has no suspicious band when nothing below the phishing threshold is precise enough', () => {
    expect(chooseBands([0.1, 0.2, 0.9, 0.95], [0, 0, 1, 1])).toEqual({ suspicious: 0.9, phishing: 0.9 });
  });
});

describe('reliability', () => {
  it('bins scores and reports the observed share of phishing; a calibrated score has a small error', () => {
    const s: number[] = [];
    const y: number[] = [];
    for (let b = 0; b < 10; b++) for (let i = 0; i < 100; i++) { s.push(b / 10 + 0.05); y.push(i < b * 10 + 5 ? 1 : 0); }
    const curve = reliability(s, y);
    expect(curve).toHaveLength(10);
    expect(curve[3]).toMatchObject({ n: 100, observed: 0.35 });
    expect(calibrationError(curve)).toBeLessThan(0.01);
    const skewed = reliability(s.map((v) => Math.min(0.999, v + 0.3)), y);
    expect(calibrationError(skewed)).toBeGreaterThan(0.2);
  });

  it('Platt scaling maps over-confident logits back to observed rates', () => {
    const z: number[] = [];
    const y: number[] = [];
    // True rate σ(z/3): the logits are three times too confident.
    for (let k = -30; k <= 30; k++) for (let i = 0; i < 200; i++) { z.push(k / 3); y.push(i < 200 / (1 + Math.exp(-k / 9)) ? 1 : 0); }
    const { a } = plattFit(z, y);
    expect(a).toBeGreaterThan(0.28);
    expect(a).toBeLessThan(0.39);
  });
});
