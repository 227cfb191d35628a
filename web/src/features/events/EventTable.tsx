import { time } from '../../app/format';
import type { WardEvent } from '../../app/types';
import { EntityLink } from '../../components/ui';

/** Events as a dense table: time, category/action, outcome, who, where, message. Never raw JSON. */
export function EventTable({ events, label, highlight }: { events: WardEvent[]; label: string; highlight?: Set<string> }) {
  if (!events.length) return <p className="muted empty">No events.</p>;
  return (
    <div className="scroll">
      <table className="grid compact" aria-label={label}>
        <thead><tr><th scope="col">Time (UTC)</th><th scope="col">Category / action</th><th scope="col">Outcome</th><th scope="col">User</th><th scope="col">Source → host</th><th scope="col">Message</th></tr></thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.event.id} className={highlight?.has(e.event.id) ? 'evidence' : ''}>
              <td className="mono nowrap">{time(e['@timestamp'])}</td>
              <td className="nowrap">{(e.event.category ?? []).join(', ')}{e.event.action ? <span className="muted"> / {e.event.action}</span> : null}{e.ehr?.action ? <span className="tactic">EHR {e.ehr.action}</span> : null}</td>
              <td className={`outcome ${e.event.outcome ?? ''}`}>{e.event.outcome ?? '—'}</td>
              <td>{e.user?.name ? <EntityLink type="user" id={e.user.name} /> : '—'}</td>
              <td className="nowrap">{e.source?.ip ? <EntityLink type="ip" id={e.source.ip} /> : null}{e.source?.ip && e.host?.name ? ' → ' : ''}{e.host?.name ? <EntityLink type="host" id={e.host.name} /> : null}{e.ehr?.patient?.id ? <EntityLink type="patient" id={e.ehr.patient.id} /> : null}</td>
              <td className="msg" title={e.message}>{e.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
