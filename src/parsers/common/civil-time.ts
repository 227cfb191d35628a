/**
 * Calendar arithmetic on the proleptic Gregorian calendar, in plain integers. Parsers call
 * this once per record, so it avoids `Date` objects and `Date.UTC` argument coercion.
 */

/**
 * Days since 1970-01-01 of a calendar date (month 1..12). Howard Hinnant's `days_from_civil`.
 *
 * @example
 * daysFromCivil(1970, 1, 1) // 0
 * daysFromCivil(2026, 1, 2) // 20455
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Whether `year` has a 29 February.
 *
 * @example
 * isLeapYear(2024) // true
 * isLeapYear(1900) // false
 */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Number of days in a month (month 1..12).
 *
 * @example
 * daysInMonth(2025, 2) // 28
 */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] ?? 0);
}

/**
 * Milliseconds in a day.
 *
 * @example
 * daysFromCivil(2026, 1, 2) * DAY_MS // Date.UTC(2026, 0, 2)
 */
export const DAY_MS = 86_400_000;
