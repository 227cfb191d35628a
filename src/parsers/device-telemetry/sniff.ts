/**
 * Share of sample lines that are JSON objects in the telemetry schema (a `device` object, or
 * a `metrics` object). `json` scores such lines 1 too: register `device-telemetry` before
 * `json` (ties go to the earlier parser).
 *
 * @example
 * sniffDeviceTelemetry(['{"device":{"id":"PUMP-1"},"metrics":{"spo2":97}}']) // 1
 * sniffDeviceTelemetry(['{"a":1}']) // 0
 */
export function sniffDeviceTelemetry(lines: string[]): number {
  let seen = 0;
  let ok = 0;
  for (const line of lines.slice(0, 50)) {
    const t = line.trim();
    if (t.length === 0) continue;
    seen++;
    if (t.charCodeAt(0) !== 123) continue;
    try {
      const v = JSON.parse(t) as Record<string, unknown>;
      const isObj = (x: unknown) => x !== null && typeof x === 'object' && !Array.isArray(x);
      if (isObj(v) && (isObj(v.device) || isObj(v.metrics))) ok++;
    } catch {
      // Not JSON: counts against the score.
    }
  }
  return seen === 0 ? 0 : ok / seen;
}
