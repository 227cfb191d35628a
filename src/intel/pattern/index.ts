export type { Comparison, Observation, ObjectPath, Literal, CompareOp } from './ast.js';
export { parsePattern } from './parser.js';
export { evaluatePattern, comparisonMatches, type ObservationInput } from './evaluate.js';
export { extractAtoms, normaliseUrl, type Atom, type AtomKind, type Extraction } from './extract.js';
