import type { ParserDef } from '../../core/components.js';
import { syslogConfig, type SyslogConfig } from './config.js';
import { createSyslogParser } from './parser.js';
import { sniffSyslog } from './sniff.js';

export { syslogConfig, type SyslogConfig } from './config.js';
export { createSyslogParser, type SyslogParserOptions } from './parser.js';
export type { SyslogEnvelope } from './envelope.js';
export { parseSyslogLine } from './parse-line.js';

/**
 * `syslog`: RFC 5424, RFC 3164 (with or without `<PRI>`) and ISO-timestamped syslog file
 * lines into ECS `log.syslog.*`, `host.name`, `process.*`, `message`, `@timestamp`; auth
 * messages (sshd, PAM, sudo, su, …) are further mapped by the `linux-auth` program parsers.
 * RFC 3164 carries no year or zone: see README.md in this folder for the rule.
 *
 * @example
 * const p = syslogParser.build(syslogParser.config.parse({ timezone: 'Europe/Berlin' }), { dataDir: '/tmp' });
 * p.parse({ data: '<34>Oct 11 22:14:15 mymachine su: hi', source: 'syslog-udp:0.0.0.0:514', receivedAt: Date.now() });
 */
export const syslogParser: ParserDef<SyslogConfig> = {
  name: 'syslog',
  description: 'Syslog (RFC 5424, RFC 3164, file lines) with Linux auth message mapping',
  config: syslogConfig,
  build: (config) => createSyslogParser(config, { name: 'syslog', requireRecognisedBody: false }),
  sniff: sniffSyslog,
};
