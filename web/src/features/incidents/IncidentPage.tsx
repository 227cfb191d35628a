import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../app/api';
import { VERDICT_LABEL, time } from '../../app/format';
import type { Verdict } from '../../app/types';
import { Empty, EntityLink, ErrorLine, Link, Loading, Panel, SeverityBadge } from '../../components/ui';
import { useCan, useSession } from '../auth/session';
import { ShareProposal } from '../intel/ShareProposal';
import { BreachPanel } from './BreachPanel';
import { INCIDENT_STATES, type Incident, type IncidentDetail, type IncidentState } from './types';

const ROLES = [
  { role: 'actor', label: 'Actors (who did it)' },
  { role: 'target', label: 'Targets (what it was done to)' },
  { role: 'related', label: 'Related (context)' },
] as const;
type Scope = 'entity-rule' | 'rule' | 'entity';
const SCOPE_LABEL: Record<Scope, string> = { 'entity-rule': 'these rules for these actors', rule: 'these rules for anyone', entity: 'anything about these actors' };

interface Patch { state?: IncidentState; owner?: string | null; verdict?: Verdict; note?: string; suppress?: { scope: Scope; days: number } }

/**
 * One incident: its story, entities by role, alert groups, the alert timeline and notes; analysts
 * with triage permission set state, owner and verdict (a true positive escalates; a false or
 * expected one closes and may suppress the same thing for some days) and add notes.
 */
export function IncidentPage({ id }: { id: string }) {
  const canTriage = useCan('triage');
  const canShare = useCan('intel:share');
  const canBreach = useCan('breach:read');
  const q = useQuery({ queryKey: ['incident', id], queryFn: () => api<IncidentDetail>(`/api/incidents/${encodeURIComponent(id)}?alerts=500`), refetchInterval: 30_000 });
  if (q.isLoading) return <Loading what="the incident" />;
  if (q.isError || !q.data) return <ErrorLine error={q.error ?? 'not found'} />;
  const inc = q.data;
  const alerts = [...inc.alerts].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  return (
    <article className="detail" aria-label={`Incident ${inc.title}`}>
      <header className="detail-head">
        <p className="crumbs"><Link to="/incidents">Incidents</Link> / <span className="mono">{inc.id}</span></p>
        <h1><SeverityBadge severity={inc.severity} /> {inc.title}</h1>
        <p className="meta">
          <span className={`status ${inc.state}`} aria-label="Incident state">{inc.state}</span>
          {inc.verdict && <span aria-label="Verdict">{VERDICT_LABEL[inc.verdict]}</span>}
          <span>owner {inc.owner ?? '—'}</span>
          <span>{time(inc.start)} → {time(inc.end)} UTC</span>
          <span>{inc.alertCount} alerts</span>
          <span>risk {Math.round(inc.risk)}</span>
          {inc.trigger === 'risk' && <span>raised by an entity crossing its risk threshold</span>}
        </p>
      </header>
      {canTriage && <IncidentTriage inc={inc} />}
      {canShare && <ShareProposal incidentId={inc.id} />}
      {canBreach && <BreachPanel incidentId={inc.id} />}
      <Panel title="What happened">
        <p aria-label="Story">{inc.explanation.text}</p>
        {inc.tactics.length > 0 && <p className="small">ATT&amp;CK tactics in order: {inc.tactics.join(' → ')}</p>}
        {inc.explanation.factors.length > 0 && <ul className="small">{inc.explanation.factors.map((f) => <li key={f}>{f}</li>)}</ul>}
      </Panel>
      <Panel title="Entities">
        <div className="grid2" style={{ gridTemplateColumns: '1fr 1fr 1fr' }}>
          {ROLES.map(({ role, label }) => {
            const es = inc.entities.filter((e) => e.role === role);
            return (
              <section key={role} aria-label={label}>
                <h3 className="small">{label}</h3>
                {es.length === 0 ? <p className="small muted">none</p> : <ul className="small">{es.map((e) => <li key={`${e.type}:${e.id}`}><EntityLink type={e.type} id={e.id} /> <span className="muted">in {e.alerts} alert{e.alerts === 1 ? '' : 's'}</span></li>)}</ul>}
              </section>
            );
          })}
        </div>
      </Panel>
      <Panel title="Alert groups">
        <table className="grid compact" aria-label="Alert groups">
          <thead><tr><th scope="col">Severity</th><th scope="col">Latest title</th><th scope="col">Detector / rule</th><th scope="col">Alerts</th><th scope="col">Targets</th><th scope="col">First → last (UTC)</th></tr></thead>
          <tbody>
            {inc.groups.map((g) => (
              <tr key={`${g.detector}/${g.rule}`}>
                <td><SeverityBadge severity={g.severity} /></td><td>{g.title}</td>
                <td className="mono small">{g.detector}{g.rule !== g.detector ? ` / ${g.rule}` : ''}</td>
                <td className="num">{g.count}</td><td className="small">{g.targets > 0 ? `now ${g.targets} target${g.targets === 1 ? '' : 's'}` : '—'}</td>
                <td className="mono nowrap small">{time(g.first)} → {time(g.last)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      <Panel title={`Timeline (${alerts.length}${alerts.length < inc.alertCount ? ` newest of ${inc.alertCount}` : ''} alerts)`}>
        <table className="grid compact" aria-label="Incident timeline">
          <thead><tr><th scope="col">Time (UTC)</th><th scope="col">Severity</th><th scope="col">Alert</th><th scope="col">Status</th></tr></thead>
          <tbody>
            {alerts.map((a) => (
              <tr key={a.id}>
                <td className="mono nowrap">{time(a.time)}</td><td><SeverityBadge severity={a.severity} /></td>
                <td><Link to={`/alerts/${encodeURIComponent(a.id)}`}>{a.title}</Link></td>
                <td><span className={`status ${a.status}`}>{a.status}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      <Panel title="Notes">
        {inc.notes.length === 0 ? <Empty>No notes yet.</Empty> : (
          <ul aria-label="Incident notes">{inc.notes.map((n, i) => <li key={i}><span className="mono small">{time(n.at)}</span> <span className="muted small">{n.by}</span> — {n.text}</li>)}</ul>
        )}
      </Panel>
    </article>
  );
}

/** The analyst's controls: state, owner, verdict (with an optional suppression) and a note. */
function IncidentTriage({ inc }: { inc: Incident }) {
  const me = useSession();
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const [owner, setOwner] = useState(inc.owner ?? '');
  const [suppress, setSuppress] = useState(false);
  const [scope, setScope] = useState<Scope>('entity-rule');
  const [days, setDays] = useState(7);
  const m = useMutation({
    mutationFn: (p: Patch) => api(`/api/incidents/${encodeURIComponent(inc.id)}`, { method: 'PATCH', body: p }),
    onSuccess: () => {
      setNote('');
      void client.invalidateQueries({ queryKey: ['incident', inc.id] });
      void client.invalidateQueries({ queryKey: ['incidents'] });
      void client.invalidateQueries({ queryKey: ['counts'] });
    },
  });
  const withNote = (p: Patch): Patch => (note.trim() ? { ...p, note: note.trim() } : p);
  const verdict = (v: Verdict) => m.mutate(withNote({ verdict: v, ...(v !== 'true_positive' && suppress ? { suppress: { scope, days } } : {}) }));
  return (
    <Panel title="Triage">
      <div className="triage" role="group" aria-label="Incident triage">
        <p>
          <label>State{' '}
            <select aria-label="Set state" value={inc.state} disabled={m.isPending} onChange={(e) => m.mutate(withNote({ state: e.target.value as IncidentState }))}>
              {INCIDENT_STATES.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>{' '}
          <label>Owner <input aria-label="Owner" value={owner} onChange={(e) => setOwner(e.target.value)} size={16} /></label>{' '}
          <button type="button" disabled={m.isPending} onClick={() => m.mutate(withNote({ owner: owner.trim() || null }))}>Set owner</button>{' '}
          <button type="button" disabled={m.isPending} onClick={() => { setOwner(me.user.username); m.mutate(withNote({ owner: me.user.username, ...(inc.state === 'open' ? { state: 'investigating' as const } : {}) })); }}>Take it</button>
        </p>
        <p><input aria-label="Note" placeholder="Note (kept with the incident and in the audit log)" value={note} onChange={(e) => setNote(e.target.value)} size={70} />{' '}
          <button type="button" disabled={m.isPending || !note.trim()} onClick={() => m.mutate({ note: note.trim() })}>Add note</button></p>
        <p>
          Verdict:{' '}
          <button type="button" className="primary" disabled={m.isPending} onClick={() => verdict('true_positive')} title="Escalates the incident; its alerts are marked true positive">True positive (escalate)</button>{' '}
          <button type="button" disabled={m.isPending} onClick={() => verdict('false_positive')}>False positive</button>{' '}
          <button type="button" disabled={m.isPending} onClick={() => verdict('benign_expected')}>Benign, expected</button>
        </p>
        <p className="small">
          <label><input type="checkbox" checked={suppress} onChange={(e) => setSuppress(e.target.checked)} /> with a false-positive or expected verdict, suppress</label>{' '}
          <select aria-label="Suppression scope" value={scope} onChange={(e) => setScope(e.target.value as Scope)} disabled={!suppress}>
            {(Object.keys(SCOPE_LABEL) as Scope[]).map((s) => <option key={s} value={s}>{SCOPE_LABEL[s]}</option>)}
          </select>{' '}
          for <input aria-label="Suppression days" type="number" min={1} max={180} value={days} onChange={(e) => setDays(Math.max(1, Number(e.target.value) || 1))} disabled={!suppress} style={{ width: 56 }} /> days
        </p>
        {m.isError && <ErrorLine error={m.error} />}
      </div>
    </Panel>
  );
}
