/**
 * Small inline SVG charts for the board report: no scripts, no fonts or images fetched, so the HTML
 * prints the same offline and in a headless browser.
 */

/** Escapes text for HTML and SVG content and attribute values. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const FONT = 'font-family="Helvetica, Arial, sans-serif"';
const r1 = (v: number): string => (Math.round(v * 10) / 10).toString();

/** A "nice" axis maximum (1, 2, 2.5 or 5 × 10^k) at or above v. */
function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 2.5, 5, 10].find((m) => m * p >= v) ?? 10) * p;
}

/** Inputs of {@link timeChart}: history, then a forecast with 80 % and 95 % bands, on a daily axis. */
export interface TimeChartInput {
  /** ISO date of `history[0]`. */
  start: string;
  history: number[];
  forecast: Array<{ mean: number; lo80: number; hi80: number; lo95: number; hi95: number }>;
  /** Vertical markers, e.g. quarter starts or change points: day index from `start` and a label. */
  marks?: Array<{ at: number; label: string }>;
  width?: number;
  height?: number;
}

/**
 * A daily line chart with the forecast as a dashed line inside shaded 80/95 % bands.
 *
 * @example
 * timeChart({ start: '2026-07-01', history: [3, 4, 2], forecast: [{ mean: 3, lo80: 1, hi80: 5, lo95: 0, hi95: 6 }] })
 */
export function timeChart(c: TimeChartInput): string {
  const W = c.width ?? 680, H = c.height ?? 220, L = 40, R = 10, T = 12, B = 26;
  const n = c.history.length + c.forecast.length;
  const max = niceMax(Math.max(1, ...c.history, ...c.forecast.map((p) => p.hi95)));
  const x = (i: number): number => L + ((W - L - R) * i) / Math.max(1, n - 1);
  const y = (v: number): number => T + (H - T - B) * (1 - v / max);
  const parts: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${r1(y(v))}" y2="${r1(y(v))}" stroke="#e3e6ea"/>`, `<text x="${L - 4}" y="${r1(y(v) + 3)}" text-anchor="end" font-size="9" fill="#555" ${FONT}>${v % 1 ? v.toFixed(1) : v}</text>`);
  }
  // Month ticks along the bottom.
  const t0 = Date.parse(`${c.start}T00:00:00Z`);
  for (let i = 0; i < n; i++) {
    const d = new Date(t0 + i * 86_400_000);
    if (d.getUTCDate() === 1) parts.push(`<line x1="${r1(x(i))}" x2="${r1(x(i))}" y1="${H - B}" y2="${H - B + 4}" stroke="#888"/>`, `<text x="${r1(x(i))}" y="${H - B + 14}" text-anchor="middle" font-size="9" fill="#555" ${FONT}>${d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })} ${d.getUTCFullYear() % 100}</text>`);
  }
  for (const m of c.marks ?? []) parts.push(`<line x1="${r1(x(m.at))}" x2="${r1(x(m.at))}" y1="${T}" y2="${H - B}" stroke="#b0b7c0" stroke-dasharray="2 3"/>`, `<text x="${r1(x(m.at) + 3)}" y="${T + 8}" font-size="9" fill="#555" ${FONT}>${esc(m.label)}</text>`);
  if (c.forecast.length) {
    const off = c.history.length - 1;
    const band = (lo: (p: TimeChartInput['forecast'][number]) => number, hi: typeof lo): string => {
      const pts = c.forecast.map((p, i) => `${r1(x(off + 1 + i))},${r1(y(hi(p)))}`);
      const back = c.forecast.map((p, i) => `${r1(x(off + 1 + i))},${r1(y(lo(p)))}`).reverse();
      return [...pts, ...back].join(' ');
    };
    parts.push(`<polygon points="${band((p) => p.lo95, (p) => p.hi95)}" fill="#cfe0f5"/>`, `<polygon points="${band((p) => p.lo80, (p) => p.hi80)}" fill="#9fc2ea"/>`);
    const last = c.history[off] ?? c.forecast[0]!.mean;
    parts.push(`<polyline fill="none" stroke="#1f4e8c" stroke-width="1.6" stroke-dasharray="5 3" points="${[`${r1(x(off))},${r1(y(last))}`, ...c.forecast.map((p, i) => `${r1(x(off + 1 + i))},${r1(y(p.mean))}`)].join(' ')}"/>`);
  }
  if (c.history.length) parts.push(`<polyline fill="none" stroke="#222" stroke-width="1.2" points="${c.history.map((v, i) => `${r1(x(i))},${r1(y(v))}`).join(' ')}"/>`);
  parts.push(`<line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#888"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img">${parts.join('')}</svg>`;
}

/**
 * Horizontal bars of this period beside the previous one (both per day, so a partial quarter compares fairly).
 *
 * @example
 * pairBars([{ label: 'Initial Access', value: 3.1, previous: 2.0 }], { unit: '/day' })
 */
export function pairBars(rows: Array<{ label: string; value: number; previous: number | null }>, o: { unit?: string; width?: number } = {}): string {
  const W = o.width ?? 680, L = 190, R = 70, rowH = 26;
  const H = rows.length * rowH + 20;
  const max = niceMax(Math.max(1e-9, ...rows.map((r) => Math.max(r.value, r.previous ?? 0))));
  const w = (v: number): number => ((W - L - R) * v) / max;
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const y0 = 4 + i * rowH;
    parts.push(`<text x="${L - 6}" y="${y0 + 13}" text-anchor="end" font-size="10" fill="#222" ${FONT}>${esc(trim(r.label, 32))}</text>`);
    parts.push(`<rect x="${L}" y="${y0 + 2}" width="${r1(Math.max(0.5, w(r.value)))}" height="10" fill="#1f4e8c"/>`);
    parts.push(`<text x="${r1(L + w(r.value) + 4)}" y="${y0 + 11}" font-size="9" fill="#222" ${FONT}>${fmt(r.value)}${esc(o.unit ?? '')}</text>`);
    if (r.previous !== null) {
      parts.push(`<rect x="${L}" y="${y0 + 13}" width="${r1(Math.max(0.5, w(r.previous)))}" height="7" fill="#b9c3cf"/>`);
      parts.push(`<text x="${r1(L + w(r.previous) + 4)}" y="${y0 + 20}" font-size="8" fill="#666" ${FONT}>${fmt(r.previous)}</text>`);
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img">${parts.join('')}</svg>`;
}

/**
 * Horizontal 90 % ranges with the median marked, for money (Monte-Carlo loss exposure or risk reduction).
 *
 * @example
 * rangeBars([{ label: 'phishing', p5: 1e4, p50: 9e4, p95: 6e5 }], (v) => `$${v}`)
 */
export function rangeBars(rows: Array<{ label: string; p5: number; p50: number; p95: number }>, money: (v: number) => string, o: { width?: number } = {}): string {
  const W = o.width ?? 680, L = 270, R = 60, rowH = 24;
  const H = rows.length * rowH + 24;
  const max = niceMax(Math.max(1, ...rows.map((r) => r.p95)));
  const x = (v: number): number => L + ((W - L - R) * v) / max;
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const yc = 12 + i * rowH;
    parts.push(`<text x="${L - 6}" y="${yc + 3}" text-anchor="end" font-size="10" fill="#222" ${FONT}>${esc(trim(r.label, 52))}</text>`);
    parts.push(`<rect x="${r1(x(r.p5))}" y="${yc - 5}" width="${r1(Math.max(1, x(r.p95) - x(r.p5)))}" height="10" fill="#e8b7a0"/>`);
    parts.push(`<rect x="${r1(x(r.p50) - 1)}" y="${yc - 7}" width="2.5" height="14" fill="#8c2f1f"/>`);
    parts.push(`<text x="${r1(x(r.p95) + 4)}" y="${yc + 3}" font-size="9" fill="#222" ${FONT}>${esc(money(r.p50))}</text>`);
  });
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    parts.push(`<text x="${r1(x(v))}" y="${H - 4}" text-anchor="middle" font-size="8" fill="#666" ${FONT}>${esc(money(v))}</text>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img">${parts.join('')}</svg>`;
}

const trim = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const fmt = (v: number): string => (v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2));
