import type { HourOfWeekHistogram } from './hour-of-week.js';
import type { LocalTime } from './time.js';

/**
 * A working shift from a roster: local start and end time (`HH:MM`), optionally restricted to
 * days of the week (0 = Sunday; the day the shift *starts*). `end` before `start` crosses midnight.
 *
 * @example
 * { start: '19:00', end: '07:30' }            // nights, every day
 * { start: '07:00', end: '15:00', days: [1,2,3,4,5] }
 */
export interface Shift {
  start: string;
  end: string;
  days?: number[];
}

const HHMM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of `HH:MM`, or undefined when malformed. */
export function parseClock(s: string): number | undefined {
  const m = HHMM.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/**
 * Is local time `lt` within one of `shifts`, widened by `graceMin` minutes either side
 * (people log in before handover and leave late)?
 *
 * @example
 * onShift([{ start: '19:00', end: '07:30' }], localTime(Date.parse('2026-03-03T03:00:00Z')), 30) // true
 */
export function onShift(shifts: readonly Shift[], lt: LocalTime, graceMin = 30): boolean {
  for (const s of shifts) {
    const a = parseClock(s.start), b = parseClock(s.end);
    if (a === undefined || b === undefined) continue;
    const start = a - graceMin;
    const len = ((b - a + 1440) % 1440 || 1440) + 2 * graceMin;
    // The shift that started yesterday (overnight), today, or starts tomorrow (grace before midnight).
    for (const back of [1, 0, -1]) {
      const day = (lt.dow - back + 7) % 7;
      if (s.days && s.days.length > 0 && !s.days.includes(day)) continue;
      const offset = lt.minuteOfDay + back * 1440 - start;
      if (offset >= 0 && offset <= len) return true;
    }
  }
  return false;
}

/** Local night hours 22:00–06:00. */
export const NIGHT_HOURS: ReadonlySet<number> = new Set([22, 23, 0, 1, 2, 3, 4, 5]);

/** What the history says about someone's working pattern. */
export interface LearnedShift {
  /** Share (0..1) of the entity's activity at night (22:00–06:00 local). */
  nightShare: number;
  /** The history says this person works nights (night share ≥ the threshold, with enough history). */
  worksNights: boolean;
}

/**
 * Learn the shift pattern from a person's hour-of-week history: someone with at least
 * `nightThreshold` of their activity at night works nights, so a 03:00 login is normal for them.
 *
 * @example
 * learnedShift(hist).worksNights // true for a night-shift nurse after a few weeks
 */
export function learnedShift(h: HourOfWeekHistogram, nightThreshold = 0.35, minWeight = 10): LearnedShift {
  const nightShare = h.shareOfHours(NIGHT_HOURS);
  return { nightShare, worksNights: h.total >= minWeight && nightShare >= nightThreshold };
}
