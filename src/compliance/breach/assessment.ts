import type { WardEvent } from '../../core/event.js';
import type { AffectedCount } from './count.js';

/** One factor of the HIPAA risk assessment: what the evidence says, and the privacy officer's own words. */
export interface Factor {
  /** Pre-filled from Wardwatch's evidence. */
  finding: string;
  /** Facts behind the finding (counts, actions, destinations). */
  evidence: string[];
  /** The privacy officer's assessment, set through PATCH; empty until then. */
  assessment: string;
}

/**
 * The four factors of 45 CFR 164.402(2) — the assessment that may show a low probability that
 * PHI was compromised (otherwise a breach is presumed).
 */
export interface FourFactors {
  natureAndExtent: Factor;
  unauthorizedPerson: Factor;
  acquiredOrViewed: Factor;
  mitigation: Factor;
  /** `presumed_breach` until the privacy officer records `low_probability` with reasons. */
  conclusion: 'presumed_breach' | 'low_probability';
}

/** What the pre-fill reads: the count, the counted accesses' events, and the incident around them. */
export interface AssessmentInput {
  count: AffectedCount;
  /** The acting users' counted EHR access events. */
  events: readonly WardEvent[];
  actors: string[];
  /** Entities of the incident that are not users or patients (addresses, hosts, mail senders). */
  related: Array<{ type: string; id: string }>;
  /** Titles of the incident's alerts (distinct). */
  findings: string[];
  /** The incident's analyst state and verdict, when set. */
  incidentState?: string;
  verdict?: string | null;
  /** The patient index (VIP and sensitivity labels kept in the clinical context), when loaded. */
  patientInfo?: (pseudonym: string) => { vip: boolean; sensitivity: readonly string[] } | undefined;
}

const ACQUIRED = new Set(['print', 'export', 'download', 'copy', 'query']);

/**
 * Pre-fill the four-factor assessment from what Wardwatch saw. It states facts (how many
 * patients, which actions, which sensitive records, which outside destinations) and leaves the
 * judgement to the privacy officer; the conclusion starts at `presumed_breach`, as the rule says.
 *
 * @example
 * prefillAssessment({ count, events, actors: ['jdoe'], related: [], findings: ['Bulk export by jdoe'] }).acquiredOrViewed.finding
 */
export function prefillAssessment(i: AssessmentInput): FourFactors {
  const n = i.count.patients.length;
  const sensitive = new Set<string>();
  const vip = new Set<string>();
  const resources = new Map<string, number>();
  const roles = new Set<string>();
  const departments = new Set<string>();
  const workstations = new Set<string>();
  for (const e of i.events) {
    const p = e.ehr?.patient;
    if (p?.id && p.sensitivity?.length) sensitive.add(p.id);
    if (p?.id && p.vip) vip.add(p.id);
    const r = e.ehr?.resource_type ?? 'record';
    resources.set(r, (resources.get(r) ?? 0) + 1);
    if (e.ehr?.role) roles.add(String(e.ehr.role));
    if (e.ehr?.department) departments.add(String(e.ehr.department));
    if (e.ehr?.workstation) workstations.add(String(e.ehr.workstation));
  }
  for (const p of i.count.patients) {
    const info = i.patientInfo?.(p);
    if (info?.vip) vip.add(p);
    if (info?.sensitivity.length) sensitive.add(p);
  }
  const actions = Object.entries(i.count.byAction).sort((a, b) => b[1] - a[1]);
  const acquired = actions.filter(([a]) => ACQUIRED.has(a)).reduce((s, [, k]) => s + k, 0);
  const outside = i.related.filter((e) => e.type === 'ip' || e.type === 'email' || e.type === 'host');
  const exfil = i.findings.filter((f) => /upload|exfil|cloud|dropbox|transfer|download/i.test(f));
  return {
    natureAndExtent: {
      finding: `${n} patient record${n === 1 ? '' : 's'} opened in the EHR (${i.count.accesses} accesses)` +
        (vip.size || sensitive.size ? `, ${vip.size} VIP and ${sensitive.size} with a sensitivity label` : '') +
        '. The EHR shows direct identifiers (name, MRN, date of birth, address) with the chart, so re-identification by the person who looked is certain; Wardwatch itself holds only pseudonyms.',
      evidence: [
        `distinct patients: ${n}`,
        `accesses by action: ${actions.map(([a, k]) => `${a} ${k}`).join(', ') || 'none stored'}`,
        `resources: ${[...resources].map(([r, k]) => `${r} ${k}`).join(', ') || 'unknown'}`,
        ...(i.count.first ? [`from ${i.count.first} to ${i.count.last}`] : []),
      ],
      assessment: '',
    },
    unauthorizedPerson: {
      finding: `${i.actors.join(', ') || 'unknown account'} — a workforce account` +
        (roles.size ? ` (role ${[...roles].join(', ')}${departments.size ? `, ${[...departments].join(', ')}` : ''})` : '') +
        (outside.length ? `; the incident also names ${outside.map((e) => `${e.type} ${e.id}`).join(', ')}` : '') +
        '. A workforce member is bound by the HIPAA obligations of the organisation, which weighs differently from an outside recipient.',
      evidence: [...(workstations.size ? [`workstations: ${[...workstations].slice(0, 10).join(', ')}`] : []), ...i.findings.slice(0, 10).map((f) => `finding: ${f}`)],
      assessment: '',
    },
    acquiredOrViewed: {
      finding: acquired
        ? `PHI was acquired, not only viewed: ${acquired} print/export access${acquired === 1 ? '' : 'es'}${exfil.length ? ', and the incident shows data leaving (see evidence)' : ''}.`
        : exfil.length ? 'Records were viewed, and the incident shows data leaving (see evidence).' : `Records were viewed on screen (${i.count.accesses} views); no print or export was recorded.`,
      evidence: exfil.map((f) => `finding: ${f}`),
      assessment: '',
    },
    mitigation: {
      finding: i.incidentState && i.incidentState !== 'open'
        ? `The incident is ${i.incidentState}${i.verdict ? ` (verdict ${i.verdict})` : ''}; record what was done (account disabled, assurances obtained, data retrieved or destroyed).`
        : 'Nothing recorded yet: record what was done (account disabled, assurances obtained, data retrieved or destroyed).',
      evidence: [],
      assessment: '',
    },
    conclusion: 'presumed_breach',
  };
}
