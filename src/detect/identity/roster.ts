import { z } from 'zod';
import type { ComponentContext } from '../../core/components.js';
import { parseClock, type Shift } from '../../ml/shift.js';

const clock = z.string().refine((s) => parseClock(s) !== undefined, { message: 'expected a time "HH:MM"' });
const isoDate = z.string().refine((s) => Number.isFinite(Date.parse(s)), { message: 'expected an ISO 8601 date or time' });

/** Config form of one roster row. */
export const rosterEntry = z.strictObject({
  user: z.string().min(1),
  role: z.string().optional(),
  department: z.string().optional(),
  unit: z.string().optional(),
  /** Working shifts (local time of the detector's `timeZone`). */
  shifts: z.array(z.strictObject({ start: clock, end: clock, days: z.array(z.number().int().min(0).max(6)).optional() })).optional(),
  /** Employment ended: any activity after this instant is suspect. */
  terminatedAt: isoDate.optional(),
});

/**
 * What the roster knows about one member of staff. Fed by config today; later by HR feeds
 * (FHIR PractitionerRole, HL7 ADT, CSV) through the runtime.
 */
export interface RosterEntry {
  user: string;
  role?: string;
  department?: string;
  unit?: string;
  shifts?: Shift[];
  /** Epoch ms the employment ended, if it did. */
  terminatedAt?: number;
}

/**
 * A source of staff facts the identity detectors consult (lookups must be cheap and synchronous:
 * `accepts` runs on the router thread). User names are matched case-insensitively.
 *
 * @example
 * const roster = staticRoster([{ user: 'jortiz', role: 'nurse', shifts: [{ start: '19:00', end: '07:30' }] }]);
 * roster.get('JOrtiz')?.role // 'nurse'
 */
export interface Roster {
  get(user: string): RosterEntry | undefined;
}

/**
 * The runtime may add a roster to the build context: `def.build(cfg, { ...ctx, roster })`.
 * Entries given in a detector's own config win over it.
 */
export interface RosterContext {
  roster?: Roster;
}

/** A roster over a fixed list (config rows or a loaded file). */
export function staticRoster(rows: ReadonlyArray<z.output<typeof rosterEntry>>): Roster {
  const byUser = new Map<string, RosterEntry>();
  for (const r of rows) {
    const e: RosterEntry = { user: r.user };
    if (r.role !== undefined) e.role = r.role;
    if (r.department !== undefined) e.department = r.department;
    if (r.unit !== undefined) e.unit = r.unit;
    if (r.shifts !== undefined) e.shifts = r.shifts.map((s) => (s.days ? { start: s.start, end: s.end, days: s.days } : { start: s.start, end: s.end }));
    if (r.terminatedAt !== undefined) e.terminatedAt = Date.parse(r.terminatedAt);
    byUser.set(r.user.toLowerCase(), e);
  }
  return { get: (u) => byUser.get(u.toLowerCase()) };
}

/** The roster a detector uses: its config rows, then whatever the runtime supplied. */
export function rosterFor(rows: ReadonlyArray<z.output<typeof rosterEntry>>, ctx: ComponentContext): Roster {
  const own = staticRoster(rows);
  const fed = (ctx as ComponentContext & RosterContext).roster;
  if (!fed) return own;
  return { get: (u) => own.get(u) ?? fed.get(u) };
}
