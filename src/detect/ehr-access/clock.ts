/** Local weekday and minutes-since-midnight of an instant in an IANA zone (formatter cached per zone). */
const formatters = new Map<string, Intl.DateTimeFormat>();
const DAYS: Record<string, string> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

/**
 * @example
 * localTime(Date.parse('2026-01-05T02:30:00Z'), 'UTC') // { day: 'mon', minutes: 150 }
 */
export function localTime(t: number, timezone: string): { day: string; minutes: number } {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timezone, f);
  }
  let day = 'mon';
  let h = 0;
  let m = 0;
  for (const p of f.formatToParts(t)) {
    if (p.type === 'weekday') day = DAYS[p.value] ?? 'mon';
    else if (p.type === 'hour') h = Number(p.value);
    else if (p.type === 'minute') m = Number(p.value);
  }
  return { day, minutes: h * 60 + m };
}

/** `HH:MM[:SS]` → minutes since midnight. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m ?? 0);
}

const ORDER = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * Is a local time inside any shift (with `graceMin` minutes either side)? A shift whose end is
 * before its start runs past midnight into the next day.
 */
export function onShift(
  shifts: Array<{ days: string[]; start?: string; end?: string; allDay?: boolean }>,
  at: { day: string; minutes: number },
  graceMin: number,
): boolean {
  const dayIdx = ORDER.indexOf(at.day);
  const prev = ORDER[(dayIdx + 6) % 7]!;
  for (const s of shifts) {
    const days = s.days.map((d) => d.toLowerCase().slice(0, 3));
    if (s.allDay || !s.start || !s.end) {
      if (days.includes(at.day)) return true;
      continue;
    }
    const start = minutesOf(s.start) - graceMin;
    const end = minutesOf(s.end) + graceMin;
    if (minutesOf(s.end) > minutesOf(s.start)) {
      if (days.includes(at.day) && at.minutes >= start && at.minutes <= end) return true;
    } else {
      // Overnight: from start today until end tomorrow.
      if (days.includes(at.day) && at.minutes >= start) return true;
      if (days.includes(prev) && at.minutes <= end) return true;
    }
  }
  return false;
}
