import { daysFromCivil, daysInMonth, DAY_MS } from '../common/civil-time.js';
import { parseIso8601 } from '../common/iso8601.js';
import type { ZoneResolver } from '../common/zone.js';

/**
 * Epoch ms of a FHIR `instant`/`dateTime`/`date`: a full date-time with or without a zone (a
 * zone-less one is read in `toUtc`'s zone), or a partial date `YYYY`, `YYYY-MM`, `YYYY-MM-DD`
 * (its first instant in that zone). `undefined` when unreadable.
 *
 * @example
 * fhirTimeMs('2013-06-20T23:42:24Z', (l) => l) // 1371771744000
 * fhirTimeMs('2013-06', (l) => l) // Date.UTC(2013, 5, 1)
 */
export function fhirTimeMs(text: string, toUtc: ZoneResolver): number | undefined {
  const t = text.trim();
  if (t.length > 10) {
    const iso = parseIso8601(t, 0);
    if (iso === undefined || iso.end !== t.length) return undefined;
    return iso.offsetMs === undefined ? toUtc(iso.localMs) : iso.localMs - iso.offsetMs;
  }
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(t);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = m[2] === undefined ? 1 : Number(m[2]);
  const d = m[3] === undefined ? 1 : Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return toUtc(daysFromCivil(y, mo, d) * DAY_MS);
}

/**
 * {@link fhirTimeMs} as ISO 8601 UTC with milliseconds.
 *
 * @example
 * fhirTimeIso('2013-06-20T23:42:24+02:00', (l) => l) // '2013-06-20T21:42:24.000Z'
 */
export function fhirTimeIso(text: string | undefined, toUtc: ZoneResolver): string | undefined {
  if (text === undefined) return undefined;
  const ms = fhirTimeMs(text, toUtc);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}
