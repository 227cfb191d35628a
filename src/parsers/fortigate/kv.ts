/**
 * Split FortiOS `key=value key="quoted value"` text into a map (quotes removed, `\"` unescaped).
 * Anything before the first `key=` (a syslog `<189>` priority or header) is ignored.
 *
 * @example
 * parseKv('<189>date=2020-04-23 devname="fw 1" srcip=10.0.0.1') // { date: '2020-04-23', devname: 'fw 1', srcip: '10.0.0.1' }
 */
export function parseKv(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /(?:^|\s|>)([A-Za-z_][\w-]*)=("(?:[^"\\]|\\.)*"|\S*)/g;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const v = m[2]!;
    out[m[1]!] = v.startsWith('"') && v.endsWith('"') && v.length >= 2 ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v;
  }
  return out;
}
