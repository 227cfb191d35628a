import type { BoardReport } from './report.js';
import { usd } from './report.js';
import { esc, pairBars, rangeBars, timeChart } from './svg.js';

const f1 = (v: number | null | undefined): string => (typeof v === 'number' ? (v >= 10 ? v.toFixed(0) : v.toFixed(1)) : '—');
const f2 = (v: number | null | undefined): string => (typeof v === 'number' ? v.toFixed(2) : '—');
const signed = (v: number | null): string => (v === null ? '—' : `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(0)} %`);

const CSS = `
@page { size: A4; margin: 14mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: Helvetica, Arial, sans-serif; color: #1b1f24; font-size: 10.5pt; line-height: 1.4; margin: 0; }
main { max-width: 182mm; margin: 0 auto; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-bottom: 1px solid #c9d0d8; padding-bottom: 1mm; }
h3 { font-size: 10.5pt; margin: 4mm 0 1mm; }
.sub { color: #555; margin: 0 0 4mm; }
.page { page-break-after: always; break-after: page; }
.page:last-child { page-break-after: auto; break-after: auto; }
.kpis { display: flex; gap: 3mm; margin: 3mm 0 4mm; }
.kpi { flex: 1; border: 1px solid #d5dbe2; border-radius: 2mm; padding: 2.5mm 3mm; }
.kpi b { display: block; font-size: 15pt; }
.kpi span { color: #555; font-size: 8.5pt; }
.summary p { margin: 0 0 2.5mm; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 1mm 0 3mm; }
th, td { text-align: left; padding: 1.2mm 1.6mm; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
th { background: #f2f4f7; font-weight: 600; }
td.n, th.n { text-align: right; white-space: nowrap; }
.note { color: #555; font-size: 8.5pt; }
.legend { font-size: 8.5pt; color: #555; margin: 0 0 2mm; }
.sw { display: inline-block; width: 9px; height: 9px; margin: 0 3px 0 8px; vertical-align: -1px; }
svg { display: block; max-width: 100%; height: auto; }
.sources li { font-size: 8.5pt; margin-bottom: 1mm; }
`;

/**
 * The board report as one self-contained HTML document (inline CSS and SVG, no scripts, nothing
 * fetched): page 1 the plain-language summary with headline figures, then trends, forecast, risk,
 * advice and the sources of every assumption. Print it with a browser for the PDF.
 *
 * @example
 * writeFileSync('board.html', renderBoardHtml(buildBoardReport(input)))
 */
export function renderBoardHtml(r: BoardReport, o: { organisation?: string } = {}): string {
  const a = r.alerts;
  const hc = a.bySeverity.critical.count + a.bySeverity.high.count;
  const title = `Security report to the board — ${r.quarter}`;
  const kpis = [
    [a.total.toLocaleString('en-US'), `alerts ${r.period.complete ? 'in the quarter' : `to ${r.period.through}`}`],
    [`${f1(a.perDay)} / day`, `${signed(a.change)} vs ${r.previous.quarter}`],
    [String(hc), 'high or critical alerts'],
    [`${usd(r.risk.total.p50)}`, `yearly loss exposure (90 %: ${usd(r.risk.total.p5)} – ${usd(r.risk.total.p95)})`],
  ];
  const page1 = `
<section class="page">
  <h1>${esc(title)}</h1>
  <p class="sub">${esc(o.organisation ? `${o.organisation} · ` : '')}${esc(r.period.from)} to ${esc(r.period.to)}${r.period.complete ? '' : ` (figures to ${esc(r.period.through)}, ${r.period.daysCovered} of ${r.period.days} days)`} · generated ${esc(r.generated.slice(0, 16).replace('T', ' '))} UTC by Wardwatch</p>
  <div class="kpis">${kpis.map(([v, l]) => `<div class="kpi"><b>${esc(v!)}</b><span>${esc(l!)}</span></div>`).join('')}</div>
  <h2>Summary</h2>
  <div class="summary">${r.summary.map((s) => `<p>${esc(s)}</p>`).join('')}</div>
  <h2>Recommended next steps</h2>
  <table><tr><th>#</th><th>Action</th><th class="n">Cost a year</th><th class="n">Expected loss avoided a year (90 % range)</th></tr>
  ${r.advice.slice(0, 3).map((x, i) => `<tr><td>${i + 1}</td><td>${esc(cap(x.label))}</td><td class="n">${usd(x.annualCost)}</td><td class="n">${usd(x.reduction.mean)} (${usd(x.reduction.p5)} – ${usd(x.reduction.p95)})</td></tr>`).join('')}
  </table>
  ${r.notes.length ? `<p class="note">${r.notes.map(esc).join('. ')}.</p>` : ''}
  <p class="note">Money figures are Monte-Carlo ranges from stated, editable assumptions (sources on the last page), for choosing between options — not accounting values.</p>
</section>`;

  const history = r.daily.values;
  const qStart = daysBetween(r.daily.start, r.period.from);
  const marks = [...(qStart > 0 ? [{ at: qStart, label: r.quarter }] : []), ...(r.forecast.points.length ? [{ at: history.length, label: 'forecast' }] : [])];
  const fc = r.forecast;
  const bt = fc.backtest;
  const page2 = `
<section class="page">
  <h2>Alert volume and forecast</h2>
  <p class="legend"><span class="sw" style="background:#222"></span>alerts a day <span class="sw" style="background:#1f4e8c"></span>forecast <span class="sw" style="background:#9fc2ea"></span>80 % range <span class="sw" style="background:#cfe0f5"></span>95 % range</p>
  ${timeChart({ start: r.daily.start, history, forecast: fc.points, marks })}
  <p class="note">${fc.model ? `Model ${esc(fc.model)} (exponential smoothing, chosen by AICc) on ${fc.history.buckets} days of history.` : `No forecast: ${esc(fc.notes.join('; '))}.`}
  ${bt ? ` Back-tested on this store's own history (${bt.ets.origins} rolling origins): MASE ${f2(bt.ets.mase)} against ${f2(bt.seasonalNaive.mase)} for repeating last week; sMAPE ${f1(bt.ets.smape)} %; the 95 % range held the actual count ${bt.ets.coverage95 === null ? '—' : `${(bt.ets.coverage95 * 100).toFixed(0)} %`} of the time.` : fc.model ? ' Too little history to back-test.' : ''}
  ${fc.restOfQuarter !== null ? ` Expected for the rest of ${esc(r.quarter)}: about ${Math.round(fc.restOfQuarter)} alerts.` : ''}
  ${fc.nextQuarter ? ` ${esc(fc.nextQuarter.quarter)}: about ${Math.round(fc.nextQuarter.expected)} alerts.` : ''}</p>
  ${r.changes.length ? `<h3>Changes detected</h3><ul>${r.changes.map((c) => `<li>${esc(c.text)}</li>`).join('')}</ul>` : '<p class="note">No lasting change in alert rates was detected over these two quarters.</p>'}
  <h2>Where the alerts came from</h2>
  <p class="legend"><span class="sw" style="background:#1f4e8c"></span>${esc(r.quarter)}, alerts a day <span class="sw" style="background:#b9c3cf"></span>${esc(r.previous.quarter)}</p>
  <h3>By attack tactic (MITRE ATT&amp;CK)</h3>
  ${pairBars(r.byTactic.map((t) => ({ label: t.key, value: t.perDay, previous: t.previousPerDay })), { unit: '/day' })}
  <h3>By detector</h3>
  ${pairBars(r.byDetector.map((t) => ({ label: t.key, value: t.perDay, previous: t.previousPerDay })), { unit: '/day' })}
</section>`;

  const sev = (['critical', 'high', 'medium', 'low'] as const).map((s) => `<tr><td>${s}</td><td class="n">${a.bySeverity[s].count}</td><td class="n">${a.bySeverity[s].previous}</td></tr>`).join('');
  const page3 = `
<section class="page">
  <h2>Severity and departments</h2>
  <div style="display:flex; gap:6mm">
    <table style="flex:1"><tr><th>Severity</th><th class="n">${esc(r.quarter)}</th><th class="n">${esc(r.previous.quarter)}</th></tr>${sev}</table>
    <table style="flex:1"><tr><th>Department (from the staff roster)</th><th class="n">Alerts</th></tr>${r.byDepartment.slice(0, 8).map((d) => `<tr><td>${esc(d.key)}</td><td class="n">${d.count}</td></tr>`).join('') || '<tr><td colspan="2">—</td></tr>'}</table>
  </div>
  <h2>Risk: estimated yearly loss exposure</h2>
  <p class="legend">Bar: 90 % range of ${r.risk.iterations.toLocaleString('en-US')} simulated years; mark and figure: median. Based on ${r.risk.windowDays} days of alerts.</p>
  ${rangeBars([{ label: 'All scenarios', ...r.risk.total }, ...r.risk.scenarios.map((s) => ({ label: cap(short(s.label)), ...s.ale }))], usd)}
  <h2>Where the next dollar goes</h2>
  <table><tr><th>#</th><th>Control</th><th class="n">Cost a year</th><th class="n">Loss avoided a year (90 %)</th><th class="n">Per $</th><th class="n">Alerts behind it</th></tr>
  ${r.advice.slice(0, 10).map((x, i) => `<tr><td>${i + 1}</td><td>${esc(cap(x.label))}</td><td class="n">${usd(x.annualCost)}</td><td class="n">${usd(x.reduction.mean)} (${usd(x.reduction.p5)} – ${usd(x.reduction.p95)})</td><td class="n">${x.perDollar.toFixed(1)}</td><td class="n">${x.evidence.alerts}</td></tr>`).join('')}
  </table>
</section>`;

  const page4 = `
<section class="page">
  <h2>Sources and assumptions</h2>
  <ul class="sources">${uniq(r.sources).map((s) => `<li><b>${esc(cap(s.what))}:</b> ${esc(s.source)}</li>`).join('')}</ul>
  <p class="note">Method: loss-event frequency = (alerts a year × attempts per alert + unseen attempts per head × headcount) × success per attempt; loss per event lognormal; ${r.risk.iterations.toLocaleString('en-US')} Monte-Carlo years. Controls are ranked by expected loss avoided per dollar. Edit the assumptions with <code>wardwatch report board --priors FILE</code>. This report holds counts and categories only: no patient or staff identities.</p>
</section>`;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>${CSS}</style></head>
<body><main>${page1}${page2}${page3}${page4}</main></body></html>
`;
}

/** "password guessing, spraying or stolen credentials leading to account takeover" → its first clause, for chart labels. */
const short = (s: string): string => s.split(/ leading to | that | \(/)[0]!;
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
function uniq(a: Array<{ what: string; source: string }>): Array<{ what: string; source: string }> {
  const seen = new Set<string>();
  return a.filter((x) => (seen.has(x.what) ? false : (seen.add(x.what), true)));
}
