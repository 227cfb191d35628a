/** How a stored column protects the PHI it holds. */
export type Protection =
  /** AES-256-GCM, key derived (HKDF-SHA256) from `secrets/pseudonym.key` (0600); `v1.` + base64url(iv‖tag‖ciphertext). */
  | 'aes-256-gcm-sealed'
  /** AES-256-GCM per row with its own IV and tag columns, pseudonym and kind as associated data. */
  | 'aes-256-gcm-row'
  /** Keyed HMAC-SHA256 pseudonyms (`pt_…`) or keyed hashes: one-way without the key; the identity is only in the vault. */
  | 'hmac-pseudonym';

/** One place Wardwatch keeps PHI, and how it is protected at rest. */
export interface PhiColumn {
  file: 'wardwatch.db' | 'context.db';
  table: string;
  column: string;
  holds: string;
  protection: Protection;
  /** Rows to which the protection applies (others carry no PHI). */
  when?: string;
}

/**
 * Every column that holds PHI, with its protection — the list the privacy page states and the
 * at-rest test checks row by row (`phi-columns.test.ts`).
 */
export const PHI_COLUMNS: readonly PhiColumn[] = [
  { file: 'wardwatch.db', table: 'events', column: 'raw', holds: 'the original record as received (HL7 v2, FHIR AuditEvent, EHR CSV, e-mail)', protection: 'aes-256-gcm-sealed', when: 'records of formats that carry PHI (fhir-audit, hl7v2, ehr-csv, email)' },
  { file: 'wardwatch.db', table: 'events', column: 'doc', holds: 'the parsed event: ehr.patient.id and other patient references', protection: 'hmac-pseudonym' },
  { file: 'wardwatch.db', table: 'alerts', column: 'doc', holds: 'patient entities of EHR alerts', protection: 'hmac-pseudonym' },
  { file: 'wardwatch.db', table: 'alert_entities', column: 'entity_id', holds: 'patient entities of EHR alerts', protection: 'hmac-pseudonym', when: "type = 'patient'" },
  { file: 'wardwatch.db', table: 'dead_letters', column: 'data', holds: 'unreadable records of PHI formats, raw', protection: 'aes-256-gcm-sealed', when: 'parser is one of fhir-audit, hl7v2, ehr-csv, email' },
  { file: 'wardwatch.db', table: 'breach_cases', column: 'doc', holds: 'affected patients of a breach case', protection: 'hmac-pseudonym' },
  { file: 'context.db', table: 'reidentification', column: 'ciphertext', holds: 'the identity behind each pseudonym (identifier, name, birth date)', protection: 'aes-256-gcm-row' },
  { file: 'context.db', table: 'patients', column: 'id, family_key, address_key, street_key, name_key, birth_key', holds: 'patient index keys for the EHR-access detector', protection: 'hmac-pseudonym' },
  { file: 'context.db', table: 'relationships', column: 'patient', holds: 'treatment relationships', protection: 'hmac-pseudonym' },
];

/** Formats whose raw records and dead letters are sealed. */
export const SEALED_FORMATS = ['fhir-audit', 'hl7v2', 'ehr-csv', 'email'] as const;
