export { readLines, headLines, headText, isGzip, readTextChunks, readWhole, MAX_DOCUMENT_BYTES } from './lines.js';
export { walk } from './walk.js';
