const SAMPLE = 50;
const LEEF_HEADER = /LEEF:[12](\.0)?\|[^|]*\|[^|]*\|[^|]*\|[^|]*\|/;

function share(lines: string[], test: (line: string) => boolean): number {
  let seen = 0;
  let ok = 0;
  for (const raw of lines) {
    if (seen >= SAMPLE) break;
    if (raw.trim().length === 0) continue;
    seen++;
    if (test(raw)) ok++;
  }
  return seen === 0 ? 0 : ok / seen;
}

/**
 * Share (0..1) of sample lines holding a CEF record (`CEF:<digit>|` and at least 7 header bars),
 * with or without a syslog header. Scored 1 on a full match so it outbids `syslog` for
 * syslog-framed CEF.
 *
 * @example
 * sniffCef(['<134>Feb 14 19:04:54 fw CEF:0|Vendor|Product|1|100|Name|5|src=10.0.0.1']) // 1
 */
export function sniffCef(lines: string[]): number {
  return share(lines, (l) => {
    const at = l.indexOf('CEF:');
    if (at < 0 || l.charCodeAt(at + 4) < 48 || l.charCodeAt(at + 4) > 57) return false;
    let bars = 0;
    for (let i = l.indexOf('|', at); i >= 0 && bars < 7; i = l.indexOf('|', i + 1)) bars++;
    return bars >= 7;
  });
}

/**
 * Share (0..1) of sample lines holding a LEEF 1.0 or 2.0 record.
 *
 * @example
 * sniffLeef(['LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.0\tdst=172.50.123.1']) // 1
 */
export function sniffLeef(lines: string[]): number {
  return share(lines, (l) => LEEF_HEADER.test(l));
}
