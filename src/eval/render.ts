import type { EvalReport } from './evaluate.js';

const pct = (x: number | null) => (x === null ? '—' : x.toFixed(3));
const secs = (x: number | null) => (x === null ? '—' : x < 120 ? `${Math.round(x)}s` : x < 7200 ? `${(x / 60).toFixed(1)}m` : `${(x / 3600).toFixed(1)}h`);

function table(rows: string[][], headers: string[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function coverageLine(c: NonNullable<EvalReport['ehrCoverage']>): string {
  const left = Object.entries(c.unexplainedByRole).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([r, n]) => `${r} ${n}`).join(', ');
  return `Legitimate EHR accesses explained: ${c.explained}/${c.legitimate} (${(c.rate * 100).toFixed(1)} %; by the user's relationship ${c.by.practitioner}, department ${c.by.department}, role rule ${c.by.role}${c.by.template ? `, mined templates ${c.by.template}` : ''})${left ? `; unexplained by role: ${left}` : ''}.`;
}

/**
 * The evaluation as text tables: per detector, per scenario, then the missed incidents.
 *
 * @example
 * process.stdout.write(renderReport(await evaluate({ dataset: 'sim/clinic' })));
 */
export function renderReport(r: EvalReport): string {
  const d = r.dataset;
  const det = Object.entries(r.detectors).map(([name, s]) => [
    name, String(s.alerts), String(s.falseAlerts), pct(s.precision), pct(s.recall), pct(s.f1),
    `${s.incidentsDetected}/${s.incidentsInScope}`, s.falseAlertsPerDay.toFixed(2), s.falseAlertsPer1000UsersPerDay.toFixed(2),
    secs(s.medianTimeToDetectSeconds), secs(s.worstTimeToDetectSeconds),
  ]);
  const sc = r.scenarioSummary.map((s) => [
    s.name, `${s.detected}/${s.incidents}`, pct(s.recall), secs(s.medianTimeToDetectSeconds), secs(s.worstTimeToDetectSeconds), s.missed.join(' ') || '—',
  ]);
  const missed = r.scenarios.filter((s) => !s.detected).map((s) => `  ${s.id}  ${s.name}${s.variant ? `/${s.variant}` : ''}  ${s.start}`);
  const skipped = r.replay.skipped.map((s) => `${s.stream} (${s.reason})`);
  return [
    `Dataset ${d.name}: ${d.profile}, ${d.days} day(s), ${d.users} users, seed ${d.seed}, ${d.incidents} labelled incident(s).`,
    `Replayed ${r.replay.records} records → ${r.replay.events} events (${r.replay.deadLetters} dead letters) in ${r.replay.seconds.toFixed(1)}s; ${r.alerts} alerts, ${r.falseAlerts} outside any incident.`,
    skipped.length ? `Not replayed: ${skipped.join(', ')}.` : '',
    r.context ? `Context loaded: ${r.context.patients} patients, ${r.context.staff} staff, ${r.context.relationships} relationships.` : '',
    r.ehrCoverage ? coverageLine(r.ehrCoverage) : '',
    '',
    table(det, ['detector', 'alerts', 'false', 'precision', 'recall', 'F1', 'caught', 'false/day', 'false/1k users/day', 'TTD median', 'TTD worst']),
    '',
    table(sc, ['scenario', 'detected', 'recall', 'TTD median', 'TTD worst', 'missed']),
    missed.length ? `\nMissed incidents:\n${missed.join('\n')}` : '\nNo incident missed.',
    '',
  ].filter((l, i, a) => !(l === '' && a[i - 1] === '')).join('\n');
}
