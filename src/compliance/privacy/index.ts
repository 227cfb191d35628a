/** How Wardwatch guards the PHI it holds: the PHI columns and the generated privacy statement. */
export { PHI_COLUMNS, SEALED_FORMATS, type PhiColumn, type Protection } from './phi-columns.js';
export { privacyStatement, type PrivacyStatement, type StoredClass } from './statement.js';
