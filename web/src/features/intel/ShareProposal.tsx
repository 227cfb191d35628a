import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../app/api';
import { navigate } from '../../app/router';
import { ErrorLine, Panel } from '../../components/ui';
import { TLPS, type IntelOverview, type ShareDraft } from './types';

/**
 * On an incident's page: propose sharing it as STIX (TLP, a TAXII collection and/or a peer, a
 * note). The server drafts the bundle with PHI and internal identifiers stripped; the draft
 * opens for review, and a second person approves it on the Intel page.
 */
export function ShareProposal({ incidentId }: { incidentId: string }) {
  const o = useQuery({ queryKey: ['intel-overview'], queryFn: () => api<IntelOverview>('/api/intel/overview') });
  const [tlp, setTlp] = useState<string>('green');
  const [collection, setCollection] = useState('');
  const [remote, setRemote] = useState('');
  const [note, setNote] = useState('');
  const m = useMutation({
    mutationFn: () => api<ShareDraft>('/api/intel/share', { method: 'POST', body: { incidentId, tlp, ...(collection ? { collection } : {}), ...(remote ? { remote } : {}), ...(note.trim() ? { note: note.trim() } : {}) } }),
    onSuccess: (d) => navigate(`/intel/share/${d.id}`),
  });
  return (
    <Panel title="Share with peers (STIX)">
      <p className="small muted">Drafts a STIX 2.1 bundle of the external indicators, with patient, staff and internal details removed. Someone else approves it before it is published. TLP:RED is never shared.</p>
      <p role="group" aria-label="Share proposal">
        <label>TLP <select aria-label="TLP" value={tlp} onChange={(e) => setTlp(e.target.value)}>{TLPS.map((t) => <option key={t} value={t}>TLP:{t.toUpperCase()}</option>)}</select></label>{' '}
        <label>Collection <select aria-label="Collection" value={collection} onChange={(e) => setCollection(e.target.value)}>
          <option value="">none</option>
          {(o.data?.collections ?? []).map((c) => <option key={c.id} value={c.alias}>{c.alias}</option>)}
        </select></label>{' '}
        {(o.data?.share.remotes.length ?? 0) > 0 && <label>Peer <select aria-label="Peer" value={remote} onChange={(e) => setRemote(e.target.value)}>
          <option value="">none</option>
          {o.data!.share.remotes.map((r) => <option key={r.name} value={r.name}>{r.name} (up to TLP:{r.maxTlp.toUpperCase()})</option>)}
        </select></label>}{' '}
        <input aria-label="Why share" placeholder="Why share (kept with the draft)" value={note} onChange={(e) => setNote(e.target.value)} size={40} />{' '}
        <button type="button" className="primary" disabled={m.isPending || (!collection && !remote)} onClick={() => m.mutate()}>Propose share</button>
      </p>
      {m.isError && <ErrorLine error={m.error} />}
    </Panel>
  );
}
