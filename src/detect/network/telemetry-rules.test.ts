import { describe, expect, it } from 'vitest';
import { DEFAULT_RANGES, implausible, inMaintenance } from './telemetry-rules.js';

describe('telemetry plausibility', () => {
  it('flags a heart rate of 0 with a normal SpO2, out-of-range values and jumps beyond physiology', () => {
    expect(implausible({ heart_rate_bpm: 0, spo2_pct: 97 }, undefined, 0, DEFAULT_RANGES).map((x) => x.reason)).toContain('heart rate 0 while SpO2 reads 97 %');
    expect(implausible({ spo2_pct: 140 }, undefined, 0, DEFAULT_RANGES)).toHaveLength(1);
    expect(implausible({ heart_rate_bpm: 190 }, { heart_rate_bpm: 70 }, 60_000, DEFAULT_RANGES)[0]?.reason).toMatch(/moved from 70 to 190/);
    expect(implausible({ flow_rate_ml_h: 500, max_rate_limit_ml_h: 300 }, undefined, 0, DEFAULT_RANGES)).toHaveLength(1);
  });

  it('stays quiet on ordinary readings and slow changes', () => {
    expect(implausible({ heart_rate_bpm: 82, spo2_pct: 96, resp_rate: 18 }, { heart_rate_bpm: 76, spo2_pct: 97, resp_rate: 16 }, 60_000, DEFAULT_RANGES)).toEqual([]);
    // 15 minutes apart: a change is not judged per minute across a gap.
    expect(implausible({ heart_rate_bpm: 150 }, { heart_rate_bpm: 70 }, 15 * 60_000, DEFAULT_RANGES)).toEqual([]);
  });

  it('knows maintenance windows, including ones that cross midnight and time zones', () => {
    const nightly = [{ days: [0, 1, 2, 3, 4, 5, 6], start: '01:00', end: '05:00' }];
    expect(inMaintenance(Date.parse('2026-01-05T02:30:00Z'), nightly, 'UTC')).toBe(true);
    expect(inMaintenance(Date.parse('2026-01-05T14:30:00Z'), nightly, 'UTC')).toBe(false);
    expect(inMaintenance(Date.parse('2026-01-05T02:30:00Z'), nightly, 'America/New_York')).toBe(false);
    const sunNight = [{ days: [0], start: '22:00', end: '02:00' }];
    expect(inMaintenance(Date.parse('2026-01-05T01:00:00Z'), sunNight, 'UTC')).toBe(true); // Monday 01:00, window opened Sunday
    expect(inMaintenance(Date.parse('2026-01-06T01:00:00Z'), sunNight, 'UTC')).toBe(false);
  });
});
