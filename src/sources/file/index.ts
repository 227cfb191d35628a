export { readLines, headLines, isGzip, readWhole, MAX_DOCUMENT_BYTES } from './lines.js';
export { walk } from './walk.js';
