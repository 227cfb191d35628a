import { useInfiniteQuery } from '@tanstack/react-query';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type RowSelectionState } from '@tanstack/react-table';
import { useContext, useEffect, useMemo, useRef, useState } from 'react';
import { api, qs } from '../../app/api';
import { FreshContext } from '../../app/App';
import { VERDICT_LABEL, time } from '../../app/format';
import { navigate } from '../../app/router';
import type { Alert, Page } from '../../app/types';
import { EntityLink, ErrorLine, SeverityBadge } from '../../components/ui';
import { useCan } from '../auth/session';
import { TriageBar } from './TriageBar';

const col = createColumnHelper<Alert>();
/** Rows per page: a screen and a half at 1280×800, so the first rows paint fast; "Load more" pages on. */
const PAGE = 50;
type Filters = { status: string; severity: string; detector: string; assignee: string; verdict: string; q: string; sort: string };

/** The alert queue: server-side filters and sort, bulk triage, j/k/enter/x keyboard navigation. */
export function AlertQueue({ search }: { search: URLSearchParams }) {
  const canTriage = useCan('triage');
  const fresh = useContext(FreshContext);
  const filters: Filters = {
    status: search.get('status') ?? 'open', severity: search.get('severity') ?? '', detector: search.get('detector') ?? '',
    assignee: search.get('assignee') ?? '', verdict: search.get('verdict') ?? '', q: search.get('q') ?? '', sort: search.get('sort') ?? 'time',
  };
  const [q, setQ] = useState(filters.q);
  const set = (patch: Partial<Filters>) => {
    const next = { ...filters, ...patch };
    navigate(`/alerts${qs({ ...next, status: next.status === 'open' ? '' : next.status, sort: next.sort === 'time' ? '' : next.sort })}`);
  };
  const status = filters.status === 'any' ? '' : filters.status;
  const query = useInfiniteQuery({
    queryKey: ['alerts', 'queue', filters],
    queryFn: ({ pageParam }) => api<Page<Alert>>(`/api/alerts${qs({ ...filters, status, limit: PAGE, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [cursor, setCursor] = useState(0);
  const tableRef = useRef<HTMLTableElement>(null);

  const columns = useMemo(() => [
    ...(canTriage ? [col.display({
      id: 'select',
      header: ({ table }) => <input type="checkbox" aria-label="Select all alerts shown" checked={table.getIsAllRowsSelected()} onChange={table.getToggleAllRowsSelectedHandler()} />,
      cell: ({ row }) => <input type="checkbox" aria-label={`Select alert ${row.original.title}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} onClick={(e) => e.stopPropagation()} />,
    })] : []),
    col.accessor('severity', { header: 'Severity', cell: (c) => <SeverityBadge severity={c.getValue()} /> }),
    col.accessor('time', { header: 'Time (UTC)', cell: (c) => <span className="mono nowrap">{time(c.getValue())}</span> }),
    col.accessor('title', { header: 'Alert', cell: (c) => <span className="title">{c.getValue()}</span> }),
    col.accessor('entities', { header: 'Entities', cell: (c) => <span className="ents">{c.getValue().slice(0, 3).map((e) => <EntityLink key={`${e.type}:${e.id}`} type={e.type} id={e.id} />)}</span> }),
    col.accessor('detector', { header: 'Detector', cell: (c) => <span className="mono muted">{c.getValue()}</span> }),
    col.accessor('status', { header: 'Status', cell: (c) => <span className={`status ${c.getValue()}`}>{c.getValue()}</span> }),
    col.accessor((a) => a.triage?.assignee ?? '', { id: 'assignee', header: 'Assignee', cell: (c) => c.getValue() || <span className="muted">—</span> }),
    col.accessor((a) => a.triage?.verdict ?? null, { id: 'verdict', header: 'Verdict', cell: (c) => { const v = c.getValue(); return v ? VERDICT_LABEL[v] : <span className="muted">—</span>; } }),
  ], [canTriage]);

  const table = useReactTable({
    data: rows, columns, getCoreRowModel: getCoreRowModel(), getRowId: (a) => a.id,
    state: { rowSelection: selection }, onRowSelectionChange: setSelection, enableRowSelection: canTriage, manualSorting: true,
  });
  const selectedIds = Object.keys(selection).filter((k) => selection[k]);

  // j/k move, Enter opens, x selects — unless typing in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (t.closest('input, select, textarea') || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === 'j') setCursor((c) => Math.min(c + 1, rows.length - 1));
      else if (e.key === 'k') setCursor((c) => Math.max(c - 1, 0));
      else if (e.key === 'Enter' && rows[cursor]) navigate(`/alerts/${encodeURIComponent(rows[cursor]!.id)}`);
      else if (e.key === 'x' && canTriage && rows[cursor]) { const id = rows[cursor]!.id; setSelection((s) => ({ ...s, [id]: !s[id] })); }
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, cursor, canTriage]);
  useEffect(() => { tableRef.current?.querySelector<HTMLElement>(`tr[data-index="${cursor}"]`)?.scrollIntoView({ block: 'nearest' }); }, [cursor]);

  // Time to first rows, for the load-time measurement (read by the browser test; visible in dev tools).
  useEffect(() => {
    if (rows.length && !performance.getEntriesByName('ww:queue-first-rows').length) performance.mark('ww:queue-first-rows');
  }, [rows.length]);

  const sortBy = (s: string) => set({ sort: s });
  return (
    <div className="queue">
      <form className="filters" role="search" aria-label="Filter alerts" onSubmit={(e) => { e.preventDefault(); set({ q }); }}>
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Search title, detector or id" aria-label="Search alerts" />
        <select value={filters.status} onChange={(e) => set({ status: e.target.value })} aria-label="Status">
          <option value="open">Open</option><option value="acknowledged">Acknowledged</option><option value="closed">Closed</option><option value="any">Any status</option>
        </select>
        <select value={filters.severity} onChange={(e) => set({ severity: e.target.value })} aria-label="Severity">
          <option value="">Any severity</option><option value="critical">Critical</option><option value="high,critical">High and above</option><option value="medium,high,critical">Medium and above</option><option value="low">Low</option>
        </select>
        <input value={filters.detector} onChange={(e) => set({ detector: e.target.value })} placeholder="detector" aria-label="Detector" size={16} />
        <input value={filters.assignee} onChange={(e) => set({ assignee: e.target.value })} placeholder="assignee (none)" aria-label="Assignee filter" size={12} />
        <select value={filters.verdict} onChange={(e) => set({ verdict: e.target.value })} aria-label="Verdict filter">
          <option value="">Any verdict</option><option value="none">No verdict</option>
          {Object.entries(VERDICT_LABEL).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select>
        <select value={filters.sort} onChange={(e) => sortBy(e.target.value)} aria-label="Sort">
          <option value="time">Newest first</option><option value="oldest">Oldest first</option><option value="severity">Most severe first</option>
        </select>
        <button type="submit" aria-label="Apply search">Search</button>
        <span className="muted small keys" aria-label="Keyboard shortcuts">j/k move · Enter open{canTriage ? ' · x select' : ''}</span>
      </form>
      {canTriage && selectedIds.length > 0 && (
        <div className="bulk" aria-label="Bulk actions">
          <strong>{selectedIds.length} selected</strong>
          <TriageBar ids={selectedIds} compact onDone={() => setSelection({})} />
        </div>
      )}
      {query.isError && <ErrorLine error={query.error} />}
      <table className="grid" ref={tableRef} aria-label="Alert queue" aria-busy={query.isLoading}>
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>{hg.headers.map((h) => {
              const sortable = h.id === 'time' || h.id === 'severity';
              const active = (h.id === 'time' && (filters.sort === 'time' || filters.sort === 'oldest')) || (h.id === 'severity' && filters.sort === 'severity');
              return (
                <th key={h.id} scope="col" aria-sort={active ? (filters.sort === 'oldest' ? 'ascending' : 'descending') : undefined}>
                  {sortable
                    ? <button type="button" className="link" onClick={() => sortBy(h.id === 'severity' ? 'severity' : filters.sort === 'time' ? 'oldest' : 'time')} aria-label={`Sort by ${h.id}`}>{flexRender(h.column.columnDef.header, h.getContext())}{active ? (filters.sort === 'oldest' ? ' ▲' : ' ▼') : ''}</button>
                    : flexRender(h.column.columnDef.header, h.getContext())}
                </th>
              );
            })}</tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row, i) => (
            <tr key={row.id} data-index={i} className={`${i === cursor ? 'cursor' : ''} ${fresh.has(row.id) ? 'fresh' : ''} ${row.getIsSelected() ? 'selected' : ''}`}
              onClick={() => { setCursor(i); navigate(`/alerts/${encodeURIComponent(row.id)}`); }} aria-selected={row.getIsSelected()}>
              {row.getVisibleCells().map((c) => <td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      {query.isLoading && <p className="muted" role="status">Loading alerts…</p>}
      {!query.isLoading && rows.length === 0 && <p className="muted empty">No alerts match. {filters.status === 'open' ? 'Nothing open — a quiet shift.' : ''}</p>}
      {query.hasNextPage && <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} aria-label="Load more alerts">{query.isFetchingNextPage ? 'Loading…' : `Load more (showing ${rows.length})`}</button>}
    </div>
  );
}
