export * from './types.js';
export { scoId, sdoId, uuidv5, canonicalJson, STIX_SCO_NAMESPACE, WARDWATCH_NAMESPACE, STIX_ID_RE } from './ids.js';
export { tlpMarking, tlpOf, strictestTlp, TLP_LEVELS, TLP2_EXTENSION_ID, type TlpLevel } from './tlp.js';
export { StixValidator, DEFAULT_SCHEMA_DIR, type StixProblem } from './validate.js';
export { IntelError, type IntelErrorCode } from './errors.js';
