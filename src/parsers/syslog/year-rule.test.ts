import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import { zoneResolver } from '../common/zone.js';
import { parseBsdTimestamp } from './bsd-timestamp.js';
import { resolveBsdTime } from './year-rule.js';

const utc = zoneResolver('UTC');
const at = (line: string, ref: number, zone = utc) => new Date(resolveBsdTime(parseBsdTimestamp(line, 0), ref, zone)).toISOString();

describe('RFC 3164 timestamps', () => {
  it('reads padded, single-digit and fractional forms', () => {
    expect(parseBsdTimestamp('Oct 11 22:14:15 x', 0)).toEqual({ month: 10, day: 11, msOfDay: 80_055_000, end: 15 });
    expect(parseBsdTimestamp('Jul  7 08:06:15 x', 0)).toEqual({ month: 7, day: 7, msOfDay: 29_175_000, end: 15 });
    expect(parseBsdTimestamp('Jul 7 08:06:15 x', 0)).toMatchObject({ day: 7, end: 14 });
    expect(parseBsdTimestamp('Jan  5 00:00:01.250 x', 0)).toMatchObject({ msOfDay: 1250, end: 19 });
  });

  it('rejects impossible times with the reason', () => {
    expect(() => parseBsdTimestamp('Dec 10 25:00:00 x', 0)).toThrow('invalid date "Dec 10 25:00:00"');
    expect(() => parseBsdTimestamp('Dec 32 10:00:00 x', 0)).toThrow(ParseError);
    expect(() => parseBsdTimestamp('Dec 10 10-00-00 x', 0)).toThrow('expected "Mmm dd hh:mm:ss"');
    expect(() => at('Feb 30 10:00:00', Date.UTC(2026, 0, 1))).toThrow('invalid date: day 30 of month 2');
  });
});

describe('year rule', () => {
  it('puts December lines read in January in the previous year', () => {
    expect(at('Dec 31 23:59:59', Date.UTC(2026, 0, 2))).toBe('2025-12-31T23:59:59.000Z');
    expect(at('Jan  1 00:00:05', Date.UTC(2026, 0, 2))).toBe('2026-01-01T00:00:05.000Z');
  });

  it('never lands in the future of the receive time beyond zone and skew tolerance (15 h)', () => {
    // A sender with a fast clock or an unconfigured zone, minutes or hours ahead: still this year.
    expect(at('Jan  1 00:00:05', Date.UTC(2025, 11, 31, 23))).toBe('2026-01-01T00:00:05.000Z');
    const ref = Date.UTC(2026, 5, 1, 12);
    expect(at('Jun  2 03:00:00', ref)).toBe('2026-06-02T03:00:00.000Z');
    expect(at('Jun  2 03:00:01', ref)).toBe('2025-06-02T03:00:01.000Z');
  });

  it('puts lines dated later this month, read on its first days, in the previous year (loghub OpenSSH read on 7 December)', () => {
    // OpenSSH_2k.log says "Dec 10 06:55:46"; read on 7 December 2026 it was 2025, not three days ahead.
    expect(at('Dec 10 06:55:46', Date.UTC(2026, 11, 7, 16))).toBe('2025-12-10T06:55:46.000Z');
    expect(at('Dec 31 23:59:59', Date.UTC(2026, 0, 1, 0, 0, 5))).toBe('2025-12-31T23:59:59.000Z');
    expect(at('Mar  5 10:00:00', Date.UTC(2026, 2, 2))).toBe('2025-03-05T10:00:00.000Z');
  });

  it('sends 29 February to the latest leap year that fits', () => {
    expect(at('Feb 29 10:00:00', Date.UTC(2026, 5, 1))).toBe('2024-02-29T10:00:00.000Z');
    expect(at('Feb 29 10:00:00', Date.UTC(2028, 2, 1))).toBe('2028-02-29T10:00:00.000Z');
  });

  it('applies the configured zone before comparing', () => {
    const ny = zoneResolver('America/New_York');
    expect(at('Dec 31 23:59:59', Date.UTC(2026, 0, 2), ny)).toBe('2026-01-01T04:59:59.000Z');
    expect(at('Jul  4 12:00:00', Date.UTC(2026, 6, 5), ny)).toBe('2026-07-04T16:00:00.000Z');
  });
});
