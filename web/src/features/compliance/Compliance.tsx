import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../app/api';
import { ErrorLine, Loading, Panel } from '../../components/ui';
import { useCan } from '../auth/session';

type Status = 'gap' | 'attestation_overdue' | 'partial' | 'not_measured' | 'attested' | 'met';
interface Row { id: string; framework: string; citation: string; title: string; requirement: string | null; tier: string | null; parent: string | null; status: Status; reason: string; weight: number }
interface Gap { id: string; citation: string; title: string; status: Status; weight: number }
interface Coverage { controls: number; mapped: number; measured: number }
interface Controls { period: { from: string; to: string }; coverage: Coverage; items: Row[]; gaps: Gap[] }

const STATUSES: Status[] = ['gap', 'attestation_overdue', 'partial', 'not_measured', 'attested', 'met'];
const COLOUR: Record<Status, string> = { met: '#2e7d32', attested: '#81c784', partial: '#f9a825', not_measured: '#9e9e9e', attestation_overdue: '#ef6c00', gap: '#c62828' };
const label = (s: Status) => s.replace('_', ' ');

function Badge({ s }: { s: Status }) {
  return <span className="badge" data-status={s} style={{ background: COLOUR[s], color: '#fff', padding: '0 6px', borderRadius: 3 }}>{label(s)}</span>;
}

/** The attestation form: owner, statement, evidence file and review date for one control. */
function AttestForm({ controls }: { controls: Row[] }) {
  const client = useQueryClient();
  const [controlId, setControlId] = useState(controls[0]?.id ?? '');
  const [owner, setOwner] = useState('');
  const [statement, setStatement] = useState('');
  const [evidenceFile, setEvidenceFile] = useState('');
  const [reviewBy, setReviewBy] = useState(new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10));
  const m = useMutation({
    mutationFn: () => api('/api/compliance/attestations', { method: 'POST', body: { controlId, owner, statement, evidenceFile, reviewBy } }),
    onSuccess: () => { setStatement(''); void client.invalidateQueries({ queryKey: ['compliance'] }); },
  });
  const submit = (e: FormEvent) => { e.preventDefault(); m.mutate(); };
  return (
    <Panel title="Attest a control">
      <form onSubmit={submit} aria-label="Attest a control" className="stack">
        <label>Control <select value={controlId} onChange={(e) => setControlId(e.target.value)} name="controlId">
          {controls.map((c) => <option key={c.id} value={c.id}>{c.citation} — {c.title}</option>)}
        </select></label>
        <label>Owner <input name="owner" value={owner} onChange={(e) => setOwner(e.target.value)} required maxLength={200} /></label>
        <label>Statement <input name="statement" value={statement} onChange={(e) => setStatement(e.target.value)} required maxLength={4000} /></label>
        <label>Evidence file <input name="evidenceFile" value={evidenceFile} onChange={(e) => setEvidenceFile(e.target.value)} required maxLength={1000} placeholder="policies/risk-analysis-2026.pdf" /></label>
        <label>Review by <input name="reviewBy" type="date" value={reviewBy} onChange={(e) => setReviewBy(e.target.value)} required /></label>
        <button type="submit" disabled={m.isPending}>Attest</button>
        {m.isError ? <ErrorLine error={m.error} /> : m.isSuccess ? <span role="status">Attestation recorded.</span> : null}
      </form>
    </Panel>
  );
}

/** Compliance: HIPAA/CPG/HICP controls with status and evidence, gaps ranked, attestations (permitted roles). */
export function Compliance() {
  const [status, setStatus] = useState('');
  const canAttest = useCan('compliance:attest');
  const q = useQuery({ queryKey: ['compliance'], queryFn: () => api<Controls>('/api/compliance/controls') });
  if (q.isLoading) return <Loading what="the compliance controls" />;
  if (q.isError || !q.data) return <ErrorLine error={q.error} />;
  const d = q.data;
  const rows = status ? d.items.filter((r) => r.status === status) : d.items;
  const counts = Object.fromEntries(STATUSES.map((s) => [s, d.items.filter((r) => r.status === s).length]));
  return (
    <>
      <Panel title={`Compliance — ${d.period.from.slice(0, 10)} to ${d.period.to.slice(0, 10)}`}>
        <p className="small">
          {d.coverage.controls} controls · automated evidence mapped to {d.coverage.mapped}, measured on this period for {d.coverage.measured} ·{' '}
          {STATUSES.map((s) => <span key={s} style={{ marginRight: 8 }}><Badge s={s} /> {counts[s]}</span>)}
        </p>
        <p className="small muted">The signed report (HTML with its SHA-256, or PDF) comes from <span className="mono">wardwatch report hipaa</span> or <a href="/api/compliance/report?format=html">the HTML report</a>.</p>
      </Panel>
      <Panel title="Gaps, ranked">
        <ol aria-label="Gaps ranked" className="small">
          {d.gaps.filter((g) => g.status !== 'not_measured').slice(0, 15).map((g) => <li key={g.id}><Badge s={g.status} /> <span className="mono">{g.citation}</span> {g.title} <span className="muted">(weight {g.weight})</span></li>)}
        </ol>
      </Panel>
      {canAttest ? <AttestForm controls={d.items} /> : null}
      <Panel title="Controls" actions={
        <label className="small">Status <select aria-label="Status filter" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">all</option>{STATUSES.map((s) => <option key={s} value={s}>{label(s)}</option>)}
        </select></label>}>
        <table className="grid compact" aria-label="Controls">
          <thead><tr><th scope="col">Citation</th><th scope="col">Control</th><th scope="col">R/A · tier</th><th scope="col">Status</th><th scope="col">Evidence</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-id={r.id}>
                <td className="mono nowrap">{r.citation}</td><td>{r.parent ? '↳ ' : ''}{r.title}</td><td className="small">{r.requirement ?? r.tier ?? ''}</td>
                <td><Badge s={r.status} /></td><td className="small muted">{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
    </>
  );
}
