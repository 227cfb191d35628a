import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, qs } from '../../app/api';
import { time } from '../../app/format';
import { navigate } from '../../app/router';
import { ErrorLine, Link, Loading, Panel } from '../../components/ui';
import { useCan } from '../auth/session';

/** A response action as `GET /api/actions` returns it. */
interface Action {
  id: string; playbook: string; action: string; target: string; state: string; reason: string | null; alertId: string | null;
  approverRole: string | null; approvalDeadline: string | null; createdAt: string; expiresAt: string | null; decidedBy: string | null;
}
const STATES = ['awaiting-approval', 'done', 'failed', 'dry-run', 'suppressed', 'undone', 'expired', 'rejected'];

/**
 * Response actions: what waits for approval (approve or reject with a note), what holds (undo),
 * and the rest of the history. The server decides who may approve what (biomed for critical targets).
 */
export function Actions({ search }: { search: URLSearchParams }) {
  const canDecide = useCan('respond');
  const client = useQueryClient();
  const state = search.get('state') ?? 'awaiting-approval';
  const focus = search.get('id');
  const [note, setNote] = useState('');
  const q = useQuery({
    queryKey: ['actions', state],
    queryFn: () => api<{ items: Action[]; mode: string; killSwitch: boolean }>(`/api/actions${qs({ state: state === 'any' ? '' : state, limit: 500 })}`),
    refetchInterval: 10_000,
  });
  const decide = useMutation({
    mutationFn: ({ id, verb }: { id: string; verb: 'approve' | 'reject' | 'undo' }) => api(`/api/actions/${encodeURIComponent(id)}/${verb}`, { method: 'POST', body: note ? { note } : {} }),
    onSuccess: () => { setNote(''); void client.invalidateQueries({ queryKey: ['actions'] }); },
  });
  if (q.isLoading) return <Loading what="response actions" />;
  if (q.isError || !q.data) return <ErrorLine error={q.error} />;
  return (
    <Panel title={`Response actions (mode ${q.data.mode}${q.data.killSwitch ? ', kill switch ON' : ''})`} actions={
      <select aria-label="Action state" value={state} onChange={(e) => navigate(`/actions${qs({ state: e.target.value })}`)}>
        {[...STATES, 'any'].map((s) => <option key={s} value={s}>{s}</option>)}
      </select>
    }>
      {canDecide && <p><input aria-label="Note for your decision" placeholder="Note for your decision (kept in the audit log)" value={note} onChange={(e) => setNote(e.target.value)} size={60} /></p>}
      {decide.isError && <ErrorLine error={decide.error} />}
      {q.data.items.length === 0 ? <p className="muted">No {state === 'any' ? '' : state} actions.</p> : (
        <table className="grid compact" aria-label="Response actions">
          <thead><tr><th scope="col">Created (UTC)</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">State</th><th scope="col">Why</th><th scope="col">Playbook / alert</th><th scope="col">Decide</th></tr></thead>
          <tbody>
            {q.data.items.map((a) => (
              <tr key={a.id} className={a.id === focus ? 'selected' : ''}>
                <td className="mono nowrap">{time(a.createdAt)}</td><td className="mono">{a.action}</td><td className="mono">{a.target}</td>
                <td><span className={`status ${a.state}`}>{a.state}</span>{a.approverRole && a.state === 'awaiting-approval' ? <span className="small muted"> by {a.approverRole}{a.approvalDeadline ? ` until ${time(a.approvalDeadline)}` : ''}</span> : null}</td>
                <td className="small">{a.reason ?? ''}{a.decidedBy ? <span className="muted"> · {a.decidedBy}</span> : null}</td>
                <td className="small">{a.playbook}{a.alertId ? <> · <Link to={`/alerts/${a.alertId}`}>alert</Link></> : null}</td>
                <td className="nowrap">{canDecide && a.state === 'awaiting-approval' && <>
                  <button type="button" className="primary" disabled={decide.isPending} onClick={() => decide.mutate({ id: a.id, verb: 'approve' })} aria-label={`Approve ${a.action} ${a.target}`}>Approve</button>{' '}
                  <button type="button" disabled={decide.isPending} onClick={() => decide.mutate({ id: a.id, verb: 'reject' })} aria-label={`Reject ${a.action} ${a.target}`}>Reject</button>
                </>}{canDecide && ['done', 'failed', 'dry-run'].includes(a.state) && (
                  <button type="button" disabled={decide.isPending} onClick={() => decide.mutate({ id: a.id, verb: 'undo' })} aria-label={`Undo ${a.action} ${a.target}`}>Undo</button>
                )}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
