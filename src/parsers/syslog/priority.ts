/**
 * Facility and severity names for the syslog PRI value (RFC 5424 §6.2.1). Names are the
 * keywords operators use in syslog configuration (`auth.err`, `local7.info`).
 */

/**
 * Facility keyword by code 0..23.
 *
 * @example
 * FACILITY_NAMES[10] // 'authpriv'
 */
export const FACILITY_NAMES: readonly string[] = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp',
  'ntp', 'security', 'console', 'solaris-cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5',
  'local6', 'local7',
];

/**
 * Severity keyword by code 0..7.
 *
 * @example
 * SEVERITY_NAMES[3] // 'err'
 */
export const SEVERITY_NAMES: readonly string[] = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

/**
 * Largest valid PRI: facility 23 (local7) × 8 + severity 7 (debug).
 *
 * @example
 * if (pri > MAX_PRIORITY) throw new ParseError(`PRI ${pri} out of range`);
 */
export const MAX_PRIORITY = 191;

/**
 * A PRI value split into its parts.
 *
 * @example
 * const p: DecodedPriority = { priority: 86, facility: { code: 10, name: 'authpriv' }, severity: { code: 6, name: 'info' } };
 */
export interface DecodedPriority {
  priority: number;
  facility: { code: number; name: string };
  severity: { code: number; name: string };
}

/**
 * Split a PRI value (0..191) into facility and severity.
 *
 * @example
 * decodePriority(34) // { priority: 34, facility: { code: 4, name: 'auth' }, severity: { code: 2, name: 'crit' } }
 */
export function decodePriority(priority: number): DecodedPriority {
  const f = priority >> 3;
  const s = priority & 7;
  return {
    priority,
    facility: { code: f, name: FACILITY_NAMES[f] ?? String(f) },
    severity: { code: s, name: SEVERITY_NAMES[s] ?? String(s) },
  };
}
