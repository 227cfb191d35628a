import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../app/api';
import { SEVERITIES, time } from '../../app/format';
import { navigate } from '../../app/router';
import { Empty, EntityLink, ErrorLine, Link, Loading, Panel, SeverityBadge } from '../../components/ui';
import { INCIDENT_STATES, type EntityRisk, type Incident } from './types';

/** The default queue: what still needs someone (closed incidents are one filter away). */
const ACTIVE = 'open,investigating,escalated,contained';

/**
 * The incident queue: correlated alerts as incidents, highest severity first, filtered by analyst
 * state and minimum severity (kept in the URL so a filtered queue can be shared), with the riskiest
 * entities beside it.
 */
export function IncidentQueue({ search }: { search: URLSearchParams }) {
  const state = search.get('state') ?? ACTIVE;
  const severity = search.get('severity') ?? '';
  const q = useQuery({
    queryKey: ['incidents', state, severity],
    queryFn: () => api<{ items: Incident[]; total: number; alerts: number }>(`/api/incidents${qs({ state: state === 'any' ? '' : state, severity, limit: 500 })}`),
    refetchInterval: 30_000,
  });
  const go = (p: { state?: string; severity?: string }) => navigate(`/incidents${qs({ state, severity, ...p })}`);
  return (
    <>
      <Panel title="Incidents" className="queue" actions={<span className="nowrap">
        <select aria-label="Incident state" value={state} onChange={(e) => go({ state: e.target.value })}>
          <option value={ACTIVE}>not closed</option>
          {INCIDENT_STATES.map((s) => <option key={s} value={s}>{s}</option>)}
          <option value="any">any</option>
        </select>{' '}
        <select aria-label="Minimum severity" value={severity} onChange={(e) => go({ severity: e.target.value })}>
          <option value="">any severity</option>
          {SEVERITIES.map((s) => <option key={s} value={s}>{s} and above</option>)}
        </select>
      </span>}>
        {q.isLoading ? <Loading what="incidents" /> : q.isError || !q.data ? <ErrorLine error={q.error} /> : <>
          <p className="small muted">{q.data.items.length} shown of {q.data.total} incidents correlated from {q.data.alerts} alerts of the last 30 days.</p>
          {q.data.items.length === 0 ? <Empty>No incidents match.</Empty> : (
            <table className="grid compact" aria-label="Incident queue">
              <thead><tr><th scope="col">Severity</th><th scope="col">Incident</th><th scope="col">State</th><th scope="col">Owner</th><th scope="col">Alerts</th><th scope="col">Tactics</th><th scope="col">Start → end (UTC)</th><th scope="col">Risk</th></tr></thead>
              <tbody>
                {q.data.items.map((i) => (
                  <tr key={i.id} onClick={() => navigate(`/incidents/${i.id}`)}>
                    <td><SeverityBadge severity={i.severity} /></td>
                    <td><Link to={`/incidents/${i.id}`}>{i.title}</Link>{i.trigger === 'risk' ? <span className="small muted"> · risk threshold</span> : null}</td>
                    <td><span className={`status ${i.state}`}>{i.state}</span>{i.verdict ? <span className="small muted"> · {i.verdict.replace('_', ' ')}</span> : null}</td>
                    <td className="small">{i.owner ?? <span className="muted">—</span>}</td>
                    <td className="num">{i.alertCount}</td>
                    <td className="small">{i.tactics.join(' → ')}</td>
                    <td className="mono nowrap small">{time(i.start)} → {time(i.end).slice(11)}</td>
                    <td className="num">{Math.round(i.risk)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>}
      </Panel>
      <RiskPanel />
    </>
  );
}

/** Entities by decayed risk (attackers above their victims), each score in words. */
function RiskPanel() {
  const q = useQuery({ queryKey: ['risk'], queryFn: () => api<{ items: EntityRisk[] }>('/api/risk'), refetchInterval: 60_000 });
  return (
    <Panel title="Entity risk">
      {q.isLoading ? <Loading what="entity risk" /> : q.isError || !q.data ? <ErrorLine error={q.error} /> : q.data.items.length === 0 ? <Empty>No entity carries risk.</Empty> : (
        <table className="grid compact" aria-label="Entity risk">
          <thead><tr><th scope="col">Entity</th><th scope="col">Score</th><th scope="col">Alerts</th><th scope="col">Why</th></tr></thead>
          <tbody>
            {q.data.items.slice(0, 20).map((r) => (
              <tr key={`${r.entity.type}:${r.entity.id}`}>
                <td><EntityLink type={r.entity.type} id={r.entity.id} /></td>
                <td className="num">{Math.round(r.score)}{r.crossedAt ? <span className="small muted"> · over threshold since {time(r.crossedAt)}</span> : null}</td>
                <td className="num">{r.alerts}</td>
                <td className="small">{r.explanation}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
