import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../app/api';
import { time } from '../../app/format';
import type { Role } from '../../app/types';
import { ErrorLine, Loading, Panel } from '../../components/ui';

interface User { id: number; username: string; role: Role; created: string; disabled: boolean; lockedUntil: string | null }
const ROLES: Role[] = ['analyst', 'privacy_officer', 'auditor', 'biomed', 'admin'];

/** Console users (admin only): create with a role, change role, disable (ends their sessions), lift a sign-in lockout. */
export function Users() {
  const client = useQueryClient();
  const q = useQuery({ queryKey: ['users'], queryFn: () => api<{ items: User[] }>('/api/users') });
  const [form, setForm] = useState({ username: '', role: 'analyst' as Role, password: '' });
  const done = () => void client.invalidateQueries({ queryKey: ['users'] });
  const create = useMutation({ mutationFn: () => api('/api/users', { method: 'POST', body: form }), onSuccess: () => { setForm({ username: '', role: 'analyst', password: '' }); done(); } });
  const update = useMutation({ mutationFn: ({ id, patch }: { id: number; patch: Partial<Pick<User, 'role' | 'disabled'>> }) => api(`/api/users/${id}`, { method: 'PATCH', body: patch }), onSuccess: done });
  const unlock = useMutation({ mutationFn: (id: number) => api(`/api/users/${id}/unlock`, { method: 'POST' }), onSuccess: done });
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate(); };
  if (q.isLoading) return <Loading what="users" />;
  if (q.isError || !q.data) return <ErrorLine error={q.error} />;
  return (
    <div className="stack">
      <Panel title="Users">
        <table className="grid" aria-label="Users">
          <thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Created</th><th scope="col">State</th></tr></thead>
          <tbody>
            {q.data.items.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td><select value={u.role} onChange={(e) => update.mutate({ id: u.id, patch: { role: e.target.value as Role } })} aria-label={`Role of ${u.username}`}>{ROLES.map((r) => <option key={r} value={r}>{r.replace('_', ' ')}</option>)}</select></td>
                <td className="mono">{time(u.created)}</td>
                <td><button type="button" onClick={() => update.mutate({ id: u.id, patch: { disabled: !u.disabled } })} aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.username}`}>{u.disabled ? 'Disabled — enable' : 'Active — disable'}</button>
                  {u.lockedUntil && <> <span className="muted small">sign-in locked until {time(u.lockedUntil)}</span> <button type="button" onClick={() => unlock.mutate(u.id)} aria-label={`Unlock ${u.username}`}>Unlock</button></>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {update.isError && <ErrorLine error={update.error} />}
        {unlock.isError && <ErrorLine error={unlock.error} />}
      </Panel>
      <Panel title="Add a user">
        <form className="filters" onSubmit={submit} aria-label="Add a user">
          <input value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} placeholder="user name" aria-label="New user name" required />
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} aria-label="New user role">{ROLES.map((r) => <option key={r} value={r}>{r.replace('_', ' ')}</option>)}</select>
          <input type="password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} placeholder="initial password (12+ characters)" aria-label="New user password" autoComplete="new-password" minLength={12} required />
          <button type="submit" className="primary" disabled={create.isPending} aria-label="Create user">Create</button>
        </form>
        {create.isError && <ErrorLine error={create.error} />}
        <p className="muted small">Changing a role or disabling a user ends their sessions. Too many failed sign-ins lock an account for a while; Unlock lifts it at once. Passwords are stored as argon2id hashes.</p>
      </Panel>
    </div>
  );
}
