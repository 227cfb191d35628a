import { isIP } from 'node:net';
import type { NetworkFields } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';
import { bool, list, num, secondsToNanos, str } from './values.js';

type Rec = Record<string, unknown>;

const FLAGS = ['AA', 'TC', 'RD', 'RA'] as const;

/**
 * `dns.log`: one query and its answer. `dns.id`, `dns.question.name`/`type`/`class`,
 * `dns.response_code` (rcode_name), `dns.header_flags` (AA, TC, RD, RA when set), `dns.answers`
 * (`data` with the matching TTL), `dns.resolved_ip` (answers that are addresses), `dns.type`
 * `answer` when Zeek saw a reply; `event.duration` from `rtt`; `event.outcome` `success` for
 * NOERROR, `failure` for other rcodes, unset when no reply was seen.
 *
 * @example
 * mapDns({ query: 'example.com', qtype_name: 'A', rcode_name: 'NOERROR', answers: ['93.184.216.34'] }, ev);
 */
export function mapDns(r: Rec, ev: DraftEvent): void {
  const e = ev.event;
  e.category = ['network'];
  e.type = ['protocol', 'info'];
  e.action = 'dns_query';
  const net = (ev.network ??= {}) as NetworkFields;
  net.protocol = 'dns';
  const proto = str(r, 'proto');
  if (proto !== undefined) net.transport = proto;
  const rtt = num(r, 'rtt');
  if (rtt !== undefined) e.duration = secondsToNanos(rtt);

  const dns: Record<string, unknown> = {};
  const id = num(r, 'trans_id');
  if (id !== undefined) dns.id = String(id);
  const question: Record<string, unknown> = {};
  const name = str(r, 'query');
  if (name !== undefined) question.name = name;
  const qtype = str(r, 'qtype_name');
  if (qtype !== undefined) question.type = qtype;
  const qclass = str(r, 'qclass_name');
  if (qclass !== undefined) question.class = qclass;
  if (Object.keys(question).length > 0) dns.question = question;
  const rcode = str(r, 'rcode_name');
  if (rcode !== undefined) {
    dns.response_code = rcode;
    e.outcome = rcode === 'NOERROR' ? 'success' : 'failure';
  }
  const flags = FLAGS.filter((f) => bool(r, f) === true);
  if (flags.length > 0) dns.header_flags = flags;
  const answers = list(r, 'answers');
  const ttls = r.TTLs;
  if (answers !== undefined) {
    dns.answers = answers.map((data, i) => {
      const ttl = Array.isArray(ttls) ? Number(ttls[i]) : Number.NaN;
      return Number.isFinite(ttl) ? { data, ttl } : { data };
    });
    const ips = answers.filter((a) => isIP(a) !== 0);
    if (ips.length > 0) dns.resolved_ip = ips;
  }
  dns.type = rcode !== undefined || answers !== undefined ? 'answer' : 'query';
  ev.dns = dns;
}
