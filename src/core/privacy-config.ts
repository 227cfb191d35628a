import { z } from 'zod';
import { parseDuration } from './duration.js';

const duration = z.string().refine((v) => { try { parseDuration(v); return true; } catch { return false; } }, 'expected a duration like "90s", "15m", "1h"');
const days = z.number().positive();

/**
 * How long Wardwatch keeps each class of what it stores (days). `events` defaults to
 * `store.retentionDays`; `rawRecords` is the original bytes kept beside each event (sealed for
 * PHI formats) and may be dropped earlier than the parsed event; `audit` defaults to six years,
 * the HIPAA documentation retention (45 CFR 164.316(b)(2)).
 */
export const retentionSettings = z.strictObject({
  events: days.optional(),
  rawRecords: days.default(30),
  alerts: days.default(365),
  audit: days.default(2190),
  deadLetters: days.default(30),
  /** How often the running server purges. */
  every: duration.default('1h'),
});

/** Where Wardwatch's own views of PHI go as FHIR R4 AuditEvent (IHE Basic Audit Log Patterns). Off unless a file or URL is set. */
export const fhirAuditSettings = z.strictObject({
  /** NDJSON file (one AuditEvent a line), created 0600. */
  file: z.string().min(1).optional(),
  /** FHIR server base URL: each AuditEvent is POSTed to `<url>/AuditEvent`. */
  url: z.string().url().optional(),
  /** File holding a bearer token for the FHIR server (never in the config itself). */
  tokenFile: z.string().min(1).optional(),
  /** `AuditEvent.source.observer.display` (this Wardwatch instance). */
  observer: z.string().min(1).default('wardwatch'),
});

/** Breach workflow settings. */
export const breachSettings = z.strictObject({
  /** A JSON file of state-law deadlines in the shipped table's shape; the shipped table when absent. */
  stateLaws: z.string().min(1).optional(),
  /** Accesses closer than this belong to the same session when a breach count widens an alert's window. */
  sessionGap: duration.default('15m'),
});

/** `privacy`: how Wardwatch guards the PHI it holds itself. */
export const privacySettings = z.strictObject({
  retention: retentionSettings.prefault({}),
  fhirAudit: fhirAuditSettings.prefault({}),
  breach: breachSettings.prefault({}),
});

export type PrivacySettings = z.infer<typeof privacySettings>;
