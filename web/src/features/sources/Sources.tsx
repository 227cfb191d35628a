import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';
import { ago, time } from '../../app/format';
import { ErrorLine, Loading, Panel } from '../../components/ui';

interface Component { kind: string; name: string; received: number; emitted: number; errors: number; dropped: Record<string, number>; ratePerSecond: number | null }
interface SourcesData {
  components: Component[];
  datasets: Array<{ dataset: string; events: number; newest: number; newestIngested: string | null }>;
  deadLetters: Array<{ source: string; n: number; last: number }>;
  detection: { inflight: number; shards: number };
  store: { events: number; alerts: number; deadLetters: number };
}

const useSources = () => useQuery({ queryKey: ['sources'], queryFn: () => api<SourcesData>('/api/sources'), refetchInterval: 10_000, staleTime: 0, refetchOnMount: 'always' });
const dropped = (c: Component) => Object.values(c.dropped).reduce((a, b) => a + b, 0);
const rate = (r: number | null) => (r === null ? '—' : r < 10 ? r.toFixed(1) : Math.round(r).toLocaleString());

/** Health at a glance for the overview: one line per source, a mark when it drops or errs. */
export function SourcesSummary() {
  const q = useSources();
  if (q.isLoading) return <Loading what="ingest health" />;
  if (q.isError || !q.data) return <ErrorLine error={q.error} />;
  const sources = q.data.components.filter((c) => c.kind === 'source');
  return (
    <table className="grid compact" aria-label="Ingest health per source">
      <thead><tr><th scope="col">Source</th><th scope="col">Received</th><th scope="col">/s</th><th scope="col">Dropped</th><th scope="col">Errors</th><th scope="col">Health</th></tr></thead>
      <tbody>
        {sources.map((c) => {
          const bad = dropped(c) > 0 || c.errors > 0;
          return <tr key={c.name}><td className="mono">{c.name}</td><td className="num">{c.received.toLocaleString()}</td><td className="num">{rate(c.ratePerSecond)}</td><td className="num">{dropped(c)}</td><td className="num">{c.errors}</td><td><span className={`health ${bad ? 'warn' : 'ok'}`}>{bad ? 'check' : 'ok'}</span></td></tr>;
        })}
        <tr><td className="mono">dead letters</td><td className="num">{q.data.store.deadLetters.toLocaleString()}</td><td /><td /><td /><td><span className={`health ${q.data.store.deadLetters ? 'warn' : 'ok'}`}>{q.data.store.deadLetters ? 'review' : 'ok'}</span></td></tr>
      </tbody>
    </table>
  );
}

/** Sources and pipeline: every component's counters, recent data per dataset, dead letters by source. */
export function Sources() {
  const q = useSources();
  if (q.isLoading) return <Loading what="the pipeline" />;
  if (q.isError || !q.data) return <ErrorLine error={q.error} />;
  const d = q.data;
  return (
    <div className="stack">
      <div className="kpis">
        <div className="kpi"><span className="n">{d.store.events.toLocaleString()}</span><span>events stored</span></div>
        <div className="kpi"><span className="n">{d.store.alerts.toLocaleString()}</span><span>alerts</span></div>
        <div className="kpi"><span className="n">{d.store.deadLetters.toLocaleString()}</span><span>dead letters</span></div>
        <div className="kpi"><span className="n">{d.detection.inflight.toLocaleString()}</span><span>events in flight to {d.detection.shards} detector shard(s)</span></div>
      </div>
      <Panel title="Pipeline components">
        <table className="grid" aria-label="Pipeline components">
          <thead><tr><th scope="col">Kind</th><th scope="col">Name</th><th scope="col">Received</th><th scope="col">Emitted</th><th scope="col">Rate /s</th><th scope="col">Dropped (reason)</th><th scope="col">Errors</th></tr></thead>
          <tbody>
            {d.components.map((c) => (
              <tr key={`${c.kind}/${c.name}`}><td>{c.kind}</td><td className="mono">{c.name}</td><td className="num">{c.received.toLocaleString()}</td><td className="num">{c.emitted.toLocaleString()}</td><td className="num">{rate(c.ratePerSecond)}</td>
                <td>{Object.entries(c.dropped).map(([r, n]) => `${n} ${r}`).join(', ') || '0'}</td><td className="num">{c.errors}</td></tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">Rates are sampled every 10 s by the server; “—” until the first sample.</p>
      </Panel>
      <Panel title="Data by dataset (last 50,000 events)">
        <table className="grid" aria-label="Data by dataset">
          <thead><tr><th scope="col">Dataset</th><th scope="col">Events</th><th scope="col">Newest event time</th><th scope="col">Last received</th></tr></thead>
          <tbody>{d.datasets.map((s) => <tr key={s.dataset}><td className="mono">{s.dataset}</td><td className="num">{s.events.toLocaleString()}</td><td className="mono">{time(s.newest)}</td><td>{ago(s.newestIngested)}</td></tr>)}</tbody>
        </table>
      </Panel>
      <Panel title="Dead letters by source">
        {d.deadLetters.length === 0 ? <p className="muted">None — every record parsed.</p> : (
          <table className="grid" aria-label="Dead letters by source">
            <thead><tr><th scope="col">Source</th><th scope="col">Records</th><th scope="col">Last</th></tr></thead>
            <tbody>{d.deadLetters.map((s) => <tr key={s.source}><td className="mono">{s.source}</td><td className="num">{s.n}</td><td className="mono">{time(s.last)}</td></tr>)}</tbody>
          </table>
        )}
      </Panel>
    </div>
  );
}
