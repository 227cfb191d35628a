/** A calendar quarter in UTC: `[from, to)` in epoch ms. */
export interface Quarter {
  /** `2026Q4`. */
  label: string;
  year: number;
  /** 1..4 */
  q: number;
  from: number;
  to: number;
  /** Days in the quarter (90..92). */
  days: number;
}

const DAY = 86_400_000;

/**
 * Parses `2026Q4` (or `2026-Q4`, case-insensitive) into its UTC date range; null when malformed.
 *
 * @example
 * parseQuarter('2026Q4') // { label: '2026Q4', from: Date.UTC(2026, 9, 1), to: Date.UTC(2027, 0, 1), days: 92, … }
 */
export function parseQuarter(text: string): Quarter | null {
  const m = /^(\d{4})-?q([1-4])$/i.exec(text.trim());
  if (!m) return null;
  return quarterOf(Number(m[1]), Number(m[2]));
}

/**
 * The quarter `q` of `year` (q may run past 1..4; it rolls into the neighbouring years).
 *
 * @example
 * quarterOf(2026, 0).label // '2025Q4'
 */
export function quarterOf(year: number, q: number): Quarter {
  const y = year + Math.floor((q - 1) / 4), qq = ((((q - 1) % 4) + 4) % 4) + 1;
  const from = Date.UTC(y, (qq - 1) * 3, 1), to = Date.UTC(y, qq * 3, 1);
  return { label: `${y}Q${qq}`, year: y, q: qq, from, to, days: Math.round((to - from) / DAY) };
}

/**
 * The quarter containing `ms`.
 *
 * @example
 * quarterAt(Date.parse('2026-12-07T00:00:00Z')).label // '2026Q4'
 */
export function quarterAt(ms: number): Quarter {
  const d = new Date(ms);
  return quarterOf(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) + 1);
}

/** The quarter before `q`. */
export const previousQuarter = (q: Quarter): Quarter => quarterOf(q.year, q.q - 1);
