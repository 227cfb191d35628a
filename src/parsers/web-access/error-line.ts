import { ParseError } from '../../core/errors.js';
import { DAY_MS, daysFromCivil, daysInMonth } from '../common/civil-time.js';
import { monthAt } from './clf-time.js';

/**
 * One error-log line split into its parts. `localMs` is the wall-clock time as if UTC (error logs
 * carry no zone).
 *
 * @example
 * const e: ErrorLine = { localMs: 1133671664000, level: 'error', message: 'mod_jk child workerEnv in error state 6' };
 */
export interface ErrorLine {
  localMs: number;
  level: string;
  /** Apache 2.4 `[module:level]`. */
  module?: string;
  pid?: number;
  tid?: string;
  client?: string;
  clientPort?: number;
  /** Apache 2.4 error id (`AH00128`). */
  code?: string;
  /** nginx `*cid` connection number. */
  connection?: string;
  /** nginx `, key: value` context after the message (`server`, `request`, `host`, …). */
  context?: Record<string, string>;
  message: string;
}

function num(s: string, from: number, to: number): number {
  if (to <= from) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function wallClock(y: number, mo: number, d: number, hh: number, mm: number, ss: number, ms: number, text: string): number {
  if (y < 0 || mo < 1 || d < 1 || d > daysInMonth(y, mo) || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59) {
    throw new ParseError(`invalid error-log time "${text}"`);
  }
  return daysFromCivil(y, mo, d) * DAY_MS + ((hh * 60 + mm) * 60 + ss) * 1000 + ms;
}

/** `Sun Dec 04 04:47:44 2005` or `Thu May 12 08:28:57.652118 2011` (Apache's ctime-style time). */
function apacheTime(t: string): number {
  // Www Mmm dd hh:mm:ss[.frac] yyyy
  const mo = monthAt(t, 4);
  let i = 8;
  if (t.charCodeAt(i) === 32) i++;
  const dEnd = t.indexOf(' ', i);
  const d = num(t, i, dEnd);
  const hh = num(t, dEnd + 1, dEnd + 3);
  const mm = num(t, dEnd + 4, dEnd + 6);
  const ss = num(t, dEnd + 7, dEnd + 9);
  if (mo === 0 || dEnd < 0 || t.charCodeAt(dEnd + 3) !== 58 || t.charCodeAt(dEnd + 6) !== 58) throw new ParseError(`invalid Apache error-log time "${t}": expected "Www Mmm dd hh:mm:ss yyyy"`);
  let j = dEnd + 9;
  let ms = 0;
  if (t.charCodeAt(j) === 46) {
    const sp = t.indexOf(' ', j);
    const frac = t.slice(j + 1, sp < 0 ? t.length : sp);
    // Digits only: `65E118` would read as a number far past any date.
    if (!/^\d{1,9}$/.test(frac)) throw new ParseError(`invalid Apache error-log time "${t}": fractional seconds must be digits`);
    ms = Math.floor(Number(`0.${frac}`) * 1000);
    j = sp < 0 ? t.length : sp;
  }
  if (t.charCodeAt(j) !== 32) throw new ParseError(`invalid Apache error-log time "${t}": expected the year after the time`);
  const y = num(t, j + 1, t.length);
  return wallClock(y, mo, d, hh, mm, ss, Number.isFinite(ms) ? ms : 0, t);
}

/** Apache: `[time] [level] [pid N:tid M] [client ip:port] AHnnnnn: message` (2.4) or `[time] [level] [client ip] message` (2.0/2.2). */
function apacheLine(s: string): ErrorLine {
  const close = s.indexOf(']');
  if (close < 0) throw new ParseError('Apache error-log time is not closed by "]"');
  const localMs = apacheTime(s.slice(1, close));
  let i = close + 1;
  if (s.charCodeAt(i) !== 32 || s.charCodeAt(i + 1) !== 91) throw new ParseError('Apache error-log line: expected " [level]" after the time');
  const lvlEnd = s.indexOf(']', i + 2);
  if (lvlEnd < 0) throw new ParseError('Apache error-log level is not closed by "]"');
  const lvl = s.slice(i + 2, lvlEnd);
  const colon = lvl.indexOf(':');
  const out: ErrorLine = { localMs, level: colon < 0 ? lvl : lvl.slice(colon + 1), message: '' };
  if (colon >= 0) out.module = lvl.slice(0, colon);
  i = lvlEnd + 1;
  // Optional bracketed parts: [pid …], [client …], [remote …].
  while (s.charCodeAt(i) === 32 && s.charCodeAt(i + 1) === 91) {
    const end = s.indexOf(']', i + 2);
    if (end < 0) break;
    const part = s.slice(i + 2, end);
    if (part.startsWith('pid ')) {
      const tid = part.indexOf(':tid ');
      const pid = num(part, 4, tid < 0 ? part.length : tid);
      if (pid >= 0) out.pid = pid;
      if (tid >= 0) out.tid = part.slice(tid + 5);
    } else if (part.startsWith('client ') || part.startsWith('remote ')) {
      const addr = part.slice(7);
      // 2.4 (the `[module:level]` form) writes ip:port, IPv6 too (`::1:58619`); 2.0/2.2 the bare address.
      const lastColon = addr.lastIndexOf(':');
      const port = lastColon > 0 ? num(addr, lastColon + 1, addr.length) : -1;
      if (out.module !== undefined && port >= 0 && port <= 65535) {
        out.client = addr.slice(0, lastColon);
        out.clientPort = port;
      } else {
        out.client = addr;
      }
    } else {
      break;
    }
    i = end + 1;
  }
  let msg = s.slice(i).trimStart();
  if (msg.length > 8 && msg.startsWith('AH') && msg.charCodeAt(7) === 58 && num(msg, 2, 7) >= 0) {
    out.code = msg.slice(0, 7);
    msg = msg.slice(8).trimStart();
  }
  out.message = msg;
  return out;
}

/** nginx: `yyyy/mm/dd hh:mm:ss [level] pid#tid: *cid message, client: ip, server: x, request: "…"`. */
function nginxLine(s: string): ErrorLine {
  const y = num(s, 0, 4);
  const mo = num(s, 5, 7);
  const d = num(s, 8, 10);
  const hh = num(s, 11, 13);
  const mm = num(s, 14, 16);
  const ss = num(s, 17, 19);
  if (s.charCodeAt(4) !== 47 || s.charCodeAt(7) !== 47 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) {
    throw new ParseError(`invalid nginx error-log time "${s.slice(0, 19)}": expected "yyyy/mm/dd hh:mm:ss"`);
  }
  const localMs = wallClock(y, mo, d, hh, mm, ss, 0, s.slice(0, 19));
  if (s.charCodeAt(19) !== 32 || s.charCodeAt(20) !== 91) throw new ParseError('nginx error-log line: expected " [level]" after the time');
  const lvlEnd = s.indexOf(']', 21);
  if (lvlEnd < 0) throw new ParseError('nginx error-log level is not closed by "]"');
  const out: ErrorLine = { localMs, level: s.slice(21, lvlEnd), message: '' };
  let i = lvlEnd + 2;
  const hash = s.indexOf('#', i);
  const colon = s.indexOf(': ', i);
  if (hash > i && colon > hash) {
    const pid = num(s, i, hash);
    if (pid >= 0) {
      out.pid = pid;
      out.tid = s.slice(hash + 1, colon);
      i = colon + 2;
    }
  }
  if (s.charCodeAt(i) === 42) {
    const sp = s.indexOf(' ', i);
    if (sp > i + 1 && num(s, i + 1, sp) >= 0) {
      out.connection = s.slice(i + 1, sp);
      i = sp + 1;
    }
  }
  let msg = s.slice(i);
  const ctx = msg.indexOf(', client: ');
  if (ctx >= 0) {
    const context: Record<string, string> = {};
    for (const part of msg.slice(ctx + 2).split(', ')) {
      const c = part.indexOf(': ');
      if (c <= 0) continue;
      let v = part.slice(c + 2);
      if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
      const k = part.slice(0, c);
      if (k === 'client') out.client = v;
      else if (k !== '__proto__') context[k] = v;
    }
    out.context = context;
    msg = msg.slice(0, ctx);
  }
  out.message = msg;
  return out;
}

/**
 * Split an Apache (2.0–2.4) or nginx error-log line. Throws {@link ParseError} when the line has
 * neither shape.
 *
 * @example
 * parseErrorLine('[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6')
 * // { localMs: Date.UTC(2005, 11, 4, 4, 47, 44), level: 'error', message: 'mod_jk child workerEnv in error state 6' }
 */
export function parseErrorLine(s: string): ErrorLine {
  if (s.charCodeAt(0) === 91) return apacheLine(s);
  if (s.charCodeAt(4) === 47 && s.charCodeAt(0) >= 48 && s.charCodeAt(0) <= 57) return nginxLine(s);
  throw new ParseError('not an error-log line: expected "[Www Mmm dd hh:mm:ss yyyy] [level] …" (Apache) or "yyyy/mm/dd hh:mm:ss [level] …" (nginx)');
}
