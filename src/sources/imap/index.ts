export { imapSource, imapConfig, type ImapConfig } from './source.js';
export { reportedParser } from './reported.js';
