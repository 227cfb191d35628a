import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';
import { time } from '../../app/format';
import { ErrorLine, Loading, Panel } from '../../components/ui';

/** GET /api/privacy: generated from the running configuration. */
interface PrivacyStatement {
  generated: string;
  dataDir: string;
  stored: Array<{ what: string; where: string; retention: string; phi: boolean; protection: string }>;
  phiColumns: Array<{ file: string; table: string; column: string; holds: string; protection: string; when?: string }>;
  access: Array<{ role: string; permissions: string[] }>;
  permissions: Record<string, string>;
  fhirAudit: { file?: string; url?: string };
}

/** The privacy page: what Wardwatch stores, where, for how long, how protected, and who can see it. */
export function PrivacyPage() {
  const q = useQuery({ queryKey: ['privacy'], queryFn: () => api<PrivacyStatement>('/api/privacy') });
  if (q.isLoading) return <Loading what="the privacy statement" />;
  if (q.isError || !q.data) return <ErrorLine error={q.error ?? 'not available'} />;
  const p = q.data;
  return (
    <article aria-label="Privacy">
      <h1>Privacy</h1>
      <p className="small muted">Generated {time(p.generated)} UTC from the running configuration; data folder <span className="mono">{p.dataDir}</span>.</p>
      <Panel title="What is stored, where, for how long">
        <table className="grid compact" aria-label="Stored data">
          <thead><tr><th scope="col">What</th><th scope="col">Where</th><th scope="col">Kept</th><th scope="col">PHI</th><th scope="col">Protection</th></tr></thead>
          <tbody>{p.stored.map((s) => <tr key={s.what}><td>{s.what}</td><td className="mono small">{s.where}</td><td className="nowrap">{s.retention}</td><td>{s.phi ? 'yes' : 'no'}</td><td className="small">{s.protection}</td></tr>)}</tbody>
        </table>
      </Panel>
      <Panel title="Columns that hold PHI">
        <table className="grid compact" aria-label="PHI columns">
          <thead><tr><th scope="col">File</th><th scope="col">Table.column</th><th scope="col">Holds</th><th scope="col">Protection</th></tr></thead>
          <tbody>{p.phiColumns.map((c) => <tr key={`${c.table}.${c.column}`}><td className="mono small">{c.file}</td><td className="mono small">{c.table}.{c.column}</td><td className="small">{c.holds}{c.when ? ` (${c.when})` : ''}</td><td className="mono small">{c.protection}</td></tr>)}</tbody>
        </table>
      </Panel>
      <Panel title="Who can see it">
        <table className="grid compact" aria-label="Roles and permissions">
          <thead><tr><th scope="col">Role</th><th scope="col">May</th></tr></thead>
          <tbody>{p.access.map((a) => <tr key={a.role}><td>{a.role}</td><td className="small">{a.permissions.map((x) => <div key={x}><span className="mono">{x}</span> — {p.permissions[x] ?? ''}</div>)}</td></tr>)}</tbody>
        </table>
      </Panel>
      <Panel title="Audit of Wardwatch's own views of PHI">
        <p className="small">{p.fhirAudit.file || p.fhirAudit.url ? <>Sent as FHIR R4 AuditEvents to {[p.fhirAudit.file, p.fhirAudit.url].filter(Boolean).join(' and ')}.</> : 'Kept in the audit log; FHIR AuditEvent output is off (privacy.fhirAudit).'}</p>
      </Panel>
    </article>
  );
}
