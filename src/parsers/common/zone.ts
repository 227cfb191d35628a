/**
 * Converts wall-clock times in an IANA time zone to UTC with the built-in `Intl` data, so no
 * time-zone package is needed. Used for formats that carry no zone (RFC 3164 syslog).
 */

/**
 * Wall-clock ms (fields as if UTC) → epoch ms.
 *
 * @example
 * const utc: ZoneResolver = (localMs) => localMs;
 */
export type ZoneResolver = (localMs: number) => number;

/** 15 minutes: every modern zone offset, and every transition, is a multiple of it. */
const BUCKET_MS = 900_000;
const CACHE_LIMIT = 50_000;

/**
 * Whether `name` is a time zone this Node build knows (IANA names such as `Europe/Berlin`, or `UTC`).
 *
 * @example
 * isValidTimeZone('America/New_York') // true
 * isValidTimeZone('Mars/Olympus') // false
 */
export function isValidTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * A resolver from wall-clock time in `timeZone` to epoch ms. `UTC` is the identity. Other
 * zones ask `Intl` for the offset once per 15-minute wall-clock bucket and cache it, because
 * `formatToParts` costs microseconds and a log file revisits the same hours constantly.
 *
 * Times that fall in a daylight-saving gap (02:30 on a spring-forward night) are read with
 * the offset in force before the gap, i.e. moved forward, as `Temporal`'s "compatible" mode
 * does; times in the repeated hour of a fall-back night resolve to the first occurrence in
 * zones west of Greenwich.
 *
 * @example
 * const toUtc = zoneResolver('America/New_York');
 * new Date(toUtc(Date.UTC(2026, 0, 15, 12))).toISOString() // '2026-01-15T17:00:00.000Z'
 */
export function zoneResolver(timeZone: string): ZoneResolver {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return (localMs) => localMs;
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  /** Offset (ms east of UTC) in force at epoch ms `t`. */
  const offsetAt = (t: number): number => {
    const f: Record<string, number> = {};
    for (const p of fmt.formatToParts(t)) if (p.type !== 'literal') f[p.type] = Number(p.value);
    const asUtc = Date.UTC(f.year ?? 1970, (f.month ?? 1) - 1, f.day ?? 1, f.hour ?? 0, f.minute ?? 0, f.second ?? 0);
    return asUtc - (t - (((t % 1000) + 1000) % 1000));
  };
  const cache = new Map<number, number>();
  return (localMs) => {
    const key = Math.floor(localMs / BUCKET_MS);
    let off = cache.get(key);
    if (off === undefined) {
      const at = key * BUCKET_MS;
      const o1 = offsetAt(at);
      const o2 = offsetAt(at - o1);
      if (o1 === o2) off = o1;
      else {
        const o3 = offsetAt(at - o2);
        // o3 === o2: the second guess is consistent. Otherwise the time is in a gap: use the
        // smaller (pre-transition, standard-time) offset, which moves it forward.
        off = o3 === o2 ? o2 : Math.min(o1, o2);
      }
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, off);
    }
    return localMs - off;
  };
}
