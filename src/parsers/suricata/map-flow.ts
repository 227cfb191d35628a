import type { Endpoint, NetworkFields } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';
import { parseIso8601 } from '../common/iso8601.js';
import { num, str } from './fields.js';

type Rec = Record<string, unknown>;

function isoMs(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = parseIso8601(s, 0);
  return t === undefined ? undefined : t.localMs - (t.offsetMs ?? 0);
}

/**
 * `flow` (and the `flow` object of other records): packets and bytes per direction
 * (`toserver` = source, `toclient` = destination) and their sums, `event.start`/`end`/`duration`,
 * the flow `state` and end `reason` as `event.action`-style detail in `raw`; type `connection` + `end`.
 *
 * @example
 * mapFlow({ pkts_toserver: 6, bytes_toserver: 400, start: '…', end: '…', state: 'closed' }, ev, true);
 */
export function mapFlow(f: Rec, ev: DraftEvent, isFlowRecord: boolean): void {
  const src = (ev.source ??= {}) as Endpoint;
  const dst = (ev.destination ??= {}) as Endpoint;
  const net = (ev.network ??= {}) as NetworkFields;
  const ps = num(f, 'pkts_toserver');
  const pc = num(f, 'pkts_toclient');
  const bs = num(f, 'bytes_toserver');
  const bc = num(f, 'bytes_toclient');
  if (ps !== undefined) src.packets = ps;
  if (pc !== undefined) dst.packets = pc;
  if (bs !== undefined) src.bytes = bs;
  if (bc !== undefined) dst.bytes = bc;
  if (ps !== undefined || pc !== undefined) net.packets = (ps ?? 0) + (pc ?? 0);
  if (bs !== undefined || bc !== undefined) net.bytes = (bs ?? 0) + (bc ?? 0);
  const start = isoMs(str(f, 'start'));
  const end = isoMs(str(f, 'end'));
  const e = ev.event;
  if (start !== undefined) e.start = new Date(start).toISOString();
  if (end !== undefined) e.end = new Date(end).toISOString();
  if (start !== undefined && end !== undefined) e.duration = (end - start) * 1e6;
  if (isFlowRecord) {
    e.category = ['network'];
    e.type = ['connection', 'end'];
    e.action = 'flow';
    const reason = str(f, 'reason');
    if (reason !== undefined) e.reason = reason;
  }
}
