export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export { InlineWriter, ThreadWriter } from './writer.js';
export { workerUrl } from './worker-url.js';
export { ContextStore } from './context-store.js';
