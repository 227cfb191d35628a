export { syslogSource } from './source.js';
export { SyslogFramer } from './framing.js';
