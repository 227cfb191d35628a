import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../../app/api';
import { SEVERITIES, SEVERITY_COLOR, entityPath, time } from '../../app/format';
import { navigate } from '../../app/router';
import type { Severity } from '../../app/types';
import { AXIS, EChart } from '../../components/EChart';
import { ErrorLine, Link, Loading, Panel } from '../../components/ui';
import { SourcesSummary } from '../sources/Sources';

interface OverviewData {
  from: number; to: number; bucketMs: number;
  series: Array<{ t: number; severity: Severity; n: number }>;
  byDetector: Array<{ detector: string; n: number }>;
  byTactic: Array<{ tactic: string; n: number }>;
  topEntities: Array<{ type: string; id: string; alerts: number; score: number }>;
  open: Record<Severity, number> & { total: number };
}

const hbar = (labels: string[], values: number[], color: string) => ({
  grid: { left: 150, right: 30, top: 6, bottom: 20 },
  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
  xAxis: { type: 'value', ...AXIS },
  yAxis: { type: 'category', data: labels, inverse: true, ...AXIS },
  series: [{ type: 'bar', data: values, itemStyle: { color }, barMaxWidth: 16, label: { show: true, position: 'right', color: '#8b96a5', fontSize: 11 } }],
});

/** Overview: open alerts, alerts over time by severity, by detector and tactic, riskiest entities, ingest health. */
export function Overview() {
  const [days, setDays] = useState(7);
  const q = useQuery({ queryKey: ['overview', days], queryFn: () => api<OverviewData>(`/api/overview?days=${days}`), refetchInterval: 60_000 });
  const d = q.data;
  const timeOption = useMemo(() => {
    if (!d) return {};
    const buckets: number[] = [];
    for (let t = Math.floor(d.from / d.bucketMs) * d.bucketMs; t < d.to; t += d.bucketMs) buckets.push(t);
    return {
      grid: { left: 40, right: 16, top: 30, bottom: 24 },
      legend: { data: SEVERITIES, textStyle: { color: '#8b96a5' }, top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: buckets.map((b) => time(b).slice(5, 16)), ...AXIS },
      yAxis: { type: 'value', minInterval: 1, ...AXIS },
      series: SEVERITIES.map((s) => {
        const by = new Map(d.series.filter((x) => x.severity === s).map((x) => [x.t, x.n]));
        return { name: s, type: 'bar', stack: 'sev', data: buckets.map((b) => by.get(b) ?? 0), itemStyle: { color: SEVERITY_COLOR[s] }, barMaxWidth: 18 };
      }),
    };
  }, [d]);
  const detOption = useMemo(() => (d ? hbar(d.byDetector.map((x) => x.detector), d.byDetector.map((x) => x.n), '#4c6a8a') : {}), [d]);
  const tacticOption = useMemo(() => (d ? hbar(d.byTactic.map((x) => x.tactic), d.byTactic.map((x) => x.n), '#6b5b95') : {}), [d]);
  if (q.isLoading) return <Loading what="the overview" />;
  if (q.isError || !d) return <ErrorLine error={q.error} />;
  return (
    <div className="overview">
      <div className="kpis" role="list" aria-label="Open alerts by severity">
        <Link to="/alerts" className="kpi total"><span className="n">{d.open.total}</span><span>open alerts</span></Link>
        {SEVERITIES.map((s) => (
          <Link key={s} to={`/alerts?severity=${s}`} className="kpi"><span className="n" style={{ color: SEVERITY_COLOR[s] }}>{d.open[s]}</span><span>{s}</span></Link>
        ))}
        <span className="spacer" />
        <label className="range">Window
          <select value={days} onChange={(e) => setDays(Number(e.target.value))} aria-label="Overview time window">
            <option value={1}>1 day</option><option value={7}>7 days</option><option value={30}>30 days</option><option value={365}>1 year</option><option value={3650}>10 years</option>
          </select>
        </label>
        <span className="muted small">ending at the newest alert, {time(d.to)} UTC</span>
      </div>
      <div className="grid2">
        <Panel title="Alerts over time, by severity" className="wide">
          {d.series.length ? <EChart option={timeOption} height={230} label="Alerts over time by severity" /> : <p className="muted empty">No alerts in this window.</p>}
        </Panel>
        <Panel title="By detector">{d.byDetector.length ? <EChart option={detOption} height={Math.max(120, d.byDetector.length * 28 + 30)} label="Alerts by detector" /> : <p className="muted empty">No alerts.</p>}</Panel>
        <Panel title="By ATT&CK tactic">{d.byTactic.length ? <EChart option={tacticOption} height={Math.max(120, d.byTactic.length * 28 + 30)} label="Alerts by ATT&CK tactic" /> : <p className="muted empty">No techniques on these alerts.</p>}</Panel>
        <Panel title="Riskiest entities (alerts × severity)">
          <table className="grid compact" aria-label="Riskiest entities">
            <thead><tr><th scope="col">Entity</th><th scope="col">Alerts</th><th scope="col">Score</th><th scope="col" aria-label="Score bar" /></tr></thead>
            <tbody>
              {d.topEntities.map((e) => (
                <tr key={`${e.type}:${e.id}`} onClick={() => navigate(entityPath(e.type, e.id))}>
                  <td><span className="etype">{e.type}</span><Link to={entityPath(e.type, e.id)}>{e.id}</Link></td>
                  <td className="num">{e.alerts}</td><td className="num">{e.score}</td>
                  <td className="barcell"><span className="bar" style={{ width: `${Math.round((e.score / (d.topEntities[0]?.score || 1)) * 100)}%` }} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
        <Panel title="Ingest health"><SourcesSummary /></Panel>
      </div>
    </div>
  );
}
