import type { Alert } from '../../core/alert.js';
import type { AlertQuery, Page } from '../../store/store.js';
import type { Department } from '../risk.js';

/**
 * Every alert with `from ≤ time < to`, paged through a store's `listAlerts`.
 *
 * @example
 * alertsBetween((q) => store.listAlerts(q), Date.parse('2026-10-01'), Date.parse('2027-01-01'))
 */
export function alertsBetween(list: (q: AlertQuery) => Page<Alert>, from: number, to: number): Alert[] {
  const out: Alert[] = [];
  let cursor: string | undefined;
  do {
    const page = list({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), limit: 1000, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}

/** Where departments and headcounts come from: the staff roster (`wardwatch context load`). */
export interface RosterSource {
  db: { prepare(sql: string): { all(): unknown[] } };
  staffByLogin(login: string): { department?: string | null } | undefined;
}

/**
 * Departments with headcounts and a login → department lookup from the staff roster; without a
 * roster, one organisation-wide `unknown` department of `staff` people, with a note saying so.
 *
 * @example
 * const { departments, departmentOf, notes } = rosterOf(ContextStore.open(dataDir), 0)
 */
export function rosterOf(ctx: RosterSource, staff: number): { departments: Department[]; departmentOf: (u: string) => string | undefined; notes: string[] } {
  const departments = ctx.db.prepare('SELECT department AS name, COUNT(*) AS headcount FROM staff WHERE department IS NOT NULL GROUP BY department').all() as Department[];
  const notes: string[] = [];
  if (!departments.length) {
    notes.push(`no staff roster loaded: risk and advice are organisation-wide${staff ? ` for ${staff} staff` : ', and attempts the monitoring never sees are not counted (give the headcount)'}`);
    departments.push({ name: 'unknown', headcount: staff });
  } else departments.push({ name: 'unknown', headcount: 0 });
  const cache = new Map<string, string | undefined>();
  const departmentOf = (u: string): string | undefined => {
    if (!cache.has(u)) cache.set(u, loginForms(u).map((l) => ctx.staffByLogin(l)?.department ?? undefined).find(Boolean));
    return cache.get(u);
  };
  return { departments, departmentOf, notes };
}

/**
 * The forms a person's id may take in alerts, most specific first: as given, the local part of a
 * mail address or UPN (`jsmith@hospital.org` → `jsmith`, the usual sAMAccountName), and the user of
 * `DOMAIN\\jsmith`. Mail alerts name recipients by address while the roster knows logins.
 *
 * @example
 * loginForms('J.Smith@hospital.org') // ['J.Smith@hospital.org', 'J.Smith']
 */
export function loginForms(id: string): string[] {
  const out = [id];
  const at = id.lastIndexOf('@');
  if (at > 0) out.push(id.slice(0, at));
  const bs = id.lastIndexOf('\\');
  if (bs >= 0 && bs < id.length - 1) out.push(id.slice(bs + 1));
  return out;
}
