const SAMPLE = 50;

/**
 * Confidence (0..1) that lines are nfdump output: 1 for a CSV header (`ts,te,td,sa,da,…`), else
 * the share of JSON lines that are nfdump flow objects (`"type" : "FLOW"` with `src4_addr`/`src6_addr`).
 *
 * @example
 * sniffNetflow(['ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt']) // 1
 */
export function sniffNetflow(lines: string[]): number {
  let seen = 0;
  let ok = 0;
  for (const raw of lines) {
    if (seen >= SAMPLE) break;
    const l = raw.trim();
    if (l.length === 0 || l === '[' || l === ']') continue;
    if (l.startsWith('ts,te,td,sa,da,')) return 1;
    seen++;
    if (l.charCodeAt(0) === 123 && l.includes('"FLOW"') && (l.includes('"src4_addr"') || l.includes('"src6_addr"'))) ok++;
  }
  return seen === 0 ? 0 : ok / seen;
}
