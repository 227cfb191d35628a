import { daysFromCivil, daysInMonth, DAY_MS } from '../common/civil-time.js';
import type { ZoneResolver } from '../common/zone.js';

const DTM = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,4}))?([+-]\d{4})?$/;

/**
 * Epoch ms of an HL7 DTM/TS: `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`. Without an offset
 * the time is read in `toUtc`'s zone (the sending system's zone, from the parser config).
 * `undefined` when unreadable. (TS's second component, the precision, is ignored.)
 *
 * @example
 * hl7TimeMs('198908181126+0215', (l) => l) // Date.UTC(1989, 7, 18, 9, 11)
 */
export function hl7TimeMs(text: string, toUtc: ZoneResolver): number | undefined {
  const m = DTM.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', frac, off] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const ms = frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000);
  const local = daysFromCivil(year, month, day) * DAY_MS + ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000 + ms;
  if (off === undefined) return toUtc(local);
  const oh = Number(off.slice(1, 3));
  const om = Number(off.slice(3, 5));
  if (oh > 23 || om > 59) return undefined;
  return local - (off[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
}

/**
 * {@link hl7TimeMs} as ISO 8601 UTC with milliseconds.
 *
 * @example
 * hl7TimeIso('20260105101500', (l) => l) // '2026-01-05T10:15:00.000Z'
 */
export function hl7TimeIso(text: string, toUtc: ZoneResolver): string | undefined {
  const ms = hl7TimeMs(text, toUtc);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}
