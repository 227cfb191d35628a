export { importPath, storeParsed, emptyReport, detectFormat, MAX_FEED_BYTES, type ImportReport, type ImportOptions } from './run.js';
export { WarningLists } from './warninglists.js';
export { classifyValue } from './classify.js';
export { readStix } from './stix.js';
export { readMisp } from './misp.js';
export { readCsv, splitCsvLine } from './csv.js';
export { readPlain } from './plain.js';
export type { FeedFormat, ImportProblem, ParsedFeed, ReadOptions } from './types.js';
