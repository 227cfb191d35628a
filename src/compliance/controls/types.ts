/**
 * Shapes of the control catalogues (HIPAA Security Rule, HHS HPH Cybersecurity Performance Goals,
 * 405(d) HICP practices). Catalogues are plain data; the evidence that decides a control's status
 * is named by measure id (see ../evidence/measures.ts) or left to an attestation.
 */

/** Which published framework a control comes from. */
export type Framework = 'hipaa' | 'cpg' | 'hicp';

/** HIPAA Security Rule: whether an implementation specification is required or addressable (45 CFR 164.306(d)). */
export type Requirement = 'required' | 'addressable';

/** HHS HPH Cybersecurity Performance Goals come in two tiers. */
export type CpgTier = 'essential' | 'enhanced';

/** What a catalogue row is: a HIPAA standard or implementation specification, a CPG goal, a HICP practice or sub-practice. */
export type ControlKind = 'standard' | 'implementation' | 'goal' | 'practice' | 'sub-practice';

/** One control of a catalogue. */
export interface Control {
  /** Stable, URL-safe id, e.g. `hipaa-164.312-b` or `cpg-ess-05`. */
  id: string;
  framework: Framework;
  kind: ControlKind;
  /** The citation an auditor looks up, e.g. `45 CFR 164.312(a)(2)(iii)`. */
  citation: string;
  title: string;
  /** Grouping in the source: the safeguard (HIPAA), the tier (CPG) or the practice (HICP). */
  section: string;
  /** HIPAA only. A standard with no implementation specifications is itself required. */
  requirement?: Requirement;
  /** CPG only. */
  tier?: CpgTier;
  /** The standard or practice a specification or sub-practice belongs to. */
  parent?: string;
  /**
   * Measures (ids in ../evidence/measures.ts) that Wardwatch computes from what it sees; empty when
   * only a person can say (policies, contracts, training) and the control needs an attestation.
   */
  measures: string[];
}
