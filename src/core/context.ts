import type { PatientPseudonym } from './event.js';

/**
 * Clinical context the EHR-access detectors join events with: who the patients are (by
 * pseudonym), who the staff are, and which treatment relationships justify an access. It is
 * loaded from the feeds hospitals have (FHIR Patient/Practitioner/PractitionerRole/Encounter,
 * HL7 ADT, rosters) and kept as entities and relationships, not as events.
 */
export interface PatientInfo {
  id: PatientPseudonym;
  /** On a VIP list or labelled celebrity (`CEL`). */
  vip: boolean;
  /** Confidentiality/sensitivity labels: `PSY`, `ETH` (substance use), `HIV`, `SDV`, `R`, `V`, `EMP`… */
  sensitivity: string[];
  deceased: boolean;
  deceasedAt?: string;
  /** Pseudonymised join keys: surname+address (family), address (neighbours), name, birth date. */
  keys: { family?: string; address?: string; street?: string; name?: string; birthDate?: string };
  /** The workforce member this patient is, when the patient is an employee. */
  staffId?: string;
}

/** A workforce member, matched to events by any of `logins` (user names / ids, case-insensitive). */
export interface StaffInfo {
  id: string;
  name?: string;
  logins: string[];
  department?: string;
  role?: string;
  /** Weekly working hours; empty when unknown. Days `mon`…`sun`, times `HH:MM` local to `timezone`. */
  shifts: Array<{ days: string[]; start?: string; end?: string; allDay?: boolean }>;
  /** Employment period; `to` set means terminated (or ending) then. */
  active?: { from?: string; to?: string };
  /** The staff member's own patient record and family/address keys, when known (self/family/neighbour checks). */
  patientId?: PatientPseudonym;
  keys?: { family?: string; address?: string; street?: string };
}

/** A treatment relationship: this practitioner or department cares for this patient in this period. */
export interface Relationship {
  patient: PatientPseudonym;
  staffId?: string;
  department?: string;
  /** `encounter`, `care_team`, `order`, `appointment`, `primary_care`, … */
  kind: string;
  from?: string;
  to?: string;
  source: string;
}

/** Read access to the context (implemented over SQLite, or in memory for tests and small sites). */
export interface ContextLookup {
  patient(id: string): PatientInfo | undefined;
  /** The staff member a login (user.name / user.id) belongs to. */
  staffByLogin(login: string): StaffInfo | undefined;
  /**
   * Staff whose name is this (case- and space-insensitive), for display-name impersonation
   * checks of e-mail senders. Optional: a lookup without names returns nothing.
   */
  staffByName?(name: string): StaffInfo[];
  /** Relationships of a patient (all periods; the caller checks the time). */
  relationships(patient: string): Relationship[];
}

/**
 * In-memory context, for tests and for sites small enough to load a roster file.
 *
 * @example
 * const ctx = new MemoryContext(); ctx.addStaff({ id: 's1', logins: ['njones'], shifts: [] });
 */
export class MemoryContext implements ContextLookup {
  private readonly patients = new Map<string, PatientInfo>();
  private readonly staff = new Map<string, StaffInfo>();
  private readonly logins = new Map<string, StaffInfo>();
  private readonly names = new Map<string, StaffInfo[]>();
  private readonly rels = new Map<string, Relationship[]>();

  addPatient(p: PatientInfo): this {
    this.patients.set(p.id, p);
    return this;
  }

  addStaff(s: StaffInfo): this {
    this.staff.set(s.id, s);
    for (const l of s.logins) this.logins.set(l.toLowerCase(), s);
    if (s.name) {
      const k = normaliseName(s.name);
      this.names.set(k, [...(this.names.get(k) ?? []).filter((x) => x.id !== s.id), s]);
    }
    return this;
  }

  addRelationship(r: Relationship): this {
    const list = this.rels.get(r.patient) ?? [];
    list.push(r);
    this.rels.set(r.patient, list);
    return this;
  }

  patient(id: string): PatientInfo | undefined {
    return this.patients.get(id);
  }

  staffByLogin(login: string): StaffInfo | undefined {
    return this.logins.get(login.toLowerCase());
  }

  staffByName(name: string): StaffInfo[] {
    return this.names.get(normaliseName(name)) ?? [];
  }

  relationships(patient: string): Relationship[] {
    return this.rels.get(patient) ?? [];
  }
}

/**
 * A person's name as compared across sources: lower case, accents and punctuation dropped,
 * single spaces, "Last, First" turned into "first last".
 *
 * @example
 * normaliseName('Smith,  Dr. José') // 'dr jose smith'
 */
export function normaliseName(name: string): string {
  let n = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const comma = /^([^,]+),([^,]+)$/.exec(n);
  if (comma) n = `${comma[2]} ${comma[1]}`;
  return n.replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * A mined explanation template (explanation-based auditing, Fabbri & LeFevre, VLDB 2011): a path
 * through the context that links the user who opened a record to its patient. `path` is the link
 * (`self`: a relationship naming the user; `department`: one naming the user's department;
 * `anyone`: the patient is in anyone's care; `repeat`: the user opened this patient before with an
 * explanation), `kinds` the relationship kinds it follows (empty: any), and the window is relative to
 * the relationship: from `beforeMs` before it starts until it ends (`phase: 'during'`, at most
 * `maxAgeMs` after it started), or from its end (its start, when it never ended) until `afterMs`
 * after it (`phase: 'after'`, e.g. billing after discharge).
 */
export interface ExplanationTemplate {
  /** Row number in the template store (named in explanations: "template #7"); 0 before it is stored. */
  id: number;
  /** Stable key of the path and its parameters within a group (`department:encounter:during`). */
  key: string;
  /** Whose accesses it explains: `role:<role>`, `department:<dept>` or `*`. */
  group: string;
  path: 'self' | 'department' | 'anyone' | 'repeat';
  kinds: string[];
  phase: 'during' | 'after';
  beforeMs: number;
  afterMs: number;
  /**
   * For `during`: only while the relationship is at most this old (0: no limit). Outpatient visits
   * are often never closed (an HL7 A04 without an A03), so "in care" needs an age to mean anything.
   */
  maxAgeMs?: number;
  /** Human text: "billing staff open charts of patients discharged in the last 30 days". */
  text: string;
  /** Share of the group's accesses it explained when mined, and its precision against random (user, patient) pairs. */
  coverage: number;
  precision: number;
  /** Accesses of the group it was mined on. */
  support: number;
  status: 'proposed' | 'approved' | 'retired';
  approvedBy?: string;
  version: number;
}
