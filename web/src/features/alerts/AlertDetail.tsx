import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../app/api';
import { SEVERITY_COLOR, VERDICT_LABEL, duration, time } from '../../app/format';
import type { Alert, Factor, Technique, WardEvent } from '../../app/types';
import { AXIS, EChart } from '../../components/EChart';
import { EntityLink, ErrorLine, Link, Loading, Panel, SeverityBadge } from '../../components/ui';
import { EventTable } from '../events/EventTable';
import { useCan } from '../auth/session';
import { AlertDevices } from '../devices/AlertDevices';
import { RespondPanel } from './RespondPanel';
import { TriageBar } from './TriageBar';

interface Detail {
  alert: Alert;
  evidence: WardEvent[];
  techniques: Technique[];
  timeline: { entity: { type: string; id: string } | null; from: string; to: string; events: WardEvent[]; alerts: Alert[] };
  related: Alert[];
}

function baselineOf(f: Factor): number | string | undefined {
  return f.baseline?.value ?? f.threshold;
}

/** Observed against threshold/baseline for the numeric factors. */
function FactorChart({ factors }: { factors: Factor[] }) {
  const numeric = factors.filter((f) => typeof f.observed === 'number' && typeof baselineOf(f) === 'number');
  const option = useMemo(() => ({
    grid: { left: 160, right: 20, top: 24, bottom: 20 },
    legend: { data: ['observed', 'threshold / baseline'], textStyle: { color: '#8b96a5' }, top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', ...AXIS },
    yAxis: { type: 'category', data: numeric.map((f) => f.label), ...AXIS },
    series: [
      { name: 'observed', type: 'bar', data: numeric.map((f) => f.observed), itemStyle: { color: '#d9822b' }, barGap: '10%' },
      { name: 'threshold / baseline', type: 'bar', data: numeric.map((f) => baselineOf(f)), itemStyle: { color: '#4c6a8a' } },
    ],
  }), [numeric]);
  if (!numeric.length) return null;
  return <EChart option={option} height={Math.max(110, 40 + numeric.length * 44)} label="Observed values against their thresholds or baselines" />;
}

/** One alert: explanation, factors, ATT&CK, evidence, the entity's timeline around it, related alerts and triage. */
export function AlertDetail({ id }: { id: string }) {
  const canTriage = useCan('triage');
  const canRespond = useCan('respond');
  const q = useQuery({ queryKey: ['alert', id], queryFn: () => api<Detail>(`/api/alerts/${encodeURIComponent(id)}`) });
  if (q.isLoading) return <Loading what="the alert" />;
  if (q.isError || !q.data) return <ErrorLine error={q.error ?? 'not found'} />;
  const { alert, evidence, techniques, timeline, related } = q.data;
  const t = alert.triage;
  return (
    <article className="detail" aria-label={`Alert ${alert.title}`}>
      <header className="detail-head">
        <p className="crumbs"><Link to="/alerts">Alerts</Link> / <span className="mono">{alert.id}</span></p>
        <h1><SeverityBadge severity={alert.severity} /> {alert.title}</h1>
        <p className="meta">
          <span className={`status ${alert.status}`}>{alert.status}</span>
          <span>raised {time(alert.time)} UTC</span>
          <span>covers {time(alert.firstSeen)} → {time(alert.lastSeen)}</span>
          <span className="mono">{alert.detector}</span>
          {alert.rule !== alert.detector && <span className="mono">rule {alert.rule}</span>}
          {t?.assignee && <span>assigned to <strong>{t.assignee}</strong></span>}
          {t?.verdict && <span className="verdict">{VERDICT_LABEL[t.verdict]}{t.note ? ` — “${t.note}”` : ''} ({t.updatedBy})</span>}
        </p>
        <p className="ents">{alert.entities.map((e) => <EntityLink key={`${e.type}:${e.id}`} type={e.type} id={e.id} />)}</p>
        <AlertDevices entities={alert.entities} evidence={evidence} />
      </header>
      <div className="cols">
        <div className="main-col">
          <Panel title="Why this alert">
            <p className="explanation" data-testid="explanation">{alert.explanation.text}</p>
            <table className="grid compact" aria-label="Explanation factors">
              <thead><tr><th scope="col">Factor</th><th scope="col">Observed</th><th scope="col">Threshold / baseline</th><th scope="col">Compared with</th><th scope="col">Window</th></tr></thead>
              <tbody>
                {alert.explanation.factors.map((f) => (
                  <tr key={f.feature}>
                    <td>{f.label}</td>
                    <td className="num strong">{String(f.observed)}</td>
                    <td className="num">{baselineOf(f) === undefined ? '—' : String(baselineOf(f))}</td>
                    <td className="muted">{f.baseline ? `${f.baseline.kind}${f.baseline.description ? ` — ${f.baseline.description}` : ''}` : f.threshold !== undefined ? 'threshold' : '—'}</td>
                    <td>{duration(f.windowMs) || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <FactorChart factors={alert.explanation.factors} />
          </Panel>
          <Panel title={`Evidence (${evidence.length}${alert.explanation.evidenceCount > evidence.length ? ` of ${alert.explanation.evidenceCount}` : ''} events)`}>
            <EventTable events={evidence} label="Evidence events" />
          </Panel>
          <Panel title={timeline.entity ? `Timeline of ${timeline.entity.type} ${timeline.entity.id}, ${time(timeline.from)} → ${time(timeline.to)}` : 'Timeline'}>
            {timeline.alerts.length > 0 && (
              <ul className="tl-alerts" aria-label="Alerts in the window">
                {timeline.alerts.map((a) => <li key={a.id} className={a.id === alert.id ? 'current' : ''}><span className="mono">{time(a.time)}</span> <SeverityBadge severity={a.severity} /> <Link to={`/alerts/${encodeURIComponent(a.id)}`}>{a.title}</Link></li>)}
              </ul>
            )}
            <EventTable events={timeline.events} label="Entity events around the alert" highlight={new Set(alert.explanation.evidence)} />
          </Panel>
        </div>
        <aside className="side-col">
          {canTriage ? <Panel title="Triage"><TriageBar ids={[alert.id]} /></Panel>
            : <Panel title="Triage"><p className="muted">Your role can read this alert but not change it.</p></Panel>}
          {canRespond && <Panel title="Respond"><RespondPanel alertId={alert.id} /></Panel>}
          <Panel title="ATT&CK">
            {techniques.length === 0 ? <p className="muted">No technique given.</p> : (
              <dl className="attack">
                {techniques.map((tq) => (
                  <div key={tq.id}>
                    <dt><a href={`https://attack.mitre.org/techniques/${tq.id.replace('.', '/')}/`} target="_blank" rel="noreferrer" className="mono">{tq.id}</a> {tq.name}</dt>
                    <dd><span className="tactic">{tq.tactic}</span> {tq.description}</dd>
                  </div>
                ))}
              </dl>
            )}
          </Panel>
          <Panel title={`Related alerts (${related.length})`}>
            {related.length === 0 ? <p className="muted">None for these entities.</p> : (
              <ul className="related">
                {related.map((a) => <li key={a.id}><span className="dot" style={{ background: SEVERITY_COLOR[a.severity] }} aria-label={a.severity} /><Link to={`/alerts/${encodeURIComponent(a.id)}`}>{a.title}</Link> <span className="muted small">{time(a.time)} · {a.status}</span></li>)}
              </ul>
            )}
          </Panel>
        </aside>
      </div>
    </article>
  );
}
