import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../app/api';
import { time } from '../../app/format';
import { ErrorLine, Link, Loading, Panel } from '../../components/ui';
import { useCan, useSession } from '../auth/session';
import type { ShareDraft } from './types';

/**
 * One share draft under review: where it goes and at what TLP, the indicators it shares, what
 * was removed and why (PHI masked), and — for a person with `intel:share:approve` who did not
 * propose it — Approve (publish) and Reject with a reason.
 */
export function ShareDraftPage({ id }: { id: string }) {
  const me = useSession();
  const canDecide = useCan('intel:share:approve');
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const q = useQuery({ queryKey: ['share', id], queryFn: () => api<ShareDraft>(`/api/intel/share/${encodeURIComponent(id)}`) });
  const m = useMutation({
    mutationFn: (verb: 'approve' | 'reject') => api<ShareDraft>(`/api/intel/share/${encodeURIComponent(id)}/${verb}`, { method: 'POST', body: verb === 'reject' ? { reason: reason.trim() } : {} }),
    onSuccess: () => { void client.invalidateQueries({ queryKey: ['share', id] }); void client.invalidateQueries({ queryKey: ['shares'] }); void client.invalidateQueries({ queryKey: ['intel-overview'] }); },
  });
  if (q.isLoading) return <Loading what="the share draft" />;
  if (q.isError || !q.data) return <ErrorLine error={q.error ?? 'not found'} />;
  const d = q.data;
  const objects = Array.isArray(d.bundle.objects) ? d.bundle.objects : [];
  const indicators = objects.filter((o) => o.type === 'indicator');
  const own = d.proposedBy === `user:${me.user.username}`;
  const open = d.state === 'proposed' || d.state === 'failed';
  return (
    <article aria-label={`Share draft ${d.id}`}>
      <Panel title={`Share draft ${d.id}`}>
        <p><span className={`status ${d.state}`} aria-label="Draft state">{d.state}</span> · TLP:{d.tlp.toUpperCase()} · to {[d.targets.collection && `collection ${d.targets.collection}`, d.targets.remote && `peer ${d.targets.remote}`].filter(Boolean).join(' and ')} · from <Link to={`/incidents/${d.incidentId}`}>{d.incidentId}</Link></p>
        <p className="small">Proposed by {d.proposedBy} at {time(d.proposed)}{d.note ? ` — ${d.note}` : ''}{d.decidedBy ? ` · ${d.state} by ${d.decidedBy} at ${time(d.decided!)}${d.reason ? ` — ${d.reason}` : ''}` : ''}</p>
        <p className="small">{objects.length} STIX objects: {Object.entries(d.counts).map(([k, v]) => `${v} ${k}`).join(', ')}</p>
        {d.result && <pre className="small" aria-label="Publication result">{JSON.stringify(d.result, null, 1)}</pre>}
        {open && own && <p className="small muted">You proposed this draft: another person approves it (four eyes).</p>}
        {open && !own && canDecide && (
          <p role="group" aria-label="Decide">
            <button type="button" className="primary" disabled={m.isPending} onClick={() => m.mutate('approve')}>Approve and publish</button>{' '}
            <input aria-label="Reason for rejecting" placeholder="Reason for rejecting" value={reason} onChange={(e) => setReason(e.target.value)} size={40} />{' '}
            <button type="button" disabled={m.isPending || !reason.trim()} onClick={() => m.mutate('reject')}>Reject</button>
          </p>
        )}
        {m.isError && <ErrorLine error={m.error} />}
      </Panel>
      <Panel title={`Removed before sharing (${d.removed.length})`}>
        {d.removed.length === 0 ? <p className="muted">Nothing needed removing.</p> : (
          <table className="grid compact" aria-label="Removed items">
            <thead><tr><th scope="col">Where</th><th scope="col">From</th><th scope="col">Reason</th><th scope="col">Shown as</th></tr></thead>
            <tbody>{d.removed.map((r, i) => <tr key={i}><td>{r.where}</td><td className="mono">{r.field}</td><td title={r.why}>{r.reason}</td><td className="mono">{r.shown}</td></tr>)}</tbody>
          </table>
        )}
      </Panel>
      <Panel title={`Indicators shared (${indicators.length})`}>
        <table className="grid compact" aria-label="Shared indicators">
          <thead><tr><th scope="col">Pattern</th><th scope="col">Valid</th></tr></thead>
          <tbody>{indicators.map((o) => <tr key={String(o.id)}><td className="mono">{String(o.pattern)}</td><td className="small nowrap">{String(o.valid_from)} – {String(o.valid_until ?? '')}</td></tr>)}</tbody>
        </table>
      </Panel>
    </article>
  );
}
