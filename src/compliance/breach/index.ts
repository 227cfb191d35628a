/**
 * The HIPAA breach workflow: count the patients an incident touched, pre-fill the four-factor
 * risk assessment, run the notification clock, and produce the notification pack.
 */
export { accessOf, countAffected, scopeOf, DEFAULT_SESSION_GAP_MS, type AffectedCount, type BreachScope, type PatientAccesses, type PhiAccess } from './count.js';
export { prefillAssessment, type AssessmentInput, type Factor, type FourFactors } from './assessment.js';
export { addDays, breachClock, loadStateLaws, HIPAA_MEDIA_THRESHOLD, HIPAA_NOTICE_DAYS, type BreachClock, type Deadline, type StateLaw } from './clock.js';
export { BREACH_STATES, BreachRepo, type BreachCase, type BreachState, type BreachStep } from './repo.js';
export { openBreachCase, patchBreachCase, type BreachPatch, type BreachStore, type IncidentLike, type PatientLookup } from './service.js';
export { buildPack, packCsv, type NotificationPack, type PackRow } from './pack.js';
