import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';
import { ago, entityPath } from '../../app/format';
import { navigate } from '../../app/router';
import { ErrorLine, Link, Loading, Panel } from '../../components/ui';

const TYPES = ['user', 'host', 'ip', 'device', 'patient'] as const;
interface Row { type: string; id: string; firstSeen: string | null; lastSeen: string | null; alerts: number; score: number }

/** Entities of one type, riskiest first. Patients appear by pseudonym only. */
export function EntityList({ type }: { type: string }) {
  const q = useQuery({ queryKey: ['entities', type], queryFn: () => api<{ items: Row[] }>(`/api/entities?type=${encodeURIComponent(type)}`) });
  return (
    <Panel title="Entities" actions={
      <div className="tabs" role="tablist" aria-label="Entity type">
        {TYPES.map((t) => <button key={t} type="button" role="tab" aria-selected={t === type} className={t === type ? 'active' : ''} onClick={() => navigate(`/entities?type=${t}`)}>{t}</button>)}
      </div>}>
      {type === 'patient' && <p className="note">Patients are shown by keyed pseudonym. Viewing this list is recorded in the audit log.</p>}
      {q.isLoading ? <Loading what="entities" /> : q.isError ? <ErrorLine error={q.error} /> : (
        <table className="grid" aria-label={`${type} entities`}>
          <thead><tr><th scope="col">{type}</th><th scope="col">Alerts</th><th scope="col">Risk score</th><th scope="col">Last seen</th><th scope="col">First seen</th></tr></thead>
          <tbody>
            {q.data!.items.map((e) => (
              <tr key={e.id}><td><Link to={entityPath(e.type, e.id)}>{e.id}</Link></td><td className="num">{e.alerts}</td><td className="num">{e.score}</td><td>{ago(e.lastSeen)}</td><td className="muted">{e.firstSeen ? ago(e.firstSeen) : '—'}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {q.data && q.data.items.length === 0 && <p className="muted empty">No {type} entities yet.</p>}
    </Panel>
  );
}
