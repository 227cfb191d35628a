export { readLines, headLines, headText, isGzip, readTextChunks, readWhole, MAX_DOCUMENT_BYTES, MAX_LINE_CHARS, LONG_LINE_HEAD } from './lines.js';
export { walk } from './walk.js';
