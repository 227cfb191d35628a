import { useState, type FormEvent } from 'react';
import { api } from '../../app/api';

/** The sign-in form: user name and password; the server sets the session cookie. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/api/auth/login', { method: 'POST', body: { username, password } });
      onSignedIn();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="signin">
      <form onSubmit={submit} aria-label="Sign in">
        <h1><span className="logo" aria-hidden="true">◈</span> Wardwatch</h1>
        <p className="muted">Security monitoring console</p>
        <label>User name<input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} aria-label="User name" autoFocus required /></label>
        <label>Password<input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-label="Password" required /></label>
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy} aria-label="Sign in">{busy ? 'Signing in…' : 'Sign in'}</button>
        <p className="muted small">The first admin password is printed once when the server first starts (or set with WARDWATCH_ADMIN_PASSWORD).</p>
      </form>
    </main>
  );
}
