export { readLines, headLines, isGzip } from './lines.js';
export { walk } from './walk.js';
