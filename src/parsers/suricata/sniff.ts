const SAMPLE = 50;

/**
 * Share (0..1) of sample lines that are EVE JSON objects (`timestamp` and `event_type`). Scored 1
 * on a full match so it outbids the generic `json` sniffer.
 *
 * @example
 * sniffSuricata(['{"timestamp":"2009-11-24T21:27:09.534255+0100","event_type":"alert"}']) // 1
 */
export function sniffSuricata(lines: string[]): number {
  let seen = 0;
  let ok = 0;
  for (const raw of lines) {
    if (seen >= SAMPLE) break;
    const line = raw.trim();
    if (line.length === 0) continue;
    seen++;
    if (line.charCodeAt(0) !== 123 || !line.includes('"event_type"') || !line.includes('"timestamp"')) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>).event_type === 'string') ok++;
    } catch {
      // Cut by the sample boundary: counts against the score.
    }
  }
  return seen === 0 ? 0 : ok / seen;
}
