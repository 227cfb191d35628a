import { useState } from 'react';
import { VERDICT_LABEL } from '../../app/format';
import type { Verdict } from '../../app/types';
import { useSession } from '../auth/session';
import { useTriage } from './triage';

/**
 * Status, assignee and verdict (with note) for the given alerts — for one alert on its page or
 * the rows selected in the queue. Rendered only for roles that may triage.
 */
export function TriageBar({ ids, compact = false, onDone }: { ids: string[]; compact?: boolean; onDone?: () => void }) {
  const me = useSession();
  const triage = useTriage();
  const [verdict, setVerdict] = useState<Verdict | ''>('');
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState('');
  const n = ids.length;
  const run = (change: Parameters<typeof triage.mutate>[0]['change']) => triage.mutate({ ids, change }, { onSuccess: () => { setNote(''); setVerdict(''); onDone?.(); } });
  const disabled = n === 0 || triage.isPending;
  return (
    <div className={`triagebar ${compact ? 'compact' : ''}`} role="group" aria-label={`Triage ${n} alert${n === 1 ? '' : 's'}`}>
      <div className="row">
        <button type="button" disabled={disabled} onClick={() => run({ assignee: me.user.username })} aria-label="Assign to me">Assign to me</button>
        <input value={assignee} onChange={(e) => setAssignee(e.target.value)} placeholder="assignee" aria-label="Assignee user name" size={10} />
        <button type="button" disabled={disabled || !assignee} onClick={() => run({ assignee })} aria-label="Assign">Assign</button>
        <button type="button" disabled={disabled} onClick={() => run({ assignee: null })} aria-label="Unassign">Unassign</button>
        <span className="sep" />
        <button type="button" disabled={disabled} onClick={() => run({ status: 'acknowledged' })} aria-label="Acknowledge">Acknowledge</button>
        <button type="button" disabled={disabled} onClick={() => run({ status: 'closed' })} aria-label="Close">Close</button>
        <button type="button" disabled={disabled} onClick={() => run({ status: 'open' })} aria-label="Reopen">Reopen</button>
      </div>
      <div className="row">
        <select value={verdict} onChange={(e) => setVerdict(e.target.value as Verdict | '')} aria-label="Verdict">
          <option value="">Verdict…</option>
          {(Object.keys(VERDICT_LABEL) as Verdict[]).map((v) => <option key={v} value={v}>{VERDICT_LABEL[v]}</option>)}
        </select>
        <input className="grow" value={note} onChange={(e) => setNote(e.target.value)} placeholder="Note (why)" aria-label="Verdict note" />
        <button type="button" className="primary" disabled={disabled || !verdict} onClick={() => verdict && run({ verdict, note: note || null })} aria-label="Record verdict">
          Record verdict{n > 1 ? ` (${n})` : ''}
        </button>
      </div>
      {triage.isError && <p className="error" role="alert">{(triage.error as Error).message}</p>}
    </div>
  );
}
