import type { ParserDef } from '../core/components.js';
import type { Registry } from '../core/registry.js';
import { jsonParser } from './json/index.js';
import { linuxAuthParser } from './linux-auth/index.js';
import { syslogParser } from './syslog/index.js';

export { sniffFormat } from './sniff-format.js';
export { syslogParser } from './syslog/index.js';
export { linuxAuthParser, parseAuthMessage } from './linux-auth/index.js';
export { jsonParser } from './json/index.js';

/**
 * The parsers Wardwatch ships, in sniffing priority order (earlier wins a tie).
 *
 * @example
 * BUILTIN_PARSERS.map((p) => p.name) // ['syslog', 'linux-auth', 'json']
 */
export const BUILTIN_PARSERS: readonly ParserDef[] = [syslogParser, linuxAuthParser, jsonParser];

/**
 * Register `syslog`, `linux-auth` and `json`.
 *
 * @example
 * const parsers = new Registry<ParserDef>('parser');
 * registerBuiltinParsers(parsers);
 * parsers.names() // ['json', 'linux-auth', 'syslog']
 */
export function registerBuiltinParsers(registry: Registry<ParserDef>): void {
  for (const def of BUILTIN_PARSERS) registry.register(def.name, def);
}
