import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';
import { time } from '../../app/format';
import { ErrorLine, Loading, Panel } from '../../components/ui';

interface Entry { time: string; actor: string; action: string; target?: string; detail?: Record<string, unknown> }

/** The audit log (admin, auditor, privacy officer): who did or saw what, when. */
export function AuditLog() {
  const q = useQuery({ queryKey: ['audit'], queryFn: () => api<{ items: Entry[] }>('/api/audit?limit=500'), refetchInterval: 30_000 });
  if (q.isLoading) return <Loading what="the audit log" />;
  if (q.isError || !q.data) return <ErrorLine error={q.error} />;
  return (
    <Panel title="Audit log (newest 500)">
      <table className="grid compact" aria-label="Audit log">
        <thead><tr><th scope="col">Time (UTC)</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Detail</th></tr></thead>
        <tbody>
          {q.data.items.map((e, i) => (
            <tr key={i} className={e.action.includes('ehr') || e.action.includes('patient') ? 'ehr' : ''}>
              <td className="mono nowrap">{time(e.time)}</td><td>{e.actor}</td><td className="mono">{e.action}</td><td className="mono">{e.target ?? ''}</td>
              <td className="small muted">{e.detail ? Object.entries(e.detail).filter(([k]) => k !== 'ids').map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' · ') : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
