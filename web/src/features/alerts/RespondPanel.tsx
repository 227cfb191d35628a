import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, qs } from '../../app/api';
import { time } from '../../app/format';
import { ErrorLine, Link, Loading } from '../../components/ui';

/** One of the alert's entities an action can act on, with what the gate would say now. */
interface Choice { type: string; id: string; configured: boolean; state: string; reason: string | null; role: string | null; heldBy: string | null }
/** A stored response action (the fields shown here). */
interface Action { id: string; playbook: string; action: string; target: string; state: string; reason: string | null; decidedBy: string | null; createdAt: string; approverRole: string | null }
interface Offer { alertId: string; mode: string; killSwitch: boolean; actions: Array<{ action: string; targets: Choice[] }>; history: Action[] }

/** What a state means to the person who asked. */
const OUTCOME: Record<string, string> = {
  done: 'done', 'dry-run': 'dry-run: recorded, not run', 'awaiting-approval': 'awaiting approval', suppressed: 'refused by the gate',
  failed: 'failed (retried)', executing: 'running', approved: 'approved',
};

function gateSays(c: Choice): string {
  if (!c.configured) return 'not configured here';
  if (c.heldBy) return 'already held';
  if (c.state === 'awaiting-approval') return `needs ${c.role ?? 'an'} approval`;
  if (c.state === 'suppressed') return `refused: ${c.reason ?? ''}`;
  return c.state === 'dry-run' ? 'dry-run' : 'would run';
}

/** One manual action: target, expiry, note, and the button. */
function ActionForm({ alertId, action, targets, onDone }: { alertId: string; action: string; targets: Choice[]; onDone: (a: Action) => void }) {
  const [target, setTarget] = useState(targets[0]?.id ?? '');
  const [expiry, setExpiry] = useState('24h');
  const [note, setNote] = useState('');
  const run = useMutation({
    mutationFn: () => api<Action>(`/api/alerts/${encodeURIComponent(alertId)}/actions`, { method: 'POST', body: { action, target, ...(expiry ? { expiry } : {}), ...(note ? { note } : {}) } }),
    onSuccess: (a) => { setNote(''); onDone(a); },
  });
  const chosen = targets.find((t) => t.id === target);
  return (
    <form className="respond-action" aria-label={`Manual ${action}`} onSubmit={(e) => { e.preventDefault(); run.mutate(); }}>
      <p><strong className="mono">{action}</strong>{' '}
        <select aria-label={`Target of ${action}`} value={target} onChange={(e) => setTarget(e.target.value)}>
          {targets.map((t) => <option key={t.id} value={t.id}>{t.type} {t.id} — {gateSays(t)}</option>)}
        </select></p>
      <p>
        <input aria-label={`Expiry of ${action}`} value={expiry} onChange={(e) => setExpiry(e.target.value)} size={5} title="Undone automatically after (e.g. 1h, 24h)" />{' '}
        <input aria-label={`Note for ${action}`} placeholder="Why (kept in the audit log)" value={note} onChange={(e) => setNote(e.target.value)} size={24} />{' '}
        <button type="submit" className="primary" disabled={run.isPending || !chosen?.configured || !!chosen.heldBy}>Run</button>
      </p>
      {run.isError && <ErrorLine error={run.error} />}
    </form>
  );
}

/**
 * Manual response from the alert page, through the same engine (and gate) as the playbooks: the actions that
 * apply to the alert's entities, the outcome of the last request, and this alert's action history.
 */
export function RespondPanel({ alertId }: { alertId: string }) {
  const client = useQueryClient();
  const [last, setLast] = useState<Action | null>(null);
  const q = useQuery({ queryKey: ['alert-actions', alertId], queryFn: () => api<Offer>(`/api/alerts/${encodeURIComponent(alertId)}/actions`) });
  if (q.isLoading) return <Loading what="response actions" />;
  if (q.isError || !q.data) return <ErrorLine error={q.error} />;
  const { mode, killSwitch, actions, history } = q.data;
  const done = (a: Action) => { setLast(a); void client.invalidateQueries({ queryKey: ['alert-actions', alertId] }); void client.invalidateQueries({ queryKey: ['actions'] }); };
  return (
    <div data-testid="respond-panel">
      <p className="small muted">Mode {mode}{killSwitch ? ', kill switch ON' : ''}. Same safety gate as the playbooks.</p>
      {last && (
        <p role="status" data-testid="respond-result">
          {last.action} {last.target}: <span className={`status ${last.state}`}>{OUTCOME[last.state] ?? last.state}</span>
          {last.reason ? <span className="small"> — {last.reason}</span> : null}{' '}
          <Link to={`/actions${qs({ state: 'any', id: last.id })}`}>in Actions</Link>
        </p>
      )}
      {actions.length === 0 ? <p className="muted">No entity of this alert can be acted on.</p>
        : actions.map((a) => <ActionForm key={a.action} alertId={alertId} action={a.action} targets={a.targets} onDone={done} />)}
      {history.length > 0 && (
        <ul className="related" aria-label="Actions on this alert">
          {history.map((a) => (
            <li key={a.id}><span className="mono">{a.action} {a.target}</span> <span className={`status ${a.state}`}>{a.state}</span>{' '}
              <span className="muted small">{a.playbook} · {a.decidedBy ?? ''} · {time(a.createdAt)}</span>{' '}
              <Link to={`/actions${qs({ state: 'any', id: a.id })}`}>open</Link></li>
          ))}
        </ul>
      )}
    </div>
  );
}
