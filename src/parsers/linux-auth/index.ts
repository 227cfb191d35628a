import type { ParserDef } from '../../core/components.js';
import { syslogConfig, type SyslogConfig } from '../syslog/config.js';
import { createSyslogParser } from '../syslog/parser.js';

export { parseAuthMessage, AUTH_PROGRAMS } from './parse-auth-message.js';

/**
 * `linux-auth`: the syslog parser for files that hold only auth messages (auth.log, secure).
 * It reads the envelope exactly as `syslog` does and then requires the message to be a
 * recognised auth message; anything else is a {@link ParseError} (dead letter), which makes
 * a misrouted source visible. For mixed files use `syslog`, which enriches the same auth
 * messages and keeps the rest as plain events. No `sniff`: `syslog` is always the better
 * guess for `--format auto`.
 *
 * @example
 * const p = linuxAuthParser.build(linuxAuthParser.config.parse({}), { dataDir: '/tmp' });
 * p.parse({ data: 'Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186', source: 'file:auth.log', receivedAt: Date.now() });
 */
export const linuxAuthParser: ParserDef<SyslogConfig> = {
  name: 'linux-auth',
  description: 'Linux auth logs (sshd, PAM, sudo, su, login, user management) in syslog framing; unrecognised messages are dead-lettered',
  config: syslogConfig,
  build: (config) => createSyslogParser(config, { name: 'linux-auth', requireRecognisedBody: true }),
};
