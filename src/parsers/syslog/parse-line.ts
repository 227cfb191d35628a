import { ParseError } from '../../core/errors.js';
import { parseIso8601 } from '../common/iso8601.js';
import type { ZoneResolver } from '../common/zone.js';
import { bsdMonthAt, parseBsdTimestamp } from './bsd-timestamp.js';
import type { SyslogEnvelope } from './envelope.js';
import { parseHostAndTag } from './host-and-tag.js';
import { MAX_PRIORITY } from './priority.js';
import { parseRfc5424 } from './rfc5424.js';
import { resolveBsdTime } from './year-rule.js';

const NOT_SYSLOG =
  'not a syslog line: expected "<PRI>", an RFC 3164 timestamp like "Oct 11 22:14:15" or an ISO 8601 timestamp at the start';

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Whether an ISO 8601 date (`YYYY-`) starts at `i`. */
function isoDateAt(s: string, i: number): boolean {
  return isDigit(s.charCodeAt(i)) && isDigit(s.charCodeAt(i + 1)) && isDigit(s.charCodeAt(i + 2)) &&
    isDigit(s.charCodeAt(i + 3)) && s.charCodeAt(i + 4) === 45;
}

/** Index past trailing CR, LF, spaces and tabs: framing left-overs, never meaningful. */
function trimmedEnd(s: string): number {
  let end = s.length;
  for (let c = s.charCodeAt(end - 1); c === 32 || c === 13 || c === 10 || c === 9; c = s.charCodeAt(end - 1)) end--;
  return end;
}

/** Read `<PRI>` at 0; returns [priority, index after ">"]. */
function readPriority(s: string): [number, number] {
  let n = 0;
  let i = 1;
  for (; i < s.length && i <= 4 && isDigit(s.charCodeAt(i)); i++) n = n * 10 + s.charCodeAt(i) - 48;
  if (i === 1 || i > 4 || s.charCodeAt(i) !== 62) {
    throw new ParseError(`malformed PRI "${s.slice(0, Math.min(s.length, 6))}": expected "<" then 1-3 digits then ">"`);
  }
  if (n > MAX_PRIORITY) throw new ParseError(`PRI ${n} out of range (0-${MAX_PRIORITY})`);
  return [n, i + 1];
}

/**
 * Parse one syslog line into its envelope. Accepted shapes:
 * - RFC 5424: `<PRI>VERSION TIMESTAMP HOST APP PROCID MSGID SD [MSG]`;
 * - RFC 3164, with or without `<PRI>`: `Mmm dd hh:mm:ss HOST TAG: MSG`, the year and zone
 *   coming from `referenceMs` and `toUtc` (see `resolveBsdTime`);
 * - ISO file lines, with or without `<PRI>`: `2026-01-05T10:00:00.123+01:00 HOST TAG: MSG`;
 * - `<PRI>MSG` with no timestamp at all (RFC 3164 §4.3.3), which leaves `timeMs` unset.
 * Anything else throws {@link ParseError} saying what was expected.
 *
 * @example
 * parseSyslogLine('<34>Oct 11 22:14:15 mymachine su: hi', (l) => l, Date.UTC(2026, 0, 1)).appname // 'su'
 */
export function parseSyslogLine(line: string, toUtc: ZoneResolver, referenceMs: number): SyslogEnvelope {
  const end = trimmedEnd(line);
  // A UTF-8 BOM may open the first line of a file.
  const start = line.charCodeAt(0) === 0xfeff ? 1 : 0;
  const s = end === line.length && start === 0 ? line : line.slice(start, end);
  if (s.length === 0) throw new ParseError('empty record');
  let i = 0;
  let priority: number | undefined;
  if (s.charCodeAt(0) === 60) [priority, i] = readPriority(s);

  let env: SyslogEnvelope;
  const c = s.charCodeAt(i);
  if (isDigit(c) && isoDateAt(s, i)) {
    const ts = parseIso8601(s, i);
    if (ts === undefined || (ts.end < s.length && s.charCodeAt(ts.end) !== 32)) {
      const sp = s.indexOf(' ', i);
      throw new ParseError(`invalid ISO 8601 timestamp "${s.slice(i, sp < 0 ? s.length : sp)}"`);
    }
    if (ts.end >= s.length) throw new ParseError('truncated syslog line: nothing after the timestamp');
    env = { format: 'iso', message: '' };
    parseHostAndTag(s, ts.end + 1, env);
    env.timeMs = ts.offsetMs === undefined ? toUtc(ts.localMs) : ts.localMs - ts.offsetMs;
  } else if (isDigit(c) && priority !== undefined) {
    env = parseRfc5424(s, i, toUtc);
  } else if (bsdMonthAt(s, i) !== 0) {
    const ts = parseBsdTimestamp(s, i);
    if (ts.end < s.length && s.charCodeAt(ts.end) !== 32) {
      throw new ParseError(`invalid RFC 3164 timestamp "${s.slice(i, ts.end + 1)}": expected a space after it`);
    }
    if (ts.end >= s.length) throw new ParseError('truncated syslog line: nothing after the timestamp');
    env = { format: 'rfc3164', message: '' };
    parseHostAndTag(s, ts.end + 1, env);
    env.timeMs = resolveBsdTime(ts, referenceMs, toUtc);
  } else if (priority !== undefined) {
    // `<13>hello`: a PRI and bare content; the relay (us) supplies the time.
    env = { format: 'rfc3164', message: s.slice(i) };
  } else {
    throw new ParseError(NOT_SYSLOG);
  }
  if (priority !== undefined) env.priority = priority;
  return env;
}
