import { describe, expect, it } from 'vitest';
import { daysFromCivil, daysInMonth, isLeapYear } from './civil-time.js';

describe('civil time', () => {
  it('matches Date.UTC across eras, leap days and month ends', () => {
    for (const [y, m, d] of [[1970, 1, 1], [1969, 12, 31], [2000, 2, 29], [2024, 2, 29], [2025, 12, 31], [2026, 3, 1], [1600, 1, 1], [9999, 12, 31]] as const) {
      expect(daysFromCivil(y, m, d) * 86_400_000).toBe(Date.UTC(y, m - 1, d));
    }
  });

  it('knows leap years and month lengths', () => {
    expect([1900, 2000, 2024, 2025].map(isLeapYear)).toEqual([false, true, true, false]);
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 4)).toBe(30);
    expect(daysInMonth(2025, 13)).toBe(0);
  });
});
