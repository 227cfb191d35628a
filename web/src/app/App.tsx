import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, createContext, lazy, memo, useEffect } from 'react';
import { Link } from '../components/ui';
import { Actions } from '../features/actions/Actions';
import { AlertQueue } from '../features/alerts/AlertQueue';
import { AuditLog } from '../features/audit/AuditLog';
import { ChangePassword } from '../features/auth/ChangePassword';
import { SessionContext } from '../features/auth/session';
import { SignIn } from '../features/auth/SignIn';
import { EntityList } from '../features/entities/EntityList';
import { EventSearch } from '../features/events/EventSearch';
import { IncidentQueue } from '../features/incidents/IncidentQueue';
import { Rules } from '../features/rules/Rules';
import { Sources } from '../features/sources/Sources';
import { Users } from '../features/users/Users';
import { ApiError, api } from './api';
import { useLiveAlerts } from './live';
import { match, navigate, useLocation } from './router';
import type { Me, Severity } from './types';

// Views that draw charts load ECharts on demand, so the alert queue's first paint does not wait for it.
const Overview = lazy(() => import('../features/overview/Overview').then((m) => ({ default: m.Overview })));
const AlertDetail = lazy(() => import('../features/alerts/AlertDetail').then((m) => ({ default: m.AlertDetail })));
const Foresee = lazy(() => import('../features/foresee/Foresee').then((m) => ({ default: m.Foresee })));
const IncidentPage = lazy(() => import('../features/incidents/IncidentPage').then((m) => ({ default: m.IncidentPage })));
const Intel = lazy(() => import('../features/intel/Intel').then((m) => ({ default: m.Intel })));
const ShareDraftPage = lazy(() => import('../features/intel/ShareDraftPage').then((m) => ({ default: m.ShareDraftPage })));
const DeviceList = lazy(() => import('../features/devices/DeviceList').then((m) => ({ default: m.DeviceList })));
const DevicePage = lazy(() => import('../features/devices/DevicePage').then((m) => ({ default: m.DevicePage })));
const PrivacyPage = lazy(() => import('../features/privacy/PrivacyPage').then((m) => ({ default: m.PrivacyPage })));
const Compliance = lazy(() => import('../features/compliance/Compliance').then((m) => ({ default: m.Compliance })));
const EntityPage = lazy(() => import('../features/entities/EntityPage').then((m) => ({ default: m.EntityPage })));

/** Ids of alerts that arrived live in this tab (for highlighting). */
export const FreshContext = createContext<Set<string>>(new Set());

const NAV: Array<{ to: string; label: string; perm?: 'audit' | 'admin' | 'compliance:read' }> = [
  { to: '/', label: 'Overview' },
  { to: '/incidents', label: 'Incidents' },
  { to: '/alerts', label: 'Alerts' },
  { to: '/entities', label: 'Entities' },
  { to: '/devices', label: 'Devices' },
  { to: '/events', label: 'Events' },
  { to: '/sources', label: 'Sources' },
  { to: '/rules', label: 'Rules' },
  { to: '/actions', label: 'Actions' },
  { to: '/intel', label: 'Intel' },
  { to: '/foresee', label: 'Foresee' },
  { to: '/compliance', label: 'Compliance', perm: 'compliance:read' },
  { to: '/audit', label: 'Audit log', perm: 'audit' },
  { to: '/privacy', label: 'Privacy' },
  { to: '/users', label: 'Users', perm: 'admin' },
];

// Memoised: the shell re-renders on every count or live update; the view only when the location changes.
const View = memo(function View({ path, search }: { path: string; search: URLSearchParams }) {
  let m: Record<string, string> | undefined;
  if (path === '/') return <Overview />;
  // `/cases` is what analysts from other SIEMs type; it is the incident queue here.
  if (path === '/incidents' || path === '/cases') return <IncidentQueue search={search} />;
  if ((m = match('/incidents/:id', path))) return <IncidentPage id={m.id!} />;
  if (path === '/alerts') return <AlertQueue search={search} />;
  if ((m = match('/alerts/:id', path))) return <AlertDetail id={m.id!} />;
  if (path === '/entities') return <EntityList type={search.get('type') ?? 'user'} />;
  if ((m = match('/entities/:type/:id', path))) return <EntityPage type={m.type!} id={m.id!} />;
  if (path === '/devices') return <DeviceList search={search} />;
  if ((m = match('/devices/:id', path))) return <DevicePage id={m.id!} />;
  if (path === '/events') return <EventSearch search={search} />;
  if (path === '/sources') return <Sources />;
  if (path === '/rules') return <Rules />;
  if (path === '/actions') return <Actions search={search} />;
  if (path === '/foresee') return <Foresee />;
  if (path === '/intel') return <Intel search={search} />;
  if ((m = match('/intel/share/:id', path))) return <ShareDraftPage id={m.id!} />;
  if (path === '/compliance') return <Compliance />;
  if (path === '/audit') return <AuditLog />;
  if (path === '/privacy') return <PrivacyPage />;
  if (path === '/users') return <Users />;
  if (path === '/account/password') return <ChangePassword />;
  return <p className="muted">Nothing here. <Link to="/">Back to the overview</Link>.</p>;
});

/** The console shell: sign-in gate, navigation, live alerts and the open count in the tab title. */
export function App() {
  const client = useQueryClient();
  const { path, search } = useLocation();
  const me = useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try { return await api<Me>('/api/auth/me'); } catch (e) { if (e instanceof ApiError && e.status === 401) return null; throw e; }
    },
    staleTime: 60_000,
  });
  const signedIn = !!me.data;
  const live = useLiveAlerts(signedIn);
  const counts = useQuery({
    queryKey: ['counts'],
    queryFn: () => api<{ open: Record<Severity, number> & { total: number } }>('/api/alerts/counts'),
    enabled: signedIn,
    refetchInterval: 30_000,
  });
  const open = counts.data?.open.total;
  useEffect(() => { document.title = open === undefined ? 'Wardwatch' : `(${open}) Wardwatch`; }, [open]);

  if (me.isLoading) return <p className="muted pad" role="status">Loading…</p>;
  if (!me.data) return <SignIn onSignedIn={() => void client.invalidateQueries({ queryKey: ['me'] })} />;

  const signOut = async () => {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    client.clear();
    navigate('/');
    void client.invalidateQueries({ queryKey: ['me'] });
  };
  const section = `/${path.split('/')[1] ?? ''}`;
  return (
    <SessionContext.Provider value={me.data}>
      <FreshContext.Provider value={live.fresh}>
        <div className="shell">
          <nav className="top" aria-label="Main">
            <span className="brand"><span className="logo" aria-hidden="true">◈</span> Wardwatch</span>
            {NAV.filter((n) => !n.perm || me.data!.permissions.includes(n.perm)).map((n) => (
              <Link key={n.to} to={n.to} className={section === n.to ? 'active' : ''}>
                {n.label}{n.to === '/alerts' && open !== undefined ? <span className="count" aria-label={`${open} open alerts`}>{open}</span> : null}
              </Link>
            ))}
            <span className="spacer" />
            <span className={`live ${live.connected ? 'on' : ''}`} title={live.connected ? 'Live: new alerts appear as they are raised' : 'Live feed disconnected; retrying'} role="status" aria-label={live.connected ? 'live feed connected' : 'live feed disconnected'}>
              ● {live.connected ? 'live' : 'offline'}
            </span>
            <span className="who" aria-label="Signed in as">{me.data.user.username} · {me.data.user.role.replace('_', ' ')}</span>
            <Link to="/account/password" className={path === '/account/password' ? 'active' : ''}>Password</Link>
            <button type="button" onClick={() => void signOut()} aria-label="Sign out">Sign out</button>
          </nav>
          {live.lastBatch.length > 0 && (
            <div className="toast" role="status" aria-live="polite">
              {live.lastBatch.length} new alert{live.lastBatch.length === 1 ? '' : 's'}: <Link to={`/alerts/${encodeURIComponent(live.lastBatch[0]!.id)}`}>{live.lastBatch[0]!.title}</Link>
            </div>
          )}
          <main className="content"><Suspense fallback={<p className="muted" role="status">Loading…</p>}><View path={path} search={search} /></Suspense></main>
        </div>
      </FreshContext.Provider>
    </SessionContext.Provider>
  );
}
