import type { Coding } from './fhir-node.js';

/** DICOM audit event ids/types (DCM 1101xx) → `event.action`. */
export const DICOM_ACTIONS: Readonly<Record<string, string>> = {
  '110100': 'application_activity', '110101': 'audit_log_used', '110102': 'begin_transferring_dicom_instances',
  '110103': 'dicom_instances_accessed', '110104': 'dicom_instances_transferred', '110105': 'dicom_study_deleted',
  '110106': 'export', '110107': 'import', '110108': 'network_entry', '110109': 'order_record', '110110': 'patient_record',
  '110111': 'procedure_record', '110112': 'query', '110113': 'security_alert', '110114': 'user_authentication',
  '110120': 'application_start', '110121': 'application_stop', '110122': 'login', '110123': 'logout', '110124': 'attach',
  '110125': 'detach', '110126': 'node_authentication', '110127': 'emergency_override_started',
  '110128': 'network_configuration', '110129': 'security_configuration', '110130': 'hardware_configuration',
  '110131': 'software_configuration', '110132': 'use_of_restricted_function', '110133': 'audit_recording_stopped',
  '110134': 'audit_recording_started', '110135': 'object_security_attributes_changed', '110136': 'security_roles_changed',
  '110137': 'user_security_attributes_changed', '110138': 'emergency_override_stopped',
  '110139': 'remote_service_operation_started', '110140': 'remote_service_operation_stopped',
  '110141': 'local_service_operation_started', '110142': 'local_service_operation_stopped',
};

/** FHIR restful-interaction codes → `ehr.action`. */
export const REST_EHR_ACTION: Readonly<Record<string, string>> = {
  read: 'view', vread: 'view', 'history-instance': 'view', 'history-type': 'query', 'history-system': 'query', history: 'query',
  search: 'query', 'search-type': 'query', 'search-system': 'query', 'search-compartment': 'query',
  create: 'create', update: 'update', patch: 'update', delete: 'delete',   capabilities: 'query',
};

/** AuditEvent.action (C/R/U/D/E) → `ehr.action` and ECS `event.type` (E, execute, has no `ehr.action` of its own). */
export const ACTION_CODES: Readonly<Record<string, { ehr: string | undefined; type: string }>> = {
  C: { ehr: 'create', type: 'creation' },
  R: { ehr: 'view', type: 'access' },
  U: { ehr: 'update', type: 'change' },
  D: { ehr: 'delete', type: 'deletion' },
  E: { ehr: undefined, type: 'info' },
};

/** Purpose-of-use codes that mean emergency / break-glass access. */
export const BREAK_GLASS_PURPOSES: ReadonlySet<string> = new Set(['ETREAT', 'BTG', 'ERTREAT', 'EMERGENCY']);

/** Confidentiality and sensitivity codes that mark a VIP / celebrity record. */
export const VIP_LABELS: ReadonlySet<string> = new Set(['CEL', 'VIP']);

/** Security-label systems whose codes are reported in `ehr.patient.sensitivity`. */
export const LABEL_SYSTEMS: ReadonlySet<string> = new Set([
  'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
  'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  'http://hl7.org/fhir/v3/Confidentiality',
  'http://hl7.org/fhir/v3/ActCode',
  'urn:oid:2.16.840.1.113883.5.25',
  'urn:oid:2.16.840.1.113883.5.4',
]);

/**
 * Security-label codes worth reporting: confidentiality (`R`, `V`, …) and sensitivity (`PSY`, `HIV`, `CEL`, …)
 * codes of the v3 systems; handling caveats (`DELAU`, `NOREUSE`…) are not sensitivity and are left out.
 *
 * @example
 * sensitivityCodes([{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'V' }]) // ['V']
 */
export function sensitivityCodes(labels: Coding[]): string[] {
  const out = new Set<string>();
  for (const c of labels) {
    if (c.code === undefined) continue;
    if (c.system !== undefined && !LABEL_SYSTEMS.has(c.system)) continue;
    const code = c.code.toUpperCase();
    // Confidentiality codes are single letters; sensitivity codes are the v3 ActCode
    // _InformationSensitivityPolicy family (ETH, PSY, HIV, SDV, CEL, EMP, …): short all-caps words.
    if (/^[ULMNRV]$/.test(code) || /^[A-Z]{2,6}$/.test(code)) {
      if (!HANDLING_CAVEATS.has(code)) out.add(code);
    }
  }
  return [...out];
}

/** v3 ActCode obligations / refrain policies that are not about the record's sensitivity. */
const HANDLING_CAVEATS: ReadonlySet<string> = new Set([
  'DELAU', 'NOREUSE', 'NOCOLLECT', 'NODSCLCD', 'NODSCLCDS', 'NOINTEGRATE', 'NOLIST', 'NOMOU', 'NOORGPOL', 'NOPAT',
  'NOPERSISTP', 'NORDSCLCD', 'NORDSCLCDS', 'NORDSCLW', 'NORELINK', 'NOREUSE', 'NOVIP', 'ORCON', 'ENCRYPT', 'ENCRYPTR',
  'ENCRYPTT', 'ENCRYPTU', 'PERSISTLABEL', 'PRIVMARK', 'PSEUD', 'REDACT', 'ANONY', 'AUDIT', 'AUDTR', 'CPLYCC', 'CPLYCD',
  'CPLYJPP', 'CPLYOPP', 'CPLYOSP', 'CPLYPOL', 'DEID', 'MASK', 'BTG', 'HTEST',
]);
