import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../app/api';
import { ago } from '../../app/format';
import { navigate } from '../../app/router';
import { ErrorLine, Link, Loading, Panel } from '../../components/ui';
import { CRITICALITIES, DEVICE_TYPES, label, type DeviceRow } from './types';

/** The device inventory: riskiest first, filtered by type, criticality and minimum risk (kept in the URL). */
export function DeviceList({ search }: { search: URLSearchParams }) {
  const type = search.get('type') ?? '';
  const criticality = search.get('criticality') ?? '';
  const minRisk = search.get('minRisk') ?? '';
  const q = useQuery({
    queryKey: ['devices', type, criticality, minRisk],
    queryFn: () => api<{ items: DeviceRow[]; total: number; catalogue: { kev: number; advisories: number } }>(`/api/devices${qs({ type: type || undefined, criticality: criticality || undefined, minRisk: minRisk || undefined })}`),
  });
  const set = (k: string, v: string) => {
    const p = new URLSearchParams(search);
    if (v) p.set(k, v); else p.delete(k);
    navigate(`/devices${p.toString() ? `?${p}` : ''}`);
  };
  return (
    <Panel title="Devices" actions={
      <div className="filters" role="group" aria-label="Device filters">
        <select aria-label="Type" value={type} onChange={(e) => set('type', e.target.value)}>
          <option value="">all types</option>
          {DEVICE_TYPES.map((t) => <option key={t} value={t}>{label(t)}</option>)}
        </select>
        <select aria-label="Criticality" value={criticality} onChange={(e) => set('criticality', e.target.value)}>
          <option value="">any criticality</option>
          {CRITICALITIES.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
        <select aria-label="Minimum risk" value={minRisk} onChange={(e) => set('minRisk', e.target.value)}>
          <option value="">any risk</option>
          {['25', '50', '75'].map((r) => <option key={r} value={r}>risk ≥ {r}</option>)}
        </select>
      </div>}>
      {q.isLoading ? <Loading what="devices" /> : q.isError ? <ErrorLine error={q.error} /> : (
        <>
          <p className="muted small">{q.data!.total} device(s). Vulnerability catalogue: {q.data!.catalogue.kev} KEV entries, {q.data!.catalogue.advisories} ICS medical advisories{q.data!.catalogue.advisories === 0 ? ' (refresh with wardwatch intel update --kev … --csaf …)' : ''}.</p>
          <table className="grid" aria-label="Device inventory">
            <thead><tr><th scope="col">Device</th><th scope="col">Vendor</th><th scope="col">Type</th><th scope="col">Criticality</th><th scope="col">Risk</th><th scope="col">Protocols</th><th scope="col">Last seen</th></tr></thead>
            <tbody>
              {q.data!.items.map((d) => (
                <tr key={d.id}>
                  <td><Link to={`/devices/${encodeURIComponent(d.id)}`}>{d.hostnames[0] ?? d.ips[0] ?? d.id}</Link> <span className="muted small mono">{d.ips.join(', ')}</span></td>
                  <td>{d.vendor ?? '—'}</td>
                  <td>{label(d.type)} <span className="muted small">{d.typeSource === 'override' ? '(set)' : `${Math.round(d.typeConfidence * 100)}%`}</span></td>
                  <td>{d.criticality}{d.criticalitySource === 'override' ? ' (set)' : ''}</td>
                  <td className="num" title={d.riskReasons.join('\n')}>{d.risk}</td>
                  <td className="small">{d.protocols.slice(0, 5).join(', ')}</td>
                  <td>{ago(d.lastSeen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {q.data!.items.length === 0 && <p className="muted empty">No devices match.</p>}
        </>
      )}
    </Panel>
  );
}
