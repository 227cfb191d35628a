import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import { time } from '../../app/format';
import { ErrorLine, Link, Loading, Panel } from '../../components/ui';
import { useCan } from '../auth/session';

interface Rule { name: string; type: string; config: unknown; enabled: boolean; changedBy: string | null; hits: number; judged: number; falsePositives: number; falsePositiveRate: number | null; lastAlert: string | null }

/** The configured detectors with hits and false-positive rate from verdicts; the on/off switch is stored only. */
export function Rules() {
  const isAdmin = useCan('admin');
  const client = useQueryClient();
  const q = useQuery({ queryKey: ['rules'], queryFn: () => api<{ enforced: boolean; items: Rule[] }>('/api/rules') });
  const toggle = useMutation({
    mutationFn: (r: Rule) => api(`/api/rules/${encodeURIComponent(r.name)}/enabled`, { method: 'PUT', body: { enabled: !r.enabled } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['rules'] }),
  });
  if (q.isLoading) return <Loading what="rules" />;
  if (q.isError || !q.data) return <ErrorLine error={q.error} />;
  return (
    <Panel title="Rules">
      {!q.data.enforced && <p className="note">The on/off switch is recorded (and audited) but the pipeline does not read it yet: a switched-off rule still raises alerts until that lands. To stop a rule today, remove it from <code>detectors</code> in the configuration.</p>}
      <table className="grid" aria-label="Rules">
        <thead><tr><th scope="col">Rule</th><th scope="col">Type</th><th scope="col">Settings</th><th scope="col">Alerts</th><th scope="col">Verdicts</th><th scope="col">False-positive rate</th><th scope="col">Last alert</th><th scope="col">Switch</th></tr></thead>
        <tbody>
          {q.data.items.map((r) => (
            <tr key={r.name}>
              <td><Link to={`/alerts?status=any&q=${encodeURIComponent(r.name)}`}>{r.name}</Link></td>
              <td className="mono muted">{r.type}</td>
              <td className="mono small">{Object.entries((r.config ?? {}) as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join(' ')}</td>
              <td className="num">{r.hits.toLocaleString()}</td>
              <td className="num">{r.judged}</td>
              <td className="num">{r.falsePositiveRate === null ? <span className="muted">no verdicts</span> : `${Math.round(r.falsePositiveRate * 100)}% (${r.falsePositives})`}</td>
              <td className="mono">{time(r.lastAlert)}</td>
              <td>{isAdmin
                ? <button type="button" onClick={() => toggle.mutate(r)} aria-label={`${r.enabled ? 'Disable' : 'Enable'} rule ${r.name}`} aria-pressed={r.enabled}>{r.enabled ? 'On' : 'Off (stored)'}</button>
                : <span>{r.enabled ? 'On' : 'Off (stored)'}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
