import type { AccessFactor } from './assess.js';

/**
 * How each access factor reads inside a sentence. The generic renderer writes "observed label"
 * ("none found no treatment relationship with the patient; VIP VIP record"), which is right for
 * counts ("23 failed logins") and wrong for these descriptive factors, so they get clauses of their own.
 */
const CLAUSES: Record<string, (o: string | number) => string> = {
  no_relationship: (o) => (o === 'no patient' ? 'the access names no patient' : o === 'no template' ? 'no explanation template links the user to the patient' : 'no encounter, care team or order links them or their department to the patient'),
  vip: () => 'the record is flagged VIP',
  sensitive: (o) => `the record carries sensitive labels (${o})`,
  own_record: () => "it is the employee's own record",
  coworker: () => 'the patient is a co-worker',
  family: () => 'the patient shares the employee\'s surname and address',
  neighbour: (o) => (o === 'same street' ? "the patient lives on the employee's street" : "the patient lives at the employee's address"),
  deceased: (o) => `the patient is deceased${typeof o === 'string' && /^\d{4}-/.test(o) ? ` (since ${o.slice(0, 10)})` : ''}`,
  off_shift: (o) => `the access at ${o} UTC was outside their shift`,
  not_in_care: () => "the patient is not in anyone's care now",
  repeated: (o) => `they opened the same record ${o} times today`,
  after_termination: (o) => `their employment ended on ${String(o).slice(0, 10)}`,
  break_glass_no_reason: () => 'they used break-glass without giving a reason',
};

/**
 * One factor of an access as a clause ("the record is flagged VIP"); factors without a clause of
 * their own read "label (observed)".
 *
 * @example
 * factorClause({ feature: 'vip', label: 'VIP record', observed: 'VIP', weight: 0.5 }) // 'the record is flagged VIP'
 */
export function factorClause(f: Pick<AccessFactor, 'feature' | 'label' | 'observed'>): string {
  const c = CLAUSES[f.feature];
  return c ? c(f.observed) : `${f.label} (${f.observed})`;
}

/**
 * The text of a single-access alert: what happened, then why it stands out, as sentences.
 *
 * @example
 * accessText('nurse J. Ortiz (jortiz) opened the record of patient pt_star', 0.68, [noRel, vip])
 * // 'nurse J. Ortiz (jortiz) opened the record of patient pt_star. Risk 0.68: no encounter, care team or order links them or their department to the patient; and the record is flagged VIP.'
 */
export function accessText(what: string, risk: number, factors: Array<Pick<AccessFactor, 'feature' | 'label' | 'observed'>>): string {
  const head = what.replace(/[.;:\s]+$/, '');
  const why = factors.map(factorClause);
  if (!why.length) return `${head}. Risk ${risk.toFixed(2)}.`;
  // Clauses may hold an "and" of their own ("surname and address"): semicolons keep them apart.
  const joined = why.length === 1 ? why[0]! : `${why.slice(0, -1).join('; ')}; and ${why[why.length - 1]!}`;
  return `${head}. Risk ${risk.toFixed(2)}: ${joined}.`;
}

/** What a behaviour hour's top attributions say happened, for the alert title. */
export interface HourFacts {
  user: string;
  /** "02:00–03:00 UTC". */
  span: string;
  patients: number;
  printsExports: number;
  unexplained: number;
  /** Features that isolated the hour, most important first. */
  top: string[];
}

/**
 * A title for an isolated hour of EHR use that names what happened: bulk access, bulk
 * print/export, many unexplained records, or night work; "unusual hour" only when nothing simpler fits.
 *
 * @example
 * behaviourTitle({ user: 'n3', span: '02:00–03:00 UTC', patients: 767, printsExports: 0, unexplained: 700, top: ['distinct_patients'] })
 * // 'Bulk access: n3 opened 767 patient records in one hour (02:00–03:00 UTC)'
 */
export function behaviourTitle(h: HourFacts): string {
  const first = h.top[0];
  if (first === 'prints_exports') return `Bulk print/export: ${h.user} printed or exported ${h.printsExports} records in one hour (${h.span})`;
  if (first === 'distinct_patients' || first === 'volume_vs_own_median' || h.patients >= 100) {
    return `Bulk access: ${h.user} opened ${h.patients} patient records in one hour (${h.span})`;
  }
  if (first === 'unexplained_share') return `${h.user} opened ${h.unexplained} of ${h.patients} records without a treatment relationship in one hour (${h.span})`;
  if (first === 'night') return `Night-time EHR use: ${h.user} opened ${h.patients} patient records (${h.span})`;
  return `Unusual hour of EHR use by ${h.user} (${h.span})`;
}
