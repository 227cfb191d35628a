import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../app/api';
import { time } from '../../app/format';
import { ErrorLine, Panel } from '../../components/ui';
import { useCan } from '../auth/session';

interface Factor { finding: string; evidence: string[]; assessment: string }
interface Deadline { who: string; due: string; daysLeft: number; basis: string; uncertain?: string }
/** The parts of a breach case (GET /api/incidents/:id/breach) the panel shows. */
interface BreachView {
  id: string;
  state: string;
  discovered: string;
  count: { patients: string[]; accesses: number; byAction: Record<string, number> };
  assessment: { natureAndExtent: Factor; unauthorizedPerson: Factor; acquiredOrViewed: Factor; mitigation: Factor; conclusion: string };
  clock: { threshold: 'media_and_hhs_now' | 'annual_hhs_log'; daysLeft: number; overdue: boolean; individualsDue: string; deadlines: Deadline[] };
}

const FACTORS = [
  ['natureAndExtent', '1. Nature and extent of the PHI'],
  ['unauthorizedPerson', '2. The unauthorized person'],
  ['acquiredOrViewed', '3. Acquired or viewed'],
  ['mitigation', '4. Extent mitigated'],
] as const;

/**
 * The HIPAA breach case of an incident: affected patients, the 60-day clock (days left), the
 * 500-resident threshold and the four factors; a breach manager opens one from here. Shown to
 * roles with `breach:read` only.
 */
export function BreachPanel({ incidentId }: { incidentId: string }) {
  const canManage = useCan('breach:manage');
  const client = useQueryClient();
  const key = ['breach', incidentId];
  const q = useQuery({
    queryKey: key,
    queryFn: async () => {
      try {
        return await api<BreachView>(`/api/incidents/${encodeURIComponent(incidentId)}/breach`);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
  const open = useMutation({
    mutationFn: () => api<BreachView>(`/api/incidents/${encodeURIComponent(incidentId)}/breach`, { method: 'POST', body: {} }),
    onSuccess: (c) => client.setQueryData(key, c),
  });
  if (q.isLoading) return null;
  if (q.isError) return <Panel title="Breach assessment"><ErrorLine error={q.error} /></Panel>;
  const c = q.data;
  if (!c) {
    return (
      <Panel title="Breach assessment">
        <p className="small">No breach case. If this incident touched patient records, open one: Wardwatch counts the affected patients from the access logs, pre-fills the four-factor risk assessment and starts the 60-day clock.</p>
        {canManage && <button type="button" onClick={() => open.mutate()} disabled={open.isPending}>Open a breach case</button>}
        {open.isError && <ErrorLine error={open.error} />}
      </Panel>
    );
  }
  const n = c.count.patients.length;
  return (
    <Panel title="Breach assessment">
      <p className="meta" aria-label="Breach summary">
        <span className={`status ${c.state}`}>{c.state}</span>
        <strong aria-label="Affected patients">{n} patient{n === 1 ? '' : 's'}</strong>
        <span>{c.count.accesses} accesses ({Object.entries(c.count.byAction).map(([a, k]) => `${a} ${k}`).join(', ')})</span>
        <span aria-label="Notification clock" className={c.clock.overdue ? 'error' : ''}>{c.clock.overdue ? 'notification overdue' : `${c.clock.daysLeft} days left`} (due {time(c.clock.individualsDue)}; discovered {time(c.discovered)})</span>
        <span aria-label="Threshold">{c.clock.threshold === 'media_and_hhs_now' ? '500 or more: notify HHS and the media now' : 'under 500: annual log to HHS'}</span>
      </p>
      <dl aria-label="Four-factor risk assessment">
        {FACTORS.map(([k, label]) => (
          <div key={k}>
            <dt className="small">{label}</dt>
            <dd>{c.assessment[k].finding}{c.assessment[k].assessment && <><br /><em>{c.assessment[k].assessment}</em></>}</dd>
          </div>
        ))}
      </dl>
      <p className="small">Conclusion: {c.assessment.conclusion === 'presumed_breach' ? 'presumed breach (no low-probability assessment recorded)' : 'low probability of compromise'}</p>
      <table className="grid compact" aria-label="Deadlines">
        <thead><tr><th scope="col">Due (UTC)</th><th scope="col">Days</th><th scope="col">Who</th><th scope="col">Basis</th></tr></thead>
        <tbody>{c.clock.deadlines.map((d) => <tr key={d.who}><td className="mono nowrap">{time(d.due)}</td><td className="num">{d.daysLeft}</td><td>{d.who}</td><td className="small" title={d.uncertain}>{d.basis}{d.uncertain ? ' *' : ''}</td></tr>)}</tbody>
      </table>
      <p className="small"><a href={`/api/breaches/${encodeURIComponent(c.id)}/pack?format=csv`}>Patient list (CSV, pseudonyms)</a> · <a href={`/api/breaches/${encodeURIComponent(c.id)}/pack`}>Notification pack (JSON)</a></p>
    </Panel>
  );
}
