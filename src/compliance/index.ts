/**
 * Compliance: HIPAA Security Rule, HPH CPG and 405(d) HICP control catalogues, the automated
 * evidence Wardwatch computes for them, attestations, status history and the auditor's report.
 */
export { CATALOGUE, CPG_CONTROLS, HICP_CONTROLS, HIPAA_CONTROLS, childrenOf, controlById, weightOf, type Control, type Framework } from './controls/index.js';
export { ComplianceRepo, type Attestation, type AttestationInput, type Snapshot } from './evidence/attestations.js';
export { MEASURES, runMeasures } from './evidence/measures.js';
export { evaluate, STATUS_ORDER, type ControlEvaluation, type ControlStatus, type Coverage, type Evaluation } from './evidence/status.js';
export type { MeasureResult, MeasureStatus } from './evidence/types.js';
export { buildHipaaReport, renderHipaaHtml, rowOf, seal, verifySeal, type ControlRow, type HipaaReport } from './report/index.js';
