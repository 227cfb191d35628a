import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../app/api';
import { useSession } from './session';

/** Same minimum as the server (src/api/auth/passwords.ts); the server checks it again. */
const MIN_PASSWORD = 12;

/**
 * Change your own password: the current one, the new one twice. The server ends every other
 * session of the user and gives this browser a fresh one.
 */
export function ChangePassword() {
  const me = useSession();
  const client = useQueryClient();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    if (password.length < MIN_PASSWORD) return setError(`The new password needs at least ${MIN_PASSWORD} characters.`);
    if (password !== again) return setError('The two new passwords differ.');
    setBusy(true);
    try {
      await api('/api/auth/password', { method: 'POST', body: { current, password } });
      setCurrent('');
      setPassword('');
      setAgain('');
      setDone(true);
      void client.invalidateQueries({ queryKey: ['me'] });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h1>Password</h1>
      <form onSubmit={submit} aria-label="Change password" className="stack narrow">
        <p className="muted">Signed in as {me.user.username}. Other sessions of this user end when the password changes.</p>
        <label>Current password<input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} aria-label="Current password" required /></label>
        <label>New password<input type="password" autoComplete="new-password" minLength={MIN_PASSWORD} value={password} onChange={(e) => setPassword(e.target.value)} aria-label="New password" required /></label>
        <label>New password again<input type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} aria-label="New password again" required /></label>
        {error && <p className="error" role="alert">{error}</p>}
        {done && <p className="ok" role="status">Password changed.</p>}
        <button type="submit" className="primary" disabled={busy} aria-label="Change password">{busy ? 'Changing…' : 'Change password'}</button>
      </form>
    </section>
  );
}
