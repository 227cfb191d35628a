import type { DraftEvent } from '../common/draft-event.js';
import type { Endpoint, NetworkFields } from '../../core/event.js';
import { bool, num, secondsToNanos, str } from './values.js';

type Rec = Record<string, unknown>;

/** conn_state values where the responder answered (established or torn down after answering). */
const ANSWERED = new Set(['SF', 'S1', 'S2', 'S3', 'RSTO', 'RSTR']);
/** conn_state values where it did not: no reply, rejected, or only half seen after a reset. */
const UNANSWERED = new Set(['S0', 'REJ', 'RSTOS0', 'RSTRH', 'SH', 'SHR']);

function direction(localOrig: boolean | undefined, localResp: boolean | undefined): NetworkFields['direction'] {
  if (localOrig === undefined || localResp === undefined) return undefined;
  if (localOrig) return localResp ? 'internal' : 'outbound';
  return localResp ? 'inbound' : 'external';
}

/**
 * `conn.log`: a finished connection. `network.transport` (proto), `network.protocol` (the first
 * detected service), bytes and packets per side (payload bytes, as ECS defines them) and their sums,
 * `event.duration` in ns, `network.direction` from `local_orig`/`local_resp`, MACs from
 * `orig_l2_addr`/`resp_l2_addr`, and `event.outcome` from `conn_state`: answered states
 * (SF, S1–S3, RSTO, RSTR) are `success`, unanswered or rejected ones (S0, REJ, RSTOS0, RSTRH, SH,
 * SHR) `failure`, mid-stream `OTH` `unknown`.
 *
 * @example
 * mapConn({ proto: 'tcp', conn_state: 'REJ' }, ev); // ev.event.outcome === 'failure'
 */
export function mapConn(r: Rec, ev: DraftEvent): void {
  const e = ev.event;
  e.category = ['network'];
  e.type = ['connection', 'end'];
  e.action = 'connection';
  const state = str(r, 'conn_state');
  e.outcome = state === undefined ? 'unknown' : ANSWERED.has(state) ? 'success' : UNANSWERED.has(state) ? 'failure' : 'unknown';
  const duration = num(r, 'duration');
  if (duration !== undefined) e.duration = secondsToNanos(duration);
  const net = (ev.network ??= {}) as NetworkFields;
  const proto = str(r, 'proto');
  if (proto !== undefined) net.transport = proto;
  const service = str(r, 'service');
  if (service !== undefined) {
    const comma = service.indexOf(',');
    net.protocol = (comma < 0 ? service : service.slice(0, comma)).toLowerCase();
  }
  const dir = direction(bool(r, 'local_orig'), bool(r, 'local_resp'));
  if (dir !== undefined) net.direction = dir;
  const src = (ev.source ??= {}) as Endpoint;
  const dst = (ev.destination ??= {}) as Endpoint;
  const ob = num(r, 'orig_bytes');
  const rb = num(r, 'resp_bytes');
  const op = num(r, 'orig_pkts');
  const rp = num(r, 'resp_pkts');
  if (ob !== undefined) src.bytes = ob;
  if (rb !== undefined) dst.bytes = rb;
  if (op !== undefined) src.packets = op;
  if (rp !== undefined) dst.packets = rp;
  if (ob !== undefined || rb !== undefined) net.bytes = (ob ?? 0) + (rb ?? 0);
  if (op !== undefined || rp !== undefined) net.packets = (op ?? 0) + (rp ?? 0);
  const omac = str(r, 'orig_l2_addr');
  const rmac = str(r, 'resp_l2_addr');
  if (omac !== undefined) src.mac = omac.toUpperCase().replaceAll(':', '-');
  if (rmac !== undefined) dst.mac = rmac.toUpperCase().replaceAll(':', '-');
}
