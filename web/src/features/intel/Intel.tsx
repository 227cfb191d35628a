import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../app/api';
import { time } from '../../app/format';
import { navigate } from '../../app/router';
import { ErrorLine, Link, Loading, Panel } from '../../components/ui';
import type { IntelOverview, ShareDraft } from './types';

const STATES = ['proposed', 'failed', 'published', 'rejected', 'any'];

/**
 * Threat intelligence: share drafts waiting for review (and their history), the TAXII
 * collections this server shares with their object counts, the feeds it polls and their last
 * update, and recent intel matches.
 */
export function Intel({ search }: { search: URLSearchParams }) {
  const state = search.get('state') ?? 'proposed';
  const o = useQuery({ queryKey: ['intel-overview'], queryFn: () => api<IntelOverview>('/api/intel/overview'), refetchInterval: 30_000 });
  const s = useQuery({ queryKey: ['shares', state], queryFn: () => api<{ items: ShareDraft[] }>(`/api/intel/share${qs({ state: state === 'any' ? '' : state })}`), refetchInterval: 15_000 });
  return (
    <>
      <Panel title="Share drafts" actions={
        <select aria-label="Draft state" value={state} onChange={(e) => navigate(`/intel${qs({ state: e.target.value })}`)}>
          {STATES.map((x) => <option key={x} value={x}>{x}</option>)}
        </select>
      }>
        {s.isLoading ? <Loading what="share drafts" /> : s.isError || !s.data ? <ErrorLine error={s.error} /> : s.data.items.length === 0
          ? <p className="muted">No {state === 'any' ? '' : state} share drafts. Propose one from an incident's page.</p>
          : (
            <table className="grid compact" aria-label="Share drafts">
              <thead><tr><th scope="col">Draft</th><th scope="col">State</th><th scope="col">Incident</th><th scope="col">TLP</th><th scope="col">To</th><th scope="col">Indicators</th><th scope="col">Removed</th><th scope="col">Proposed</th></tr></thead>
              <tbody>{s.data.items.map((d) => (
                <tr key={d.id}>
                  <td><Link to={`/intel/share/${d.id}`}>{d.id}</Link></td><td><span className={`status ${d.state}`}>{d.state}</span></td>
                  <td><Link to={`/incidents/${d.incidentId}`}>{d.incidentId}</Link></td><td>TLP:{d.tlp.toUpperCase()}</td>
                  <td>{[d.targets.collection, d.targets.remote].filter(Boolean).join(', ')}</td><td>{d.counts.indicators ?? 0}</td><td>{d.removed.length}</td>
                  <td className="small">{d.proposedBy} · {time(d.proposed)}</td>
                </tr>
              ))}</tbody>
            </table>
          )}
      </Panel>
      {o.isLoading ? <Loading what="intel" /> : o.isError || !o.data ? <ErrorLine error={o.error} /> : <>
        <Panel title={`TAXII collections (${o.data.stats.active} active indicators, ${o.data.stats.sightings} sightings)`}>
          {o.data.collections.length === 0 ? <p className="muted">No collections (wardwatch intel collection add).</p> : (
            <table className="grid compact" aria-label="TAXII collections">
              <thead><tr><th scope="col">Alias</th><th scope="col">Title</th><th scope="col">Id</th><th scope="col">Objects</th><th scope="col">AMBER allowed</th></tr></thead>
              <tbody>{o.data.collections.map((c) => <tr key={c.id}><td>{c.alias}</td><td>{c.title}</td><td className="mono small">{c.id}</td><td>{c.objects}</td><td>{o.data.share.amberCollections.includes(c.alias) ? 'yes' : 'no'}</td></tr>)}</tbody>
            </table>
          )}
        </Panel>
        <Panel title="Feeds">
          {o.data.feeds.length === 0 ? <p className="muted">No feeds (wardwatch intel feed add).</p> : (
            <table className="grid compact" aria-label="Feeds">
              <thead><tr><th scope="col">Feed</th><th scope="col">Kind</th><th scope="col">Last update</th><th scope="col">Failing</th></tr></thead>
              <tbody>{o.data.feeds.map((f) => <tr key={f.name}><td>{f.name}</td><td>{f.kind}</td><td>{f.lastSuccess ? time(f.lastSuccess) : 'never'}</td><td className="small">{f.lastError ? `${f.failures ?? 1}×: ${f.lastError}` : ''}</td></tr>)}</tbody>
            </table>
          )}
        </Panel>
        <Panel title="Intel matches">
          {o.data.matches.length === 0 ? <p className="muted">No indicator matched yet.</p> : (
            <table className="grid compact" aria-label="Intel matches">
              <thead><tr><th scope="col">Time (UTC)</th><th scope="col">Match</th><th scope="col">By</th></tr></thead>
              <tbody>{o.data.matches.map((a) => <tr key={a.id}><td className="mono nowrap">{time(a.time)}</td><td><Link to={`/alerts/${a.id}`}>{a.title}</Link></td><td className="small">{a.detector}</td></tr>)}</tbody>
            </table>
          )}
        </Panel>
      </>}
    </>
  );
}
