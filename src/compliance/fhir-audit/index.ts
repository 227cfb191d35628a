/** Wardwatch's own views of PHI as FHIR R4 AuditEvents (IHE Basic Audit Log Patterns). */
export { checkAuditEvent, PSEUDONYM_SYSTEM, toAuditEvent, type FhirAuditEvent, type PhiView } from './audit-event.js';
export { FhirAuditSink, type FhirAuditStats } from './emitter.js';
