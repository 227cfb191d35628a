export { buildApi, type ApiOptions } from './server.js';
export { ensureAdminToken, tokenChecker } from './tokens.js';
