export type * from './store.js';
export { SqliteStore } from './sqlite/index.js';
