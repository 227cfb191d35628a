import type { BreachClock } from './clock.js';
import type { BreachCase } from './repo.js';

/** One row of the notification list. `identity` is present only in a re-identified pack. */
export interface PackRow {
  pseudonym: string;
  accesses: number;
  actions: string[];
  first?: string;
  last?: string;
  identity?: string | null;
}

/** The notification data pack: everything a notification letter, the HHS form and counsel need. */
export interface NotificationPack {
  generated: string;
  generatedBy: string;
  case: Pick<BreachCase, 'id' | 'incidentId' | 'title' | 'state' | 'discovered' | 'residents'>;
  affected: number;
  accesses: number;
  byAction: Record<string, number>;
  period: { first?: string; last?: string };
  clock: BreachClock;
  assessment: BreachCase['assessment'];
  /** Whether identities are in `patients` (privacy officer, audited) or only pseudonyms. */
  reidentified: boolean;
  patients: PackRow[];
}

/**
 * Build the pack. `reveal`, when given, turns a pseudonym into the identity kept in the
 * re-identification vault — the caller binds it to the privacy officer and the reason, so every
 * identity in the pack is one audited reveal.
 *
 * @example
 * const pack = buildPack(c, clock, 'user:dpo');
 * packCsv(pack).split('\n')[0] // 'pseudonym,accesses,actions,first,last'
 */
export function buildPack(c: BreachCase, clock: BreachClock, by: string, reveal?: (pseudonym: string) => string | undefined, now = Date.now()): NotificationPack {
  const patients: PackRow[] = c.count.patients.map((p) => {
    const pp = c.count.perPatient[p] ?? { accesses: 0, actions: [] };
    return {
      pseudonym: p, accesses: pp.accesses, actions: pp.actions,
      ...(pp.first ? { first: pp.first } : {}), ...(pp.last ? { last: pp.last } : {}),
      ...(reveal ? { identity: reveal(p) ?? null } : {}),
    };
  });
  return {
    generated: new Date(now).toISOString(), generatedBy: by,
    case: { id: c.id, incidentId: c.incidentId, title: c.title, state: c.state, discovered: c.discovered, residents: c.residents },
    affected: c.count.patients.length, accesses: c.count.accesses, byAction: c.count.byAction,
    period: { ...(c.count.first ? { first: c.count.first } : {}), ...(c.count.last ? { last: c.count.last } : {}) },
    clock, assessment: c.assessment, reidentified: reveal !== undefined, patients,
  };
}

const cell = (v: string) => (/[",\n\r]/.test(v) || /^[=+\-@\t]/.test(v) ? `"${(/^[=+\-@\t]/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"` : v);

/**
 * The pack's patient list as CSV (RFC 4180; cells that a spreadsheet would run as a formula are
 * quoted and prefixed with `'`).
 */
export function packCsv(p: NotificationPack): string {
  const head = ['pseudonym', 'accesses', 'actions', 'first', 'last', ...(p.reidentified ? ['identity'] : [])];
  const rows = p.patients.map((r) => [r.pseudonym, String(r.accesses), r.actions.join(' '), r.first ?? '', r.last ?? '', ...(p.reidentified ? [r.identity ?? ''] : [])].map(cell).join(','));
  return [head.join(','), ...rows].join('\n') + '\n';
}
