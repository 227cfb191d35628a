/** Lines looked at for `--format auto`. */
const SAMPLE = 50;

const TSV_HEADERS = ['#separator', '#set_separator', '#fields\t', '#types\t', '#path\t', '#empty_field', '#unset_field'];

/**
 * Confidence (0..1) that lines are a Zeek log: 1 for a TSV header (`#separator \x09`, `#fields`);
 * for JSON, when at least one line carries Zeek's own fields (`uid` with `id.orig_h`, `fuid`, or
 * `_path`), the share of lines that are JSON objects with a `ts` (Zeek streams such as
 * packet_filter have nothing else Zeek-specific). Scored 1 on a full match so it outbids the
 * generic `json` sniffer.
 *
 * @example
 * sniffZeek(['#separator \\x09', '#set_separator\t,']) // 1
 * sniffZeek(['{"ts":1632928690.5,"uid":"C1","id.orig_h":"10.0.0.1"}']) // 1
 */
export function sniffZeek(lines: string[]): number {
  let seen = 0;
  let withTs = 0;
  let zeekish = 0;
  for (const raw of lines) {
    if (seen >= SAMPLE) break;
    const line = raw.trim();
    if (line.length === 0) continue;
    if (line.charCodeAt(0) === 35) {
      if (TSV_HEADERS.some((h) => line.startsWith(h))) return 1;
      continue;
    }
    seen++;
    if (line.charCodeAt(0) !== 123 || !line.includes('"ts":')) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (typeof v !== 'object' || v === null || Array.isArray(v) || !('ts' in v)) continue;
    } catch {
      // A line cut by the sample boundary: counts against the score.
      continue;
    }
    withTs++;
    if ((line.includes('"uid":') && line.includes('"id.orig_h":')) || line.includes('"_path":') || line.includes('"fuid":')) zeekish++;
  }
  return seen === 0 || zeekish === 0 ? 0 : withTs / seen;
}
