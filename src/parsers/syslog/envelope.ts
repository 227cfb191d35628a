/**
 * The syslog envelope: what every syslog flavour carries around the message text,
 * before any program-specific parsing.
 *
 * @example
 * const env: SyslogEnvelope = { format: 'rfc3164', priority: 34, timeMs: 1760220855000, hostname: 'mymachine', appname: 'su', message: 'hi' };
 */
export interface SyslogEnvelope {
  /** `rfc5424`, `rfc3164` (BSD, `Mmm dd hh:mm:ss`) or `iso` (BSD layout with an ISO 8601 timestamp). */
  format: 'rfc5424' | 'rfc3164' | 'iso';
  /** PRI value, when the line had `<PRI>` (file lines usually do not). */
  priority?: number;
  /** RFC 5424 VERSION. */
  version?: string;
  /** Event time (epoch ms), or `undefined` when the record carries none (RFC 5424 NILVALUE, bare `<PRI>MSG`). */
  timeMs?: number;
  hostname?: string;
  /** Program name, without any `(pam_unix)` suffix. */
  appname?: string;
  procid?: string;
  msgid?: string;
  structuredData?: Record<string, Record<string, string>>;
  /** PAM module named in the tag, as old Red Hat syslog wrote it: `sshd(pam_unix)[123]`. */
  pamModule?: string;
  message: string;
}
