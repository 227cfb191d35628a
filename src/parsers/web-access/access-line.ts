import { ParseError } from '../../core/errors.js';

/**
 * The fields of one Common / Combined Log Format line, as logged (escapes kept).
 *
 * @example
 * const l: AccessLine = { host: '192.168.1.2', ident: '-', user: '-', time: '10/Oct/2000:13:55:36 -0700', request: 'GET / HTTP/1.0', status: '200', bytes: '2326' };
 */
export interface AccessLine {
  host: string;
  ident: string;
  user: string;
  time: string;
  request: string;
  status: string;
  bytes: string;
  referrer?: string;
  userAgent?: string;
  /** Anything logged after the combined fields (nginx `$http_x_forwarded_for`, timing, …). */
  extra?: string;
}

/** Index of the `"` closing a quoted field opened just before `i`; `\` escapes the next character. -1 when unterminated. */
function closingQuote(s: string, i: number): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i;
  }
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Whether ` NNN size` (or `-` for either) follows the quote at `q`, then a space or the end. */
function statusFollows(s: string, q: number): boolean {
  let i = q + 1;
  if (s.charCodeAt(i) !== 32) return false;
  i++;
  if (s.charCodeAt(i) === 45) i++;
  else if (isDigit(s.charCodeAt(i)) && isDigit(s.charCodeAt(i + 1)) && isDigit(s.charCodeAt(i + 2))) i += 3;
  else return false;
  if (s.charCodeAt(i) !== 32) return false;
  i++;
  const start = i;
  while (isDigit(s.charCodeAt(i))) i++;
  if (i === start && s.charCodeAt(i++) !== 45) return false;
  return i >= s.length || s.charCodeAt(i) === 32;
}

function token(s: string, i: number): number {
  const sp = s.indexOf(' ', i);
  return sp < 0 ? s.length : sp;
}

/**
 * Split a CLF / combined line: `%h %l %u [%t] "%r" %>s %b ["%{Referer}i" "%{User-agent}i"] [more]`.
 * Apache's `\"`/`\\` and nginx's `\x22` escapes stay as written. Throws {@link ParseError} naming
 * the field where the line stops matching.
 *
 * @example
 * scanAccessLine('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326')
 * // { host: '127.0.0.1', ident: '-', user: 'frank', time: '10/Oct/2000:13:55:36 -0700', request: 'GET /apache_pb.gif HTTP/1.0', status: '200', bytes: '2326' }
 */
export function scanAccessLine(s: string): AccessLine {
  const hostEnd = s.indexOf(' ');
  if (hostEnd <= 0) throw new ParseError('not an access-log line: expected "host ident user [time] \\"request\\" status bytes"');
  const open = s.indexOf(' [', hostEnd);
  if (open < 0) throw new ParseError('not an access-log line: no "[time]" after host, ident and user');
  const identEnd = token(s, hostEnd + 1);
  if (identEnd >= open) throw new ParseError('not an access-log line: expected ident and user before "[time]"');
  const close = s.indexOf(']', open + 2);
  if (close < 0) throw new ParseError('access-log time is not closed by "]"');
  const line: AccessLine = {
    host: s.slice(0, hostEnd),
    ident: s.slice(hostEnd + 1, identEnd),
    user: s.slice(identEnd + 1, open),
    time: s.slice(open + 2, close),
    request: '',
    status: '',
    bytes: '',
  };
  if (s.charCodeAt(close + 1) !== 32 || s.charCodeAt(close + 2) !== 34) throw new ParseError('access-log line: expected " \\"request\\"" after the time');
  let reqEnd = closingQuote(s, close + 3);
  if (reqEnd < 0) throw new ParseError('access-log line: the request field is not closed by \'"\'');
  // Tomcat and some proxies do not escape '"' inside the request: the request then ends at the
  // first quote that status and size follow.
  if (!statusFollows(s, reqEnd)) {
    for (let q = s.indexOf('"', reqEnd + 1); q >= 0; q = s.indexOf('"', q + 1)) {
      if (statusFollows(s, q)) {
        reqEnd = q;
        break;
      }
    }
  }
  line.request = s.slice(close + 3, reqEnd);
  if (s.charCodeAt(reqEnd + 1) !== 32) throw new ParseError('access-log line: expected the status code after the request');
  const statusEnd = token(s, reqEnd + 2);
  line.status = s.slice(reqEnd + 2, statusEnd);
  if (statusEnd >= s.length) throw new ParseError('access-log line: expected the response size after the status code');
  const bytesEnd = token(s, statusEnd + 1);
  line.bytes = s.slice(statusEnd + 1, bytesEnd);
  let i = bytesEnd;
  if (s.charCodeAt(i) === 32 && s.charCodeAt(i + 1) === 34) {
    const refEnd = closingQuote(s, i + 2);
    if (refEnd < 0) throw new ParseError('access-log line: the referrer field is not closed by \'"\'');
    line.referrer = s.slice(i + 2, refEnd);
    i = refEnd + 1;
    if (s.charCodeAt(i) === 32 && s.charCodeAt(i + 1) === 34) {
      const uaEnd = closingQuote(s, i + 2);
      if (uaEnd < 0) throw new ParseError('access-log line: the user-agent field is not closed by \'"\'');
      line.userAgent = s.slice(i + 2, uaEnd);
      i = uaEnd + 1;
    }
  }
  const extra = s.slice(i).trim();
  if (extra.length > 0) line.extra = extra;
  return line;
}
