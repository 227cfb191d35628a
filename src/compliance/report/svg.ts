import { esc } from '../../analytics/board/svg.js';
import type { ControlStatus } from '../evidence/status.js';

/** Status colours, shared by the charts, the tables' badges and the console. */
export const STATUS_COLOUR: Record<ControlStatus, string> = {
  met: '#2e7d32', attested: '#81c784', partial: '#f9a825', not_measured: '#9e9e9e', attestation_overdue: '#ef6c00', gap: '#c62828',
};

/** Human label of a status. */
export const statusLabel = (s: ControlStatus): string => s.replace('_', ' ');

const FONT = 'font-family="Helvetica, Arial, sans-serif"';

/**
 * Horizontal stacked bars: one row per label, segments per status, with counts written inside
 * segments wide enough to hold them. No scripts or fonts fetched.
 *
 * @example
 * stackedBars([{ label: 'HIPAA', counts: { met: 3, gap: 2 } }], ['gap', 'met'])
 */
export function stackedBars(rows: Array<{ label: string; counts: Partial<Record<ControlStatus, number>> }>, order: readonly ControlStatus[], width = 680): string {
  const L = 120, R = 10, rowH = 26, T = 6, H = T + rows.length * rowH + 28;
  const max = Math.max(1, ...rows.map((r) => order.reduce((a, s) => a + (r.counts[s] ?? 0), 0)));
  const scale = (width - L - R) / max;
  const bars = rows.map((r, i) => {
    let x = L;
    const y = T + i * rowH;
    const segs = order.map((s) => {
      const n = r.counts[s] ?? 0;
      if (!n) return '';
      const w = n * scale;
      const seg = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${STATUS_COLOUR[s]}"><title>${esc(statusLabel(s))}: ${n}</title></rect>${w > 18 ? `<text x="${(x + w / 2).toFixed(1)}" y="${y + rowH - 13}" text-anchor="middle" font-size="10" fill="#fff" ${FONT}>${n}</text>` : ''}`;
      x += w;
      return seg;
    }).join('');
    return `<text x="${L - 6}" y="${y + rowH - 13}" text-anchor="end" font-size="11" ${FONT}>${esc(r.label)}</text>${segs}`;
  }).join('');
  // Each legend entry as wide as its label (about 5.6 px a character at 10 px Helvetica).
  let lx = L;
  const legend = order.map((s) => {
    const item = `<rect x="${lx}" y="${H - 16}" width="10" height="10" fill="${STATUS_COLOUR[s]}"/><text x="${lx + 14}" y="${H - 7}" font-size="10" ${FONT}>${esc(statusLabel(s))}</text>`;
    lx += 28 + statusLabel(s).length * 5.6;
    return item;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${H}" width="${width}" height="${H}" role="img">${bars}${legend}</svg>`;
}

/**
 * Share bars (0..1) with the percentage at the end, e.g. automated coverage per framework.
 *
 * @example
 * shareBars([{ label: 'HIPAA', value: 0.4 }])
 */
export function shareBars(rows: Array<{ label: string; value: number; colour?: string }>, width = 680): string {
  const L = 200, R = 50, rowH = 20, H = rows.length * rowH + 6;
  const w = width - L - R;
  const bars = rows.map((r, i) => {
    const y = 3 + i * rowH;
    const v = Math.max(0, Math.min(1, r.value));
    return `<text x="${L - 6}" y="${y + 12}" text-anchor="end" font-size="10.5" ${FONT}>${esc(r.label)}</text>`
      + `<rect x="${L}" y="${y + 2}" width="${w}" height="${rowH - 8}" fill="#eceff1"/>`
      + `<rect x="${L}" y="${y + 2}" width="${(v * w).toFixed(1)}" height="${rowH - 8}" fill="${r.colour ?? '#1565c0'}"/>`
      + `<text x="${L + w + 6}" y="${y + 12}" font-size="10.5" ${FONT}>${(v * 100).toFixed(0)} %</text>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${H}" width="${width}" height="${H}" role="img">${bars}</svg>`;
}
