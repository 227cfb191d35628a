import type { Role } from '../../store/sqlite/users.js';

/**
 * What a route needs. Every route declares one in `config.perm` (or `config.public: true`); a route
 * that declares neither makes `buildApi` fail, and is refused at run time (deny by default).
 */
/** `respond`: approve, reject and undo response actions (see docs/respond.md). */
export type Permission = 'read' | 'triage' | 'reveal' | 'audit' | 'admin' | 'ingest' | 'respond'
  /** `ehr:templates`: approve and retire mined EHR explanation templates (the privacy officer's call). */
  | 'ehr:templates';

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set<Permission>(['read', 'triage', 'audit', 'admin', 'ingest', 'respond']),
  analyst: new Set<Permission>(['read', 'triage', 'respond']),
  privacy_officer: new Set<Permission>(['read', 'reveal', 'audit', 'ehr:templates']),
  auditor: new Set<Permission>(['read', 'audit']),
  // Biomedical engineering: approves (or refuses) actions against life-sustaining and diagnostic devices.
  biomed: new Set<Permission>(['read', 'respond']),
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
