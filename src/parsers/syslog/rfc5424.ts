import { ParseError } from '../../core/errors.js';
import { parseIso8601 } from '../common/iso8601.js';
import type { ZoneResolver } from '../common/zone.js';
import type { SyslogEnvelope } from './envelope.js';
import { parseStructuredData } from './structured-data.js';

const SP = 32;
const NIL = 45; // '-'
const VERSION = /^[1-9][0-9]{0,2}$/;

/**
 * Index of the space ending the header field `field` that starts at `i`; a ParseError naming
 * the field when the header stops there (`next` is the field that should follow).
 */
function fieldEnd(s: string, i: number, field: string, next: string): number {
  if (i >= s.length) throw new ParseError(`truncated RFC 5424 header: missing ${field}`);
  const sp = s.indexOf(' ', i);
  if (sp === i) throw new ParseError(`malformed RFC 5424 header: empty ${field} (two spaces)`);
  if (sp < 0) throw new ParseError(`truncated RFC 5424 header: ends after ${field}, missing ${next}`);
  return sp;
}

/** A header field's value, `undefined` for the NILVALUE `-`. */
function value(s: string, from: number, to: number): string | undefined {
  return to - from === 1 && s.charCodeAt(from) === NIL ? undefined : s.slice(from, to);
}

/**
 * Parse an RFC 5424 message after its `<PRI>`: `VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME
 * SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]`. NILVALUE (`-`) fields are left unset; a
 * UTF-8 BOM opening MSG is dropped. A timestamp without a zone (not allowed by the RFC, but
 * sent by some devices) is read in the configured zone via `toUtc`.
 *
 * @example
 * parseRfc5424('1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - hi', 0, (l) => l)
 * // { format: 'rfc5424', version: '1', timeMs: 1065910455003, hostname: 'mymachine.example.com',
 * //   appname: 'su', msgid: 'ID47', message: 'hi' }
 */
export function parseRfc5424(s: string, start: number, toUtc: ZoneResolver): SyslogEnvelope {
  const vEnd = fieldEnd(s, start, 'VERSION', 'TIMESTAMP');
  const env: SyslogEnvelope = { format: 'rfc5424', version: s.slice(start, vEnd), message: '' };
  if (vEnd - start > 3 || !VERSION.test(env.version ?? '')) {
    throw new ParseError(`malformed RFC 5424 header: VERSION "${env.version}" is not 1-3 digits`);
  }

  let i = vEnd + 1;
  if (s.charCodeAt(i) === NIL && s.charCodeAt(i + 1) === SP) {
    i += 2;
  } else {
    if (i >= s.length) throw new ParseError('truncated RFC 5424 header: missing TIMESTAMP');
    const ts = parseIso8601(s, i);
    if ((ts !== undefined && ts.end >= s.length) || (s.charCodeAt(i) === NIL && i + 1 >= s.length)) {
      throw new ParseError('truncated RFC 5424 header: ends after TIMESTAMP, missing HOSTNAME');
    }
    if (ts === undefined || s.charCodeAt(ts.end) !== SP) {
      const sp = s.indexOf(' ', i);
      throw new ParseError(`invalid RFC 5424 TIMESTAMP "${s.slice(i, sp < 0 ? s.length : sp)}"`);
    }
    env.timeMs = ts.offsetMs === undefined ? toUtc(ts.localMs) : ts.localMs - ts.offsetMs;
    i = ts.end + 1;
  }

  let end = fieldEnd(s, i, 'HOSTNAME', 'APP-NAME');
  const hostname = value(s, i, end);
  if (hostname !== undefined) env.hostname = hostname;
  i = end + 1;
  end = fieldEnd(s, i, 'APP-NAME', 'PROCID');
  const appname = value(s, i, end);
  if (appname !== undefined) env.appname = appname;
  i = end + 1;
  end = fieldEnd(s, i, 'PROCID', 'MSGID');
  const procid = value(s, i, end);
  if (procid !== undefined) env.procid = procid;
  i = end + 1;
  // MSGID is followed by STRUCTURED-DATA, which may end the message, so it needs a space too.
  end = fieldEnd(s, i, 'MSGID', 'STRUCTURED-DATA');
  const msgid = value(s, i, end);
  if (msgid !== undefined) env.msgid = msgid;
  i = end + 1;

  const c = s.charCodeAt(i);
  if (c === NIL) {
    i++;
  } else if (c === 91) {
    const sd = parseStructuredData(s, i);
    env.structuredData = sd.data;
    i = sd.end;
  } else {
    throw new ParseError(i >= s.length ? 'truncated RFC 5424 header: missing STRUCTURED-DATA' : `malformed RFC 5424 header: STRUCTURED-DATA must be "-" or start with "[", got "${s[i]}"`);
  }
  if (i < s.length) {
    if (s.charCodeAt(i) !== SP) throw new ParseError(`malformed RFC 5424 message: expected a space after STRUCTURED-DATA at column ${i + 1}`);
    i++;
    if (s.charCodeAt(i) === 0xfeff) i++;
    env.message = s.slice(i);
  }
  return env;
}
