import { describe, expect, it } from 'vitest';
import { isValidTimeZone, zoneResolver } from './zone.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('zoneResolver', () => {
  it('is the identity for UTC', () => {
    expect(zoneResolver('UTC')(123)).toBe(123);
  });

  it('applies standard and daylight offsets', () => {
    const ny = zoneResolver('America/New_York');
    expect(iso(ny(Date.UTC(2026, 0, 15, 12)))).toBe('2026-01-15T17:00:00.000Z');
    expect(iso(ny(Date.UTC(2026, 6, 15, 12, 30, 15, 250)))).toBe('2026-07-15T16:30:15.250Z');
    const kolkata = zoneResolver('Asia/Kolkata');
    expect(iso(kolkata(Date.UTC(2026, 0, 1, 5, 30)))).toBe('2026-01-01T00:00:00.000Z');
  });

  it('moves a time in the spring-forward gap forward, and picks the first instant of the repeated hour', () => {
    const ny = zoneResolver('America/New_York');
    // 2026-03-08 02:30 does not exist in New York; 03:30 EDT is 07:30Z.
    expect(iso(ny(Date.UTC(2026, 2, 8, 2, 30)))).toBe('2026-03-08T07:30:00.000Z');
    // 2026-11-01 01:30 happens twice; the first is EDT (05:30Z).
    expect(iso(ny(Date.UTC(2026, 10, 1, 1, 30)))).toBe('2026-11-01T05:30:00.000Z');
    // Just after the transitions.
    expect(iso(ny(Date.UTC(2026, 2, 8, 3, 0)))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(ny(Date.UTC(2026, 10, 1, 2, 0)))).toBe('2026-11-01T07:00:00.000Z');
  });

  it('validates names', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
