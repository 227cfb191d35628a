import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Alert } from './types';

/**
 * Subscribe to `/api/alerts/stream` (Server-Sent Events). New alerts refresh the queue, counts and
 * overview; the newest ids are returned so views can highlight them.
 */
export function useLiveAlerts(enabled: boolean): { connected: boolean; fresh: Set<string>; lastBatch: Alert[] } {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);
  const [fresh, setFresh] = useState<Set<string>>(() => new Set());
  const [lastBatch, setLastBatch] = useState<Alert[]>([]);
  useEffect(() => {
    if (!enabled) return undefined;
    const es = new EventSource('/api/alerts/stream');
    es.onopen = () => setConnected(true);
    es.onerror = () => setConnected(false);
    es.addEventListener('alerts', (msg) => {
      const alerts = JSON.parse((msg as MessageEvent<string>).data) as Alert[];
      setLastBatch(alerts);
      setFresh((prev) => new Set([...prev, ...alerts.map((a) => a.id)].slice(-500)));
      void client.invalidateQueries({ queryKey: ['alerts'] });
      void client.invalidateQueries({ queryKey: ['counts'] });
      void client.invalidateQueries({ queryKey: ['overview'] });
      void client.invalidateQueries({ queryKey: ['sources'] });
    });
    return () => { es.close(); setConnected(false); };
  }, [enabled, client]);
  // The "new alerts" notice fades after 10 s; the rows stay highlighted.
  useEffect(() => {
    if (!lastBatch.length) return undefined;
    const t = setTimeout(() => setLastBatch([]), 10_000);
    return () => clearTimeout(t);
  }, [lastBatch]);
  return { connected, fresh, lastBatch };
}
