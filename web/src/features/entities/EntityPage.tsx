import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../../app/api';
import { SEVERITY_COLOR, time } from '../../app/format';
import type { Alert, WardEvent } from '../../app/types';
import { AXIS, EChart } from '../../components/EChart';
import { ErrorLine, Link, Loading, Panel, SeverityBadge } from '../../components/ui';
import { useCan } from '../auth/session';
import { EventTable } from '../events/EventTable';

interface EntityData { type: string; id: string; alerts: Alert[]; events: WardEvent[]; next: string | null; activity: Array<{ day: string; n: number }> }

/** The privacy officer's reveal: asks for a reason; the server audits the attempt, then decrypts. */
function Reveal({ pseudonym }: { pseudonym: string }) {
  const [reason, setReason] = useState('');
  const m = useMutation({ mutationFn: () => api<{ kind: string; identity: string }>(`/api/patients/${encodeURIComponent(pseudonym)}/reveal`, { method: 'POST', body: { reason } }) });
  return (
    <div className="reveal" role="group" aria-label="Reveal patient identity">
      <input className="grow" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Reason for revealing (recorded)" aria-label="Reason for reveal" />
      <button type="button" disabled={reason.length < 5 || m.isPending} onClick={() => m.mutate()} aria-label="Reveal identity">Reveal identity</button>
      {m.isError && <p className="note" role="alert">{(m.error as Error).message}</p>}
      {m.data && <p className="note" role="status">Identity ({m.data.kind}): <span className="mono">{m.data.identity}</span> — this reveal is in the audit log.</p>}
    </div>
  );
}

/** An entity: activity per day, its alerts and its events. */
export function EntityPage({ type, id }: { type: string; id: string }) {
  const canReveal = useCan('reveal');
  const q = useQuery({ queryKey: ['entity', type, id], queryFn: () => api<EntityData>(`/api/entities/${encodeURIComponent(type)}/${encodeURIComponent(id)}`) });
  const option = useMemo(() => ({
    grid: { left: 40, right: 10, top: 10, bottom: 24 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: q.data?.activity.map((a) => a.day) ?? [], ...AXIS },
    yAxis: { type: 'value', ...AXIS },
    series: [{ type: 'bar', data: q.data?.activity.map((a) => a.n) ?? [], itemStyle: { color: '#4c6a8a' } }],
  }), [q.data]);
  if (q.isLoading) return <Loading what={`${type} ${id}`} />;
  if (q.isError || !q.data) return <ErrorLine error={q.error} />;
  const d = q.data;
  return (
    <article className="detail" aria-label={`${type} ${id}`}>
      <p className="crumbs"><Link to={`/entities?type=${type}`}>Entities</Link> / {type}</p>
      <h1><span className="etype">{type}</span> <span className="mono">{id}</span></h1>
      {type === 'patient' && (
        <Panel title="Identity">
          <p className="note">This patient is shown by a keyed pseudonym. Only a privacy officer may reveal the identity, and every attempt is recorded in the audit log. The identity is decrypted from the re-identification vault only after the attempt is recorded.</p>
          {canReveal ? <Reveal pseudonym={id} /> : <p className="muted">Your role cannot reveal identities.</p>}
        </Panel>
      )}
      <div className="cols">
        <div className="main-col">
          <Panel title="Activity per day (events shown)">{d.activity.length ? <EChart option={option} height={150} label={`Events per day for ${type} ${id}`} /> : <p className="muted">No events to chart.</p>}</Panel>
          <Panel title={`Events (${d.events.length}${d.next ? '+' : ''})`}><EventTable events={d.events} label={`Events of ${type} ${id}`} /></Panel>
        </div>
        <aside className="side-col">
          <Panel title={`Alerts (${d.alerts.length})`}>
            {d.alerts.length === 0 ? <p className="muted">No alerts.</p> : (
              <ul className="related">
                {d.alerts.map((a) => <li key={a.id}><span className="dot" style={{ background: SEVERITY_COLOR[a.severity] }} /><Link to={`/alerts/${encodeURIComponent(a.id)}`}>{a.title}</Link> <span className="muted small">{time(a.time)} · {a.status}</span> <SeverityBadge severity={a.severity} /></li>)}
              </ul>
            )}
          </Panel>
        </aside>
      </div>
    </article>
  );
}
