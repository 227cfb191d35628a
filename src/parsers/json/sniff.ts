/** Lines looked at for `--format auto`. */
const SAMPLE = 50;

/**
 * Share (0..1) of the non-empty sample lines that are JSON objects (NDJSON).
 *
 * @example
 * sniffJson(['{"a":1}', '{"b":2}']) // 1
 * sniffJson(['Dec 10 06:55:46 LabSZ sshd[24200]: hi']) // 0
 */
export function sniffJson(lines: string[]): number {
  let seen = 0;
  let ok = 0;
  for (const line of lines) {
    if (seen >= SAMPLE) break;
    const t = line.trim();
    if (t.length === 0) continue;
    seen++;
    if (t.charCodeAt(0) !== 123) continue;
    try {
      const v: unknown = JSON.parse(t);
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) ok++;
    } catch {
      // A line cut by the sample boundary, or not JSON: counts against the score.
    }
  }
  return seen === 0 ? 0 : ok / seen;
}
