/** Sigma detection engine: rule loading, compilation, evaluation, correlations and the detector. */
export { sigmaDetectorDef, sigmaConfig, buildSigmaDetector, type SigmaConfig, type SigmaDetector, type SigmaTelemetry } from './detector.js';
export { loadRuleDirs, compileRuleSet, listRuleFiles, type RuleSet, type LoadOptions } from './ruleset.js';
export { SigmaEngine, type LoadedRule, type RuleMatch, type EngineStats } from './engine.js';
export { CorrelationEngine, type CorrelationHit } from './correlation.js';
export { parseSigmaYaml, type ParsedFile } from './parse.js';
export { parseCondition, type ConditionNode } from './condition.js';
export { SigmaError, formatIssue, type RuleIssue, type SigmaErrorReason } from './errors.js';
export { eventLogSource, ruleApplies, type EventLogSource } from './logsource.js';
export { DEFAULT_MAPPINGS, WINDOWS_MAPPINGS, fieldPaths, type FieldMapping } from './mapping.js';
export { AttackCatalog, loadAttackCatalog, type AttackTechnique, type AttackTactic } from './attack.js';
export { alertFromMatch, alertFromCorrelation, severityOf, alertId } from './alert.js';
export type { RuleSelection, RuleCriteria } from './selection.js';
export type { SigmaDoc, SigmaRuleDoc, SigmaCorrelationDoc, SigmaFilterDoc, LogSource } from './rule.js';
