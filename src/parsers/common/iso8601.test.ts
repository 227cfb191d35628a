import { describe, expect, it } from 'vitest';
import { parseIso8601 } from './iso8601.js';

describe('parseIso8601', () => {
  it('reads RFC 3339 timestamps with fractions and offsets', () => {
    expect(parseIso8601('2003-10-11T22:14:15.003Z', 0)).toEqual({ localMs: Date.UTC(2003, 9, 11, 22, 14, 15, 3), offsetMs: 0, end: 24 });
    const t = parseIso8601('2003-08-24T05:14:15.000003-07:00 rest', 0)!;
    expect(t.localMs - t.offsetMs!).toBe(Date.UTC(2003, 7, 24, 12, 14, 15));
    expect(t.end).toBe(32);
    expect(parseIso8601('1985-04-12T23:20:50.52Z', 0)!.localMs).toBe(Date.UTC(1985, 3, 12, 23, 20, 50, 520));
    expect(parseIso8601('2026-01-05 10:00:00+0130', 0)!.offsetMs).toBe(90 * 60_000);
    expect(parseIso8601('2026-01-05T10:00:00+01', 0)!.offsetMs).toBe(3_600_000);
  });

  it('leaves the zone undefined when the text has none', () => {
    expect(parseIso8601('2026-01-05T10:00:00', 0)).toEqual({ localMs: Date.UTC(2026, 0, 5, 10), offsetMs: undefined, end: 19 });
  });

  it('starts at an offset', () => {
    expect(parseIso8601('<34>2026-01-05T10:00:00Z', 4)!.end).toBe(24);
  });

  it('rejects impossible dates and non-timestamps', () => {
    for (const s of ['2025-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T23:60:00Z',
      '2026-01-01T23:59:60Z', '2026-01-01X10:00:00Z', '2026-01-01T10:00', 'Dec 10 06:55:46 x', '2026-01-01T10:00:00.Z',
      '2026-01-01T10:00:00+25:00']) {
      expect(parseIso8601(s, 0), s).toBeUndefined();
    }
  });
});
