export { Scrubber, REMOVAL_REASONS, DEFAULT_INTERNAL_SUFFIXES, ALWAYS_INTERNAL, type Finding, type RemovalReason, type ScrubPolicy, type ScrubTerms } from './scrub.js';
export { readings } from './decode.js';
export { siteTerms, addLogin, DEFAULT_PATIENT_ID_SYSTEMS } from './terms.js';
export { draftShareBundle, leakCheck, type ShareDraft, type ShareIncident, type RemovedItem, type DraftOptions } from './draft.js';
export { checkStructure } from './structure.js';
export { ShareService, type ShareDeps, type ShareProposal } from './service.js';
