import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { EntityRef, WardEvent } from '../../app/types';
import { Link } from '../../components/ui';
import { label, type DeviceRow } from './types';

/** Addresses an alert names: its ip/host/device entities and its evidence's source and destination IP/MAC. */
function addressesOf(entities: EntityRef[], evidence: WardEvent[]): string[] {
  const out = new Set<string>();
  for (const e of entities) if (e.type === 'ip' || e.type === 'device' || e.type === 'host') out.add(e.id);
  for (const ev of evidence.slice(0, 50)) {
    for (const side of [ev.source, ev.destination] as Array<{ ip?: string; mac?: string } | undefined>) {
      if (side?.ip) out.add(side.ip);
      if (side?.mac) out.add(side.mac);
    }
  }
  return [...out].slice(0, 60);
}

/** The inventoried devices an alert is about, linked to their pages, with their criticality. */
export function AlertDevices({ entities, evidence }: { entities: EntityRef[]; evidence: WardEvent[] }) {
  const addrs = addressesOf(entities, evidence);
  const q = useQuery({
    queryKey: ['alert-devices', addrs.join(',')],
    queryFn: () => api<{ items: DeviceRow[] }>(`/api/devices?addr=${encodeURIComponent(addrs.join(','))}`),
    enabled: addrs.length > 0,
  });
  const items = q.data?.items ?? [];
  if (!items.length) return null;
  return (
    <p className="ents" aria-label="Devices in this alert">
      {items.map((d) => (
        <Link key={d.id} to={`/devices/${encodeURIComponent(d.id)}`} className={`device ${d.criticality}`}>
          {label(d.type)} {d.hostnames[0] ?? d.ips[0] ?? d.id} · {d.criticality}
        </Link>
      ))}
    </p>
  );
}
