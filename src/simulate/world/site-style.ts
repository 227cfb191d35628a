import type { Rng } from '../rng.js';
import type { Role } from './types.js';

/**
 * How one simulated site differs from the next, drawn per seed: what its systems call each role,
 * which roles do legitimate record work that no care link records, and which FHIR fields its
 * export uses for role, department, shifts and employment. Real hospitals differ in exactly these
 * ways, so nothing a detector could key on is the same on every seed.
 */
export interface SiteStyle {
  /** The role as the EHR access log and the roster name it. */
  roleLabel: Record<Role, string>;
  /**
   * Roles whose legitimate work no care link records on this site: registration clerks the ADT feed
   * does not name (EVN-5 empty), order sections whose orders are not interfaced (no ORM), billing and
   * coding staff no site policy covers, plus transport and case management everywhere.
   */
  unlinked: Role[];
  /** Roles the site's written policy explains by role (`rolesExplained`, as labels), a subset of billing and coding. */
  policyExplained: Role[];
  fhir: {
    /** PractitionerRole.code as `coding` (a code), `text` (free text) or both. */
    roleAs: 'coding' | 'text' | 'both';
    /** The department as `organization.display`, as a reference to an Organization resource, or as `location.display`. */
    departmentAs: 'display' | 'reference' | 'location';
    /** Share of rosters that carry `availableTime` (0 = the site exports no shifts). */
    shiftShare: number;
    /** `period` on every PractitionerRole, or only where employment ended (start unknown). */
    period: 'always' | 'ended-only';
  };
}

/** What different systems call the same job; the first is the simulator's internal name. */
const ROLE_WORDS: Record<Role, readonly string[]> = {
  physician: ['physician', 'MD', 'attending', 'Physician'],
  resident: ['resident', 'house officer', 'Resident Physician', 'PGY'],
  nurse: ['nurse', 'RN', 'Registered Nurse', 'staff nurse'],
  pharmacist: ['pharmacist', 'PharmD', 'Clinical Pharmacist', 'pharmacy'],
  lab_tech: ['lab_tech', 'MLS', 'Medical Laboratory Scientist', 'lab'],
  radiology_tech: ['radiology_tech', 'RT(R)', 'Radiologic Technologist', 'imaging tech'],
  registrar: ['registrar', 'Patient Access Representative', 'admissions clerk', 'PAR'],
  billing: ['billing', 'Patient Financial Services', 'billing specialist', 'revenue cycle'],
  him_coder: ['him_coder', 'Medical Coder', 'HIM', 'coding specialist'],
  it_admin: ['it_admin', 'Systems Administrator', 'IT', 'sysadmin'],
  administrator: ['administrator', 'Administrative Assistant', 'unit secretary', 'admin'],
  therapist: ['therapist', 'Physical Therapist', 'PT', 'rehab therapist'],
  transport: ['transport', 'Patient Transporter', 'porter', 'transport aide'],
  case_manager: ['case_manager', 'Case Manager', 'utilization review', 'discharge planner'],
};

/** Roles that may or may not have their work recorded by a care link, depending on the site. */
const MAYBE_LINKED: readonly Role[] = ['registrar', 'pharmacist', 'lab_tech', 'radiology_tech', 'billing', 'him_coder'];

/**
 * Draw a site's style from its own random stream (deterministic per seed). At least two of the
 * maybe-linked roles are unlinked, so every site has work a care link does not explain.
 *
 * @example
 * siteStyle(new Rng('site:3')).roleLabel.registrar // e.g. 'Patient Access Representative'
 */
export function siteStyle(rng: Rng): SiteStyle {
  const roleLabel = Object.fromEntries(Object.entries(ROLE_WORDS).map(([r, words]) => [r, rng.pick(words)])) as Record<Role, string>;
  let unlinked = MAYBE_LINKED.filter(() => rng.chance(0.5));
  if (unlinked.length < 2) unlinked = rng.sample(MAYBE_LINKED, 2);
  const policyExplained = (['billing', 'him_coder'] as const).filter((r) => !unlinked.includes(r));
  return {
    roleLabel,
    unlinked: [...unlinked, 'transport', 'case_manager'],
    policyExplained,
    fhir: {
      roleAs: rng.pick(['coding', 'text', 'both'] as const),
      departmentAs: rng.pick(['display', 'reference', 'location'] as const),
      shiftShare: rng.pick([1, 1, 0.6, 0]),
      period: rng.pick(['always', 'ended-only'] as const),
    },
  };
}

/** Does a care link (ADT operator, order, policy) record this role's work on the site? */
export const linked = (style: SiteStyle, role: Role): boolean => !style.unlinked.includes(role);
