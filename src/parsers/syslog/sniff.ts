import { parseSyslogLine } from './parse-line.js';

/** Lines looked at; enough to be confident, few enough to stay instant. */
const SAMPLE = 50;
const REFERENCE = Date.UTC(2000, 0, 1);

/**
 * Share (0..1) of the non-empty sample lines that have a readable syslog envelope: `<PRI>`,
 * an RFC 3164 timestamp or an ISO 8601 timestamp in front of a host and tag.
 *
 * @example
 * sniffSyslog(['Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186']) // 1
 * sniffSyslog(['{"a":1}']) // 0
 */
export function sniffSyslog(lines: string[]): number {
  let seen = 0;
  let ok = 0;
  const utc = (l: number): number => l;
  for (const line of lines) {
    if (seen >= SAMPLE) break;
    if (line.trim().length === 0) continue;
    seen++;
    try {
      parseSyslogLine(line, utc, REFERENCE);
      ok++;
    } catch {
      // Not syslog: counts against the score.
    }
  }
  return seen === 0 ? 0 : ok / seen;
}
