import { esc } from '../../analytics/board/svg.js';
import { STATUS_ORDER, type ControlStatus } from '../evidence/status.js';
import { pct } from '../evidence/types.js';
import { DIGEST_PLACEHOLDER, seal, type ControlRow, type HipaaReport } from './build.js';
import { STATUS_COLOUR, shareBars, stackedBars, statusLabel } from './svg.js';

const CSS = `
@page { size: A4; margin: 13mm 12mm 15mm 12mm; }
* { box-sizing: border-box; }
body { font-family: Helvetica, Arial, sans-serif; color: #1b1f24; font-size: 9.5pt; line-height: 1.35; margin: 0; }
main { max-width: 186mm; margin: 0 auto; }
h1 { font-size: 17pt; margin: 0 0 1.5mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; border-bottom: 1px solid #c9d0d8; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 10pt; margin: 3.5mm 0 1mm; break-after: avoid; }
.sub { color: #555; margin: 0 0 3mm; }
.page { break-after: page; }
.page:last-child { break-after: auto; }
.kpis { display: flex; gap: 3mm; margin: 3mm 0; }
.kpi { flex: 1; border: 1px solid #d5dbe2; border-radius: 2mm; padding: 2mm 3mm; }
.kpi b { display: block; font-size: 14pt; }
.kpi span { color: #555; font-size: 8pt; }
table { border-collapse: collapse; width: 100%; font-size: 8.2pt; margin: 1mm 0 3mm; }
th, td { text-align: left; padding: 1mm 1.4mm; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
th { background: #f2f4f7; font-weight: 600; }
tr { break-inside: avoid; }
td.n { text-align: right; white-space: nowrap; }
td.cit { white-space: nowrap; }
.b { display: inline-block; padding: 0.2mm 1.5mm; border-radius: 1mm; color: #fff; font-size: 7.5pt; white-space: nowrap; }
.note { color: #555; font-size: 8pt; }
.digest { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; word-break: break-all; }
.child td:nth-child(2) { padding-left: 5mm; }
svg { display: block; max-width: 100%; height: auto; margin: 1mm 0 2mm; }
code { font-size: 7.5pt; }
table.fixed { table-layout: fixed; }
`;

const badge = (s: ControlStatus): string => `<span class="b" style="background:${STATUS_COLOUR[s]}">${esc(statusLabel(s))}</span>`;
const FRAMEWORK: Record<string, string> = { hipaa: 'HIPAA Security Rule', cpg: 'HPH CPGs', hicp: '405(d) HICP' };
const short = (s: string, n = 260): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function controlTable(rows: ControlRow[], o: { requirement?: boolean; tier?: boolean }): string {
  const cols = `<colgroup><col style="width:17%"><col style="width:24%">${o.requirement ? '<col style="width:5%">' : ''}${o.tier ? '<col style="width:9%">' : ''}<col style="width:12%"><col></colgroup>`;
  return `<table class="fixed">${cols}<thead><tr><th>Citation</th><th>Control</th>${o.requirement ? '<th>R/A</th>' : ''}${o.tier ? '<th>Tier</th>' : ''}<th>Status</th><th>Evidence</th></tr></thead><tbody>${rows.map((r) => `
<tr class="${r.parent ? 'child' : ''}"><td class="cit">${esc(r.citation.replace('45 CFR ', ''))}</td><td>${r.parent ? '' : '<b>'}${esc(r.title)}${r.parent ? '' : '</b>'}</td>${o.requirement ? `<td>${r.requirement ? (r.requirement === 'required' ? 'R' : 'A') : ''}</td>` : ''}${o.tier ? `<td>${esc(r.tier ?? '')}</td>` : ''}<td>${badge(r.status)}</td><td>${esc(short(r.reason))}</td></tr>`).join('')}</tbody></table>`;
}

/**
 * The auditor's report as one self-contained HTML document (inline CSS and SVG, no scripts, nothing
 * fetched), sealed with the SHA-256 of its content and naming the Wardwatch version that made it.
 * Returns the document and its digest.
 *
 * @example
 * const { html, sha256 } = renderHipaaHtml(buildHipaaReport(db, ctx, from, to));
 */
export function renderHipaaHtml(r: HipaaReport, o: { organisation?: string } = {}): { html: string; sha256: string } {
  const all = Object.values(r.statusCounts).reduce((acc, c) => { for (const s of STATUS_ORDER) acc[s] = (acc[s] ?? 0) + c[s]; return acc; }, {} as Record<ControlStatus, number>);
  const hipaa = r.controls.filter((c) => c.framework === 'hipaa');
  const kpis: Array<[string, string]> = [
    [String(r.controls.length), 'controls in the catalogues'],
    [String(all.met + all.attested), 'met or attested'],
    [String(all.gap + all.attestation_overdue), 'gaps or overdue attestations'],
    [pct(r.coverage.measuredShare), `measured automatically (${pct(r.coverage.mappedShare)} mapped to evidence)`],
  ];
  const from = r.period.from.slice(0, 10), to = r.period.to.slice(0, 10);
  const cov = Object.entries(r.coverage.byFramework).flatMap(([f, v]) => [
    { label: `${FRAMEWORK[f] ?? f}: mapped`, value: v.mapped / v.controls, colour: '#90caf9' },
    { label: `${FRAMEWORK[f] ?? f}: measured`, value: v.measured / v.controls, colour: '#1565c0' },
  ]);
  const page1 = `
<section class="page">
  <h1>${esc(r.title)}</h1>
  <p class="sub">${o.organisation ? `${esc(o.organisation)} · ` : ''}Period ${esc(from)} to ${esc(to)} (end exclusive) · generated ${esc(r.generated.slice(0, 16).replace('T', ' '))} UTC by Wardwatch ${esc(r.version)}</p>
  <div class="kpis">${kpis.map(([v, l]) => `<div class="kpi"><b>${esc(v)}</b><span>${esc(l)}</span></div>`).join('')}</div>
  <h2>Status by catalogue</h2>
  ${stackedBars(Object.entries(r.statusCounts).map(([f, c]) => ({ label: FRAMEWORK[f] ?? f, counts: c })), STATUS_ORDER)}
  <h2>Automated evidence coverage</h2>
  <p class="note">Mapped: the control (or one of its specifications) has a measure Wardwatch computes from what it collects. Measured: that measure could be computed on this period's data. The rest needs an attestation: an owner, an evidence file and a review date.</p>
  ${shareBars(cov)}
  <h2>Gaps, ranked</h2>
  <p class="note">Weight: HIPAA required 10, addressable 6; CPG essential 8, enhanced 4; HICP 3 (a standard or practice 1 less than its parts), times the status (gap 3, attestation overdue 2, partial 1.5, not measured 1).</p>
  <table><thead><tr><th>#</th><th>Citation</th><th>Control</th><th>Status</th><th class="n">Weight</th></tr></thead><tbody>
  ${r.gaps.filter((g) => g.status !== 'not_measured').slice(0, 14).map((g, i) => `<tr><td>${i + 1}</td><td class="cit">${esc(g.citation.replace('45 CFR ', ''))}</td><td>${esc(g.title)}</td><td>${badge(g.status)}</td><td class="n">${g.weight}</td></tr>`).join('')}
  </tbody></table>
  <p class="note">${r.gaps.filter((g) => g.status === 'not_measured').length} further controls have no evidence yet (not measured, no attestation); they are listed in the tables below.</p>
</section>`;
  const measures = `
<section class="page">
  <h2>Automated evidence</h2>
  <p class="note">Each measure is computed from the Wardwatch store for the period. Examples are event, alert, dead-letter or roster ids (never patient data); look them up in the console or with <code>wardwatch events</code>.</p>
  <table class="fixed"><colgroup><col style="width:20%"><col style="width:12%"><col style="width:38%"><col></colgroup><thead><tr><th>Measure</th><th>Status</th><th>Finding</th><th>How it was counted</th></tr></thead><tbody>
  ${r.measures.map((m) => `<tr><td><b>${esc(m.title)}</b><br><span class="note">${esc(m.id)}</span></td><td>${badge(m.status)}</td><td>${esc(m.summary)}${m.examples.length ? `<br><span class="note">e.g. ${esc(m.examples.slice(0, 3).join(', '))}</span>` : ''}</td><td class="note">${esc(short(m.query, 300))}</td></tr>`).join('')}
  </tbody></table>
</section>`;
  const fw = (f: string, opts: { requirement?: boolean; tier?: boolean }, intro: string) => {
    const rows = r.controls.filter((c) => c.framework === f);
    const sections = [...new Set(rows.map((c) => c.section))];
    return `<section class="page"><h2>${esc(FRAMEWORK[f] ?? f)}</h2><p class="note">${esc(intro)}</p>${sections.map((s) => `<h3>${esc(s)}</h3>${controlTable(rows.filter((c) => c.section === s), opts)}`).join('')}</section>`;
  };
  const trend = r.trend.length >= 2 ? `<h2>Status over time</h2><p class="note">One bar per report made (snapshots kept in the store).</p>${stackedBars(r.trend.slice(-12).map((t) => ({ label: t.taken.slice(0, 16).replace('T', ' '), counts: t.counts })), STATUS_ORDER)}` : '';
  const appendix = `
<section class="page">
  ${trend}
  <h2>About this report</h2>
  <p>Catalogues: HIPAA Security Rule, 45 CFR 164.308–164.316 (${hipaa.filter((c) => c.kind === 'standard').length} standards, ${hipaa.filter((c) => c.kind === 'implementation').length} implementation specifications: ${hipaa.filter((c) => c.requirement === 'required' && c.kind === 'implementation').length} required, ${hipaa.filter((c) => c.requirement === 'addressable').length} addressable); HHS HPH Cybersecurity Performance Goals (10 essential, 10 enhanced); 405(d) HICP practices (10, with medium-organisation sub-practices). Status: <i>met</i>/<i>partial</i>/<i>gap</i> from automated evidence; <i>attested</i> from an attestation within its review date, <i>attestation overdue</i> after it; <i>not measured</i> when neither exists. Automated evidence that shows a gap outranks an attestation.</p>
  <p>Addressable does not mean optional: an addressable specification is implemented, or the reason it is not reasonable and appropriate and the equivalent measure are documented (45 CFR 164.306(d)(3)).</p>
  <h3>Integrity</h3>
  <p>Content SHA-256 of this document: <span class="digest">${DIGEST_PLACEHOLDER}</span></p>
  <p class="note">To check the HTML file, replace every occurrence of the digest with 64 zeros and compute the SHA-256 of the result; it equals the digest when nothing was changed. The PDF is printed from the same HTML.</p>
</section>`;
  const doc = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="Wardwatch ${esc(r.version)}">
<meta name="wardwatch-sha256" content="${DIGEST_PLACEHOLDER}">
<title>${esc(r.title)} ${esc(from)} – ${esc(to)}</title><style>${CSS}</style></head>
<body><main>${page1}${measures}
${fw('hipaa', { requirement: true }, 'R = required, A = addressable (45 CFR 164.306(d)). Standards are shown in bold; their implementation specifications below them.')}
${fw('cpg', { tier: true }, 'HHS Healthcare and Public Health Sector Cybersecurity Performance Goals (January 2024).')}
${fw('hicp', {}, '405(d) Health Industry Cybersecurity Practices, 2023 edition.')}
${appendix}</main></body></html>
`;
  const { doc: html, sha256 } = seal(doc);
  return { html, sha256 };
}
