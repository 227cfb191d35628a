import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../app/api';
import { ago, time } from '../../app/format';
import { ErrorLine, Link, Loading, Panel } from '../../components/ui';
import { useCan } from '../auth/session';
import { CRITICALITIES, DEVICE_TYPES, label, type DeviceDetail } from './types';

/** Override type / criticality (perm `devices`: admin, biomed); "auto" clears the override. */
function Edit({ d }: { d: DeviceDetail }) {
  const client = useQueryClient();
  const [type, setType] = useState(d.override?.type ?? 'auto');
  const [crit, setCrit] = useState(d.override?.criticality ?? 'auto');
  const m = useMutation({
    mutationFn: () => api<DeviceDetail>(`/api/devices/${encodeURIComponent(d.id)}`, { method: 'PATCH', body: { type: type === 'auto' ? null : type, criticality: crit === 'auto' ? null : crit } }),
    onSuccess: () => { void client.invalidateQueries({ queryKey: ['device', d.id] }); void client.invalidateQueries({ queryKey: ['devices'] }); },
  });
  return (
    <div className="edit" role="group" aria-label="Edit device">
      <label>Type <select aria-label="Set type" value={type} onChange={(e) => setType(e.target.value)}>
        <option value="auto">auto ({label(d.typeSource === 'override' ? 'classifier' : d.type)})</option>
        {DEVICE_TYPES.map((t) => <option key={t} value={t}>{label(t)}</option>)}
      </select></label>{' '}
      <label>Criticality <select aria-label="Set criticality" value={crit} onChange={(e) => setCrit(e.target.value)}>
        <option value="auto">auto (from type)</option>
        {CRITICALITIES.map((c) => <option key={c} value={c}>{c}</option>)}
      </select></label>{' '}
      <button type="button" disabled={m.isPending} onClick={() => m.mutate()}>Save</button>
      {m.isError && <p className="note" role="alert">{(m.error as Error).message}</p>}
      {m.isSuccess && <p className="note" role="status">Saved. Response playbooks use this criticality from now on.</p>}
    </div>
  );
}

/** One device: identity, classification evidence, risk and vulnerabilities, peers and protocols. */
export function DevicePage({ id }: { id: string }) {
  const canEdit = useCan('devices');
  const q = useQuery({ queryKey: ['device', id], queryFn: () => api<DeviceDetail>(`/api/devices/${encodeURIComponent(id)}`) });
  if (q.isLoading) return <Loading what={`device ${id}`} />;
  if (q.isError || !q.data) return <ErrorLine error={q.error} />;
  const d = q.data;
  return (
    <article className="detail" aria-label={`device ${d.id}`}>
      <p className="crumbs"><Link to="/devices">Devices</Link> / {label(d.type)}</p>
      <h1><span className="etype">{label(d.type)}</span> <span className="mono">{d.hostnames[0] ?? d.ips[0] ?? d.id}</span></h1>
      <dl className="facts" aria-label="Device facts">
        <dt>Id</dt><dd className="mono">{d.id}</dd>
        <dt>Vendor</dt><dd>{d.vendor ?? '—'}{d.report.model ? ` · ${d.report.model}` : ''}{d.report.firmware ? ` · firmware ${d.report.firmware}` : ''}</dd>
        <dt>Addresses</dt><dd className="mono">{[...d.ips, ...(d.mac ? [d.mac] : [])].join(', ')}</dd>
        <dt>Type</dt><dd>{label(d.type)} ({d.typeSource === 'override' ? 'set by a person' : `${Math.round(d.typeConfidence * 100)}% confidence`})</dd>
        <dt>Criticality</dt><dd aria-label="Criticality">{d.criticality}{d.criticalitySource === 'override' ? ' (set by a person)' : ' (from type)'}</dd>
        <dt>Risk</dt><dd>{d.risk} / 100</dd>
        <dt>Seen</dt><dd>{time(d.firstSeen)} → {time(d.lastSeen)} ({ago(d.lastSeen)})</dd>
        {d.aeTitles.length > 0 && <><dt>AE titles</dt><dd className="mono">{d.aeTitles.join(', ')}</dd></>}
      </dl>
      {canEdit && <Panel title="Edit">{<Edit d={d} />}</Panel>}
      <div className="cols">
        <div className="main-col">
          <Panel title={`Peers (${d.peers.length})`}>
            <table className="grid" aria-label="Peers">
              <thead><tr><th scope="col">Direction</th><th scope="col">Peer</th><th scope="col">Port</th><th scope="col">Connections</th><th scope="col">Last</th></tr></thead>
              <tbody>{d.peers.map((p) => <tr key={`${p.dir}${p.ip}:${p.port}`}><td>{p.dir === 'out' ? 'to' : 'from'}</td><td className="mono">{p.ip}</td><td className="num">{p.port}</td><td className="num">{p.count}</td><td>{ago(p.last)}</td></tr>)}</tbody>
            </table>
          </Panel>
          <Panel title="Protocols"><p>{d.protocols.join(', ') || '—'}</p>{d.servedPorts.length > 0 && <p className="muted small">Answers on ports {d.servedPorts.join(', ')}</p>}</Panel>
        </div>
        <aside className="side-col">
          <Panel title="Why this type"><ul aria-label="Type evidence">{d.typeEvidence.map((e) => <li key={e}>{e}</li>)}</ul>{d.typeEvidence.length === 0 && <p className="muted">No evidence yet.</p>}</Panel>
          <Panel title="Risk"><ul aria-label="Risk reasons">{d.riskReasons.map((e) => <li key={e}>{e}</li>)}</ul>{d.riskReasons.length === 0 && <p className="muted">Nothing found.</p>}</Panel>
          <Panel title={`Vulnerabilities (${d.vulnerabilities.length})`}>
            <ul aria-label="Vulnerabilities">{d.vulnerabilities.slice(0, 30).map((v) => <li key={v.id}><span className="mono">{v.id}</span> [{v.confidence}{v.knownExploited ? ', known exploited' : ''}] {v.title}</li>)}</ul>
          </Panel>
        </aside>
      </div>
    </article>
  );
}
