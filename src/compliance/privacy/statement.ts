import { join } from 'node:path';
import type { PrivacySettings } from '../../core/privacy-config.js';
import type { DataClass } from '../retention/index.js';
import { PHI_COLUMNS, type PhiColumn } from './phi-columns.js';

/** One kind of stored data on the privacy page: what, where, how long, how protected. */
export interface StoredClass {
  what: string;
  where: string;
  retention: string;
  phi: boolean;
  protection: string;
}

/** The privacy statement, generated from the live configuration. */
export interface PrivacyStatement {
  generated: string;
  dataDir: string;
  stored: StoredClass[];
  phiColumns: PhiColumn[];
  /** Who may see or do what: role → permissions, and which permissions show PHI. */
  access: Array<{ role: string; permissions: string[] }>;
  permissions: Record<string, string>;
  /** Where Wardwatch's own views of PHI are sent as FHIR AuditEvents (none when off). */
  fhirAudit: { file?: string; url?: string };
}

const PERMISSIONS: Record<string, string> = {
  read: 'events, alerts, incidents and entities — patients by pseudonym only; every view of EHR data audited',
  triage: 'change alert and incident status, verdicts, suppressions',
  reveal: 'decrypt the identity behind a patient pseudonym or a sealed record, with a reason; audited before decryption',
  audit: 'read the audit log',
  admin: 'users, rule switches, configuration',
  ingest: 'send events',
  respond: 'approve, reject and undo response actions',
  'breach:read': 'breach cases, their clocks and notification packs (pseudonyms)',
  'breach:manage': 'open and update breach cases',
  'phi:reidentify': 'a breach notification pack with identities; each identity an audited reveal',
};

/**
 * State what Wardwatch stores, where, for how long, how it is protected and who can see it — from
 * the configuration the server runs with, not from prose that can drift.
 *
 * @example
 * privacyStatement('/var/lib/wardwatch', cfg.privacy, days, roles).stored[0].where // '/var/lib/wardwatch/wardwatch.db (events)'
 */
export function privacyStatement(dataDir: string, privacy: PrivacySettings, days: Record<DataClass, number>, roles: Record<string, string[]>, now = Date.now()): PrivacyStatement {
  const db = join(dataDir, 'wardwatch.db');
  const ctx = join(dataDir, 'context.db');
  const d = (n: number) => `${n} days`;
  const stored: StoredClass[] = [
    { what: 'events (parsed, normalised)', where: `${db} (events, event_entities)`, retention: d(days.events), phi: true, protection: 'patient identifiers replaced by keyed HMAC-SHA256 pseudonyms while parsing' },
    { what: 'raw records as received', where: `${db} (events.raw)`, retention: d(days.rawRecords), phi: true, protection: 'PHI formats sealed with AES-256-GCM; others in clear' },
    { what: 'alerts and their explanations', where: `${db} (alerts, alert_entities, triage)`, retention: d(days.alerts), phi: true, protection: 'patients by pseudonym' },
    { what: 'audit log (who saw or changed what)', where: `${db} (audit)`, retention: d(days.audit), phi: false, protection: 'pseudonyms and ids only' },
    { what: 'dead letters (records that could not be read)', where: `${db} (dead_letters)`, retention: d(days.deadLetters), phi: true, protection: 'PHI formats sealed with AES-256-GCM' },
    { what: 'breach cases', where: `${db} (breach_cases)`, retention: 'kept (HIPAA documentation, 6 years; delete by hand)', phi: true, protection: 'patients by pseudonym' },
    { what: 'clinical context: patient index, staff roster, treatment relationships', where: `${ctx} (patients, staff, relationships)`, retention: 'replaced on each context load', phi: true, protection: 'patients by pseudonym and keyed hashes; staff names in clear (workforce data)' },
    { what: 'identity behind each pseudonym', where: `${ctx} (reidentification)`, retention: 'kept while the pseudonym is in use', phi: true, protection: 'AES-256-GCM per row; decrypted only by a privacy officer, audited first' },
    { what: 'pseudonymisation and sealing key', where: join(dataDir, 'secrets', 'pseudonym.key'), retention: 'kept', phi: false, protection: 'file mode 0600 in a 0700 folder' },
    ...(privacy.fhirAudit.file ? [{ what: 'FHIR AuditEvents of views of PHI', where: privacy.fhirAudit.file, retention: 'not purged by Wardwatch (rotate it)', phi: true, protection: 'patients by pseudonym; file mode 0600' }] : []),
  ];
  return {
    generated: new Date(now).toISOString(), dataDir, stored, phiColumns: [...PHI_COLUMNS],
    access: Object.entries(roles).map(([role, permissions]) => ({ role, permissions: [...permissions].sort() })),
    permissions: PERMISSIONS,
    fhirAudit: { ...(privacy.fhirAudit.file ? { file: privacy.fhirAudit.file } : {}), ...(privacy.fhirAudit.url ? { url: privacy.fhirAudit.url } : {}) },
  };
}
