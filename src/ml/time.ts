/** Local calendar position of an instant, in the time zone the baselines are kept in. */
export interface LocalTime {
  /** Day of week, 0 = Sunday … 6 = Saturday. */
  dow: number;
  /** Hour of day 0..23. */
  hour: number;
  /** Minute of day 0..1439. */
  minuteOfDay: number;
  /** Hour of week 0..167 (Sunday 00:00 = 0). */
  how: number;
}

const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const cache = new Map<string, LocalTime>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function build(dow: number, hour: number, minute: number): LocalTime {
  return { dow, hour, minuteOfDay: hour * 60 + minute, how: dow * 24 + hour };
}

/**
 * Day of week, hour and hour-of-week of `t` in an IANA time zone (`UTC` is computed directly;
 * other zones go through a cached `Intl.DateTimeFormat`, memoised per minute).
 *
 * @example
 * localTime(Date.parse('2026-03-03T03:10:00Z'), 'UTC') // { dow: 2, hour: 3, minuteOfDay: 190, how: 51 }
 */
export function localTime(t: number, timeZone = 'UTC'): LocalTime {
  if (timeZone === 'UTC') {
    const days = Math.floor(t / DAY);
    const ms = t - days * DAY;
    // 1970-01-01 was a Thursday (4).
    const dow = (((days + 4) % 7) + 7) % 7;
    return build(dow, Math.floor(ms / 3_600_000), Math.floor((ms % 3_600_000) / 60_000));
  }
  const minute = Math.floor(t / 60_000);
  const k = `${timeZone}|${minute}`;
  const hit = cache.get(k);
  if (hit) return hit;
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  let dow = 0, hour = 0, min = 0;
  for (const p of f.formatToParts(t)) {
    if (p.type === 'weekday') dow = WEEKDAYS[p.value] ?? 0;
    else if (p.type === 'hour') hour = Number(p.value) % 24;
    else if (p.type === 'minute') min = Number(p.value);
  }
  const out = build(dow, hour, min);
  if (cache.size > 4096) cache.clear();
  cache.set(k, out);
  return out;
}

/** Is this a valid IANA time-zone name for `Intl`? */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `Tue 03:00–04:00` for an hour of week. */
export function hourOfWeekLabel(how: number): string {
  const d = Math.floor(how / 24), h = how % 24;
  const hh = (x: number) => String(x % 24).padStart(2, '0');
  return `${NAMES[d] ?? '?'} ${hh(h)}:00–${hh(h + 1)}:00`;
}
