import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { Status, Verdict } from '../../app/types';

export interface TriageChange { status?: Status; assignee?: string | null; verdict?: Verdict | null; note?: string | null }

/** Apply a triage change to one or many alerts, then refresh what shows them. */
export function useTriage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, change }: { ids: string[]; change: TriageChange }) =>
      ids.length === 1
        ? api(`/api/alerts/${encodeURIComponent(ids[0]!)}/triage`, { method: 'PATCH', body: change })
        : api('/api/alerts/triage', { method: 'POST', body: { ids, ...change } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['alerts'] });
      void client.invalidateQueries({ queryKey: ['alert'] });
      void client.invalidateQueries({ queryKey: ['counts'] });
      void client.invalidateQueries({ queryKey: ['rules'] });
    },
  });
}
