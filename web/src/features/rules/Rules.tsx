import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import { time } from '../../app/format';
import { ErrorLine, Link, Loading, Panel } from '../../components/ui';
import { useCan } from '../auth/session';

interface CuratedOff { id: string; title: string; level?: string; status?: string; reason: string; file: string }
interface SigmaCuration { folders: Array<{ path: string; source: { repository: string; commit?: string; date?: string }; rules: number; enabled: number }>; off: CuratedOff[] }
interface Rule { name: string; type: string; config: unknown; enabled: boolean; changedBy: string | null; hits: number; judged: number; falsePositives: number; falsePositiveRate: number | null; lastAlert: string | null; sigma?: SigmaCuration | null }

/** `GET /api/rules/stats`: one detector/rule's volume and what analysts said about its alerts. */
interface RuleStat { detector: string; rule: string; alerts: number; suppressed: number; truePositive: number; falsePositive: number; benignExpected: number; precision: number | null }

/** Per-rule alert volume, suppressions and verdict precision (last 30 days), noisiest first: a noisy rule is found in a minute. */
function RuleStatsPanel() {
  const q = useQuery({ queryKey: ['rules', 'stats'], queryFn: () => api<{ items: RuleStat[] }>('/api/rules/stats') });
  return (
    <Panel title="Per-rule volume and precision (last 30 days)">
      {q.isLoading ? <Loading what="rule statistics" /> : q.isError || !q.data ? <ErrorLine error={q.error} /> : q.data.items.length === 0 ? <p className="muted">No alerts in the last 30 days.</p> : (
        <table className="grid compact" aria-label="Per-rule statistics">
          <thead><tr><th scope="col">Detector / rule</th><th scope="col">Alerts</th><th scope="col">Suppressed</th><th scope="col">True pos.</th><th scope="col">False pos.</th><th scope="col">Expected</th><th scope="col">Precision</th></tr></thead>
          <tbody>
            {q.data.items.map((r) => (
              <tr key={`${r.detector}/${r.rule}`}>
                <td className="mono small">{r.detector}{r.rule !== r.detector ? ` / ${r.rule}` : ''}</td>
                <td className="num">{r.alerts.toLocaleString()}</td><td className="num">{r.suppressed.toLocaleString()}</td>
                <td className="num">{r.truePositive}</td><td className="num">{r.falsePositive}</td><td className="num">{r.benignExpected}</td>
                <td className="num">{r.precision === null ? <span className="muted">no verdicts</span> : `${Math.round(r.precision * 100)}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

/** `GET /api/suppressions`: an analyst's scoped, expiring exception (ended ones carry `removed`). */
interface Suppression { id: string; detector?: string; rule?: string; entity?: { type: string; id: string }; titleContains?: string; reason: string; createdBy: string; created: string; expires: string; from?: string; removed: string | null }

/** Suppressions in force first, then ended or expired ones; analysts with triage end one early (audited). */
function SuppressionsPanel() {
  const canTriage = useCan('triage');
  const client = useQueryClient();
  const q = useQuery({ queryKey: ['suppressions'], queryFn: () => api<{ items: Suppression[] }>('/api/suppressions') });
  const end = useMutation({
    mutationFn: (id: string) => api(`/api/suppressions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['suppressions'] }),
  });
  const now = Date.now();
  const active = (x: Suppression) => !x.removed && Date.parse(x.expires) > now;
  return (
    <Panel title="Suppressions">
      {end.isError && <ErrorLine error={end.error} />}
      {q.isLoading ? <Loading what="suppressions" /> : q.isError || !q.data ? <ErrorLine error={q.error} /> : q.data.items.length === 0 ? <p className="muted">No suppressions. A false-positive or expected verdict on an incident can add one.</p> : (
        <table className="grid compact" aria-label="Suppressions">
          <thead><tr><th scope="col">Scope</th><th scope="col">Reason</th><th scope="col">By</th><th scope="col">Until (UTC)</th><th scope="col">From</th><th scope="col" /></tr></thead>
          <tbody>
            {[...q.data.items].sort((a, b) => Number(active(b)) - Number(active(a))).map((x) => (
              <tr key={x.id} className={active(x) ? '' : 'muted'}>
                <td className="mono small">{[x.detector, x.rule && x.rule !== x.detector ? x.rule : undefined, x.entity ? `${x.entity.type} ${x.entity.id}` : undefined, x.titleContains ? `title ∋ "${x.titleContains}"` : undefined].filter(Boolean).join(' · ')}</td>
                <td className="small">{x.reason}</td><td className="small">{x.createdBy}</td>
                <td className="mono nowrap small">{x.removed ? `ended ${time(x.removed)}` : time(x.expires)}{!x.removed && !active(x) ? ' (expired)' : ''}</td>
                <td className="small">{x.from?.startsWith('inc_') ? <Link to={`/incidents/${x.from}`}>incident</Link> : x.from?.startsWith('al_') ? <Link to={`/alerts/${x.from}`}>alert</Link> : ''}</td>
                <td>{canTriage && active(x) && <button type="button" disabled={end.isPending} onClick={() => end.mutate(x.id)} aria-label={`End suppression ${x.id}`}>End now</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

/** The shipped Sigma rules a detector's curation keeps off, and why (level, status, measured noise). */
function CuratedSigma({ name, c }: { name: string; c: SigmaCuration }) {
  const byReason = new Map<string, number>();
  for (const r of c.off) {
    const key = r.reason.startsWith('fired ') ? 'noisy on benign background' : r.reason;
    byReason.set(key, (byReason.get(key) ?? 0) + 1);
  }
  return (
    <details className="curated">
      <summary>
        {name}: {c.folders.map((f) => `${f.enabled.toLocaleString()} of ${f.rules.toLocaleString()} shipped SigmaHQ rules on${f.source.commit ? ` (commit ${f.source.commit.slice(0, 12)})` : ''}`).join('; ')}
        {' — '}{c.off.length.toLocaleString()} off: {[...byReason].map(([k, n]) => `${n} ${k}`).join(', ')}
      </summary>
      <p className="note">Switch one back on by listing its id under <code>enable.ids</code> of this detector in the configuration.</p>
      <table className="grid" aria-label={`Sigma rules off in ${name}`}>
        <thead><tr><th scope="col">Rule</th><th scope="col">Level</th><th scope="col">Status</th><th scope="col">Why it is off</th><th scope="col">Id</th></tr></thead>
        <tbody>
          {c.off.map((r) => (
            <tr key={r.id}>
              <td title={r.file}>{r.title}</td>
              <td>{r.level ?? ''}</td>
              <td>{r.status ?? ''}</td>
              <td>{r.reason}</td>
              <td className="mono small">{r.id}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

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
    <>
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
      {q.data.items.filter((r) => r.sigma && r.sigma.folders.length > 0).map((r) => <CuratedSigma key={r.name} name={r.name} c={r.sigma!} />)}
    </Panel>
    <RuleStatsPanel />
    <SuppressionsPanel />
    </>
  );
}
