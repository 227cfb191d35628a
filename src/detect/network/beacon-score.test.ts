import { describe, expect, it } from 'vitest';
import { beaconScore, bowleySkew, mad } from './beacon-score.js';

describe('beaconScore (RITA-style)', () => {
  it('scores a steady heartbeat near 1 and random browsing low', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const steady: number[] = [];
    const random: number[] = [];
    let a = 0;
    let b = 0;
    for (let i = 0; i < 60; i++) {
      steady.push((a += 60_000 * (1 + (rnd() * 2 - 1) * 0.1)));
      random.push((b += -Math.log(1 - rnd()) * 600_000));
    }
    const hb = beaconScore(steady, steady.map(() => 300 + Math.round(rnd() * 40)));
    const br = beaconScore(random, random.map(() => Math.round(800 + rnd() * 40_000)));
    expect(hb.score).toBeGreaterThan(0.85);
    expect(br.score).toBeLessThan(0.7);
    expect(hb.tsMad).toBeGreaterThan(br.tsMad);
  });

  it('measures skew and MAD', () => {
    expect(bowleySkew([1, 2, 3, 4, 5])).toBe(0);
    expect(bowleySkew([1, 1, 2, 10, 50])).toBeGreaterThan(0);
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
  });
});
