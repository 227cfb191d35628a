export { ensureSelfSigned, SELF_SIGNED_DIR, type SelfSigned } from './self-signed.js';
export { loadTlsServer, type LoadedTls } from './server-options.js';
