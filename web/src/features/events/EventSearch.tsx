import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, qs } from '../../app/api';
import { navigate } from '../../app/router';
import type { Page, WardEvent } from '../../app/types';
import { ErrorLine, Panel } from '../../components/ui';
import { EventTable } from './EventTable';

const toIso = (local: string) => (local ? new Date(`${local}Z`).toISOString() : '');
const toLocal = (iso: string | null) => (iso ? iso.slice(0, 16) : '');

/** Event search: time range (UTC), entity, category, free text, paging by cursor. */
export function EventSearch({ search }: { search: URLSearchParams }) {
  const params = { from: search.get('from') ?? '', to: search.get('to') ?? '', entity: search.get('entity') ?? '', category: search.get('category') ?? '', q: search.get('q') ?? '' };
  const [form, setForm] = useState({ ...params, from: toLocal(params.from), to: toLocal(params.to) });
  const query = useInfiniteQuery({
    queryKey: ['events', params],
    queryFn: ({ pageParam }) => api<Page<WardEvent>>(`/api/events${qs({ ...params, limit: 100, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/events${qs({ ...form, from: toIso(form.from), to: toIso(form.to) })}`);
  };
  const events = query.data?.pages.flatMap((p) => p.items) ?? [];
  const field = (k: keyof typeof form) => ({ value: form[k], onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }) });
  return (
    <Panel title="Event search">
      <form className="filters" role="search" aria-label="Search events" onSubmit={submit}>
        <label>From (UTC)<input type="datetime-local" {...field('from')} aria-label="From time (UTC)" /></label>
        <label>To (UTC)<input type="datetime-local" {...field('to')} aria-label="To time (UTC)" /></label>
        <input {...field('entity')} placeholder="user, host or IP" aria-label="Entity" />
        <select {...field('category')} aria-label="Category">
          <option value="">Any category</option>
          {['authentication', 'session', 'process', 'iam', 'network', 'file', 'web', 'email', 'host', 'configuration', 'database'].map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
        <input type="search" className="grow" {...field('q')} placeholder="Free text in message or raw record" aria-label="Free text" />
        <button type="submit" className="primary" aria-label="Search events">Search</button>
      </form>
      {query.isError && <ErrorLine error={query.error} />}
      {query.isLoading ? <p className="muted" role="status">Searching…</p> : <EventTable events={events} label="Events" />}
      <p className="muted small">{events.length} event{events.length === 1 ? '' : 's'} shown, newest first.</p>
      {query.hasNextPage && <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} aria-label="Next page of events">Next 100</button>}
    </Panel>
  );
}
