import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SHIPPED_STATE_LAWS } from './state-laws.js';

const DAY = 86_400_000;

/** HIPAA's outer limit for notifying individuals: 60 calendar days from discovery (45 CFR 164.404(b)). */
export const HIPAA_NOTICE_DAYS = 60;
/** At or above this many residents of a state or jurisdiction: HHS at the same time, and prominent media (164.406, 164.408(b)). */
export const HIPAA_MEDIA_THRESHOLD = 500;

const stateLaw = z.strictObject({
  state: z.string().regex(/^[A-Z]{2}$/),
  name: z.string(),
  statute: z.string(),
  individualsDays: z.number().int().positive(),
  businessDays: z.boolean().optional(),
  regulator: z.string().optional(),
  regulatorDays: z.number().int().positive().optional(),
  /** Notify the regulator when at least this many residents are affected. */
  regulatorThreshold: z.number().int().positive().optional(),
  uncertain: z.string().optional(),
});
/** One state's breach-notification deadlines (configurable data, see `state-laws.ts`). */
export type StateLaw = z.infer<typeof stateLaw>;
const stateTable = z.strictObject({ _comment: z.string().optional(), states: z.array(stateLaw) });

/**
 * Read a state-law table (the shipped one in `state-laws.ts`, or a hospital's own file); a bad entry
 * fails with its path.
 *
 * @example
 * loadStateLaws().find((s) => s.state === 'TX')?.individualsDays // 60
 */
export function loadStateLaws(file?: string): StateLaw[] {
  const parsed = stateTable.safeParse(file ? JSON.parse(readFileSync(file, 'utf8')) : SHIPPED_STATE_LAWS);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new Error(`state-law table ${String(file ?? 'state-laws.json')}: ${i.path.join('.')}: ${i.message}`);
  }
  return parsed.data.states;
}

/** Add calendar days, or business days (Monday–Friday; holidays not known). */
export function addDays(startMs: number, days: number, business = false): number {
  if (!business) return startMs + days * DAY;
  let t = startMs;
  let left = days;
  while (left > 0) {
    t += DAY;
    const d = new Date(t).getUTCDay();
    if (d !== 0 && d !== 6) left--;
  }
  return t;
}

/** One deadline on a breach's clock. */
export interface Deadline {
  who: string;
  due: string;
  daysLeft: number;
  basis: string;
  uncertain?: string;
}

/** The notification clock of a breach case. */
export interface BreachClock {
  discovered: string;
  /** HHS + media route (≥ 500 residents of one state) or the annual log (fewer). */
  threshold: 'media_and_hhs_now' | 'annual_hhs_log';
  individualsDue: string;
  daysLeft: number;
  overdue: boolean;
  deadlines: Deadline[];
}

/**
 * The notification clock from discovery: individuals within 60 days; at or above 500 residents of
 * one state, HHS at the same time and prominent media outlets; below that, the annual log to HHS
 * within 60 days of the calendar year's end (164.408(c)); plus each configured state's deadlines
 * for the states the case names. `residents` counts affected patients per state (the largest
 * decides the HIPAA route; the total is used when states are unknown).
 *
 * @example
 * breachClock('2026-03-01T00:00:00Z', 620, {}, [], Date.parse('2026-03-11T00:00:00Z')).daysLeft // 50
 */
export function breachClock(discovered: string, total: number, residents: Record<string, number>, laws: readonly StateLaw[], now = Date.now()): BreachClock {
  const d = Date.parse(discovered);
  const left = (t: number) => Math.ceil((t - now) / DAY);
  const iso = (t: number) => new Date(t).toISOString();
  const perState = Object.values(residents);
  const largest = perState.length ? Math.max(...perState) : total;
  const big = largest >= HIPAA_MEDIA_THRESHOLD;
  const due = addDays(d, HIPAA_NOTICE_DAYS);
  const deadlines: Deadline[] = [{ who: 'affected individuals', due: iso(due), daysLeft: left(due), basis: '45 CFR 164.404(b): without unreasonable delay, at most 60 calendar days after discovery' }];
  if (big) {
    deadlines.push({ who: 'HHS Secretary (breach portal)', due: iso(due), daysLeft: left(due), basis: '45 CFR 164.408(b): 500 or more — contemporaneously with the individual notices' });
    deadlines.push({ who: 'prominent media outlets in the state', due: iso(due), daysLeft: left(due), basis: '45 CFR 164.406: more than 500 residents of a state or jurisdiction' });
  } else {
    const yearEnd = Date.UTC(new Date(d).getUTCFullYear() + 1, 0, 1);
    const logDue = addDays(yearEnd, 60) - 1;
    deadlines.push({ who: 'HHS Secretary (annual log of small breaches)', due: iso(logDue), daysLeft: left(logDue), basis: '45 CFR 164.408(c): fewer than 500 — within 60 days of the end of the calendar year of discovery' });
  }
  for (const law of laws) {
    const n = residents[law.state];
    if (n === undefined || n <= 0) continue;
    const ind = addDays(d, law.individualsDays, law.businessDays);
    deadlines.push({ who: `${law.name} residents`, due: iso(ind), daysLeft: left(ind), basis: `${law.statute}: ${law.individualsDays} ${law.businessDays ? 'business' : 'calendar'} days`, ...(law.uncertain ? { uncertain: law.uncertain } : {}) });
    if (law.regulator && law.regulatorDays && n >= (law.regulatorThreshold ?? 1)) {
      const reg = addDays(d, law.regulatorDays, law.businessDays);
      deadlines.push({ who: `${law.name}: ${law.regulator}`, due: iso(reg), daysLeft: left(reg), basis: `${law.statute}: ${law.regulatorDays} days at ${law.regulatorThreshold ?? 1}+ residents`, ...(law.uncertain ? { uncertain: law.uncertain } : {}) });
    }
  }
  deadlines.sort((a, b) => a.due.localeCompare(b.due));
  return { discovered, threshold: big ? 'media_and_hhs_now' : 'annual_hhs_log', individualsDue: iso(due), daysLeft: left(due), overdue: now > due, deadlines };
}
