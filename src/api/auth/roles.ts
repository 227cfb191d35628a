import type { Role } from '../../store/sqlite/users.js';

/**
 * What a route needs. Every route declares one in `config.perm` (or `config.public: true`); a route
 * that declares neither makes `buildApi` fail, and is refused at run time (deny by default).
 *
 * `respond`: approve, reject and undo response actions (see docs/respond.md).
 * `intel:share`: propose sharing an incident as STIX; `intel:share:approve`: approve or reject a
 * draft (never one's own: four eyes) so it is published (see docs/intel.md).
 * `devices`: override a device's type or criticality (docs/devices.md).
 * `breach:read` / `breach:manage`: see and run HIPAA breach cases; `phi:reidentify`: a breach pack
 * with identities (privacy officer only, each identity an audited reveal) — docs/compliance-breach.md.
 * `compliance:read`: HIPAA control status, evidence and reports; `compliance:attest`: record attestations (docs/compliance.md).
 */
export type Permission = 'read' | 'triage' | 'reveal' | 'audit' | 'admin' | 'ingest' | 'respond' | 'intel:share' | 'intel:share:approve' | 'devices' | 'breach:read' | 'breach:manage' | 'phi:reidentify' | 'compliance:read' | 'compliance:attest'
  /** `ehr:templates`: approve and retire mined EHR explanation templates (the privacy officer's call). */
  | 'ehr:templates';

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set<Permission>(['read', 'triage', 'audit', 'admin', 'ingest', 'respond', 'intel:share', 'intel:share:approve', 'devices', 'breach:read', 'breach:manage', 'compliance:read', 'compliance:attest']),
  analyst: new Set<Permission>(['read', 'triage', 'respond', 'intel:share']),
  // The privacy officer answers for what leaves with PHI stripped: they approve shares.
  privacy_officer: new Set<Permission>(['read', 'reveal', 'audit', 'intel:share:approve', 'breach:read', 'breach:manage', 'phi:reidentify', 'compliance:read', 'compliance:attest', 'ehr:templates']),
  auditor: new Set<Permission>(['read', 'audit', 'breach:read', 'compliance:read']),
  // Biomedical engineering: approves (or refuses) actions against life-sustaining and diagnostic devices.
  // …and owns what the inventory says a device is and how critical it is.
  biomed: new Set<Permission>(['read', 'respond', 'devices']),
};

/**
 * Whether a role holds a permission. Only the privacy officer may reveal a patient identity —
 * not even an admin, so that reveals stay with the role that answers for them.
 *
 * @example
 * can('auditor', 'triage') // false
 */
export function can(role: Role, perm: Permission): boolean {
  return GRANTS[role].has(perm);
}

/** Permissions of a role, for the console to hide what it cannot do. */
export function permissionsOf(role: Role): Permission[] {
  return [...GRANTS[role]];
}
