import { isFilterlog } from './filterlog.js';

const SAMPLE = 50;

/** A filterlog record, bare, after `filterlog[pid]: ` (RFC 3164) or after `filterlog PID - - ` (RFC 5424). */
function hasFilterlog(l: string): boolean {
  if (isFilterlog(l)) return true;
  const f = l.indexOf('filterlog');
  if (f < 0) return false;
  const colon = l.indexOf(': ', f);
  if (colon >= 0 && isFilterlog(l.slice(colon + 2))) return true;
  const dash = l.indexOf(' - - ', f);
  return dash >= 0 && isFilterlog(l.slice(dash + 5));
}

/**
 * Share (0..1) of sample lines that hold a netfilter `LOG` message (`IN=` with ` SRC=` or
 * ` PROTO=`) or a `filterlog` record. Scored 1 on a full match so it outbids `syslog` for the
 * syslog-framed form.
 *
 * @example
 * sniffFirewall(['Jan  5 10:00:00 fw kernel: [UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.9 DST=10.0.0.5 PROTO=TCP']) // 1
 */
export function sniffFirewall(lines: string[]): number {
  let seen = 0;
  let ok = 0;
  for (const raw of lines) {
    if (seen >= SAMPLE) break;
    const l = raw.trim();
    if (l.length === 0) continue;
    seen++;
    if ((l.includes('IN=') && (l.includes(' SRC=') || l.includes(' PROTO='))) || hasFilterlog(l)) ok++;
  }
  return seen === 0 ? 0 : ok / seen;
}
