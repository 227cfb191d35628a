import { parseMailDate } from './date.js';

/**
 * One `Received:` hop (RFC 5321 §4.4), as far as its free-form text allows.
 *
 * @example
 * const h: ReceivedHop = { from: 'mx.example.org', by: 'mail.example.net', with: 'ESMTPS', ip: '192.0.2.1', timestamp: '2026-01-05T10:00:00.000Z' };
 */
export interface ReceivedHop {
  from?: string;
  by?: string;
  with?: string;
  id?: string;
  for?: string;
  /** The first IP literal of the `from` clause (`[192.0.2.1]` or `(host [192.0.2.1])`). */
  ip?: string;
  timestamp?: string;
}

const V4 = '(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}';
/** The address the receiving server saw is the bracketed one; a bare one is usually the HELO name. */
const IPV4_BRACKETED = new RegExp(`\\[(${V4})\\]`);
const IPV4 = new RegExp(`\\b(${V4})\\b`);
const BY = /\sby\s/i;
/** `from X`, `by Y`, … clause values, compiled once. */
const CLAUSE = Object.fromEntries(['from', 'by', 'with', 'id', 'for'].map((kw) => [kw, new RegExp(`(?:^|\\s)${kw}\\s+([^\\s;()]+)`, 'i')])) as Record<'from' | 'by' | 'with' | 'id' | 'for', RegExp>;
const IPV6 = /\[(?:IPv6:)?([0-9A-Fa-f:]*:[0-9A-Fa-f:.]+)\]/;

/**
 * Split a `Received:` value into its clauses. The date is after the last `;`.
 *
 * @example
 * parseReceived('from a.example (a.example [192.0.2.1]) by b.example with ESMTP id X1; Sat, 27 Nov 2004 15:33:24 -0500')
 * // { from: 'a.example', by: 'b.example', with: 'ESMTP', id: 'X1', ip: '192.0.2.1', timestamp: '2004-11-27T20:33:24.000Z' }
 */
export function parseReceived(value: string): ReceivedHop {
  const hop: ReceivedHop = {};
  const semi = value.lastIndexOf(';');
  const clauses = semi >= 0 ? value.slice(0, semi) : value;
  const ms = semi >= 0 ? parseMailDate(value.slice(semi + 1)) : undefined;
  if (ms !== undefined) hop.timestamp = new Date(ms).toISOString();
  const from = CLAUSE.from.exec(clauses)?.[1];
  const by = CLAUSE.by.exec(clauses)?.[1];
  const w = CLAUSE.with.exec(clauses)?.[1];
  const id = CLAUSE.id.exec(clauses)?.[1];
  const f = CLAUSE.for.exec(clauses)?.[1];
  if (from) hop.from = from;
  if (by) hop.by = by;
  if (w) hop.with = w;
  if (id) hop.id = id;
  if (f) hop.for = f.replace(/^<|>$/g, '');
  // The IP belongs to the `from` clause: look only before `by`.
  const byAt = clauses.search(BY);
  const fromPart = byAt >= 0 ? clauses.slice(0, byAt) : clauses;
  const ip = IPV4_BRACKETED.exec(fromPart)?.[1] ?? IPV6.exec(fromPart)?.[1] ?? IPV4.exec(fromPart)?.[1];
  if (ip) hop.ip = ip;
  return hop;
}

/**
 * The results of one `Authentication-Results:` (RFC 8601) or `ARC-Authentication-Results:`
 * field: the server that wrote it, and each method's result with its properties.
 *
 * @example
 * const a: AuthResults = { authserv_id: 'mx.example.net', results: [{ method: 'spf', result: 'pass', props: { 'smtp.mailfrom': 'a@b.example' } }] };
 */
export interface AuthResults {
  authserv_id?: string;
  results: Array<{ method: string; result: string; reason?: string; props?: Record<string, string> }>;
}

/**
 * Parse an `Authentication-Results` value (comments dropped; an `i=N;` ARC instance tag skipped).
 *
 * @example
 * parseAuthResults('mx.example.net; spf=pass smtp.mailfrom=a@b.example; dkim=fail (bad sig) header.d=b.example; dmarc=none')
 * // { authserv_id: 'mx.example.net', results: [{ method: 'spf', result: 'pass', props: { 'smtp.mailfrom': 'a@b.example' } }, …] }
 */
export function parseAuthResults(value: string): AuthResults {
  const clean = stripComments(value);
  const parts = clean.split(';').map((s) => s.trim()).filter((s) => s.length > 0);
  const out: AuthResults = { results: [] };
  let first = true;
  for (const part of parts) {
    if (/^i=\d+$/i.test(part)) continue;
    const m = /^([A-Za-z0-9_.-]+)\s*=\s*([A-Za-z0-9_-]+)(.*)$/s.exec(part);
    if (first) {
      first = false;
      // `authserv-id [version]` carries no `=`; when the first clause is a result the id was omitted.
      if (!m || /^[A-Za-z0-9.-]+\.[A-Za-z]/.test(part.split(/\s/)[0] ?? '') && !/^(spf|dkim|dmarc|arc|iprev|auth|bimi|dkim-atps|sender-id|domainkeys)\s*=/i.test(part)) {
        out.authserv_id = part.split(/\s+/)[0];
        continue;
      }
    }
    if (!m) continue;
    const method = m[1]!.toLowerCase();
    if (method === 'none') continue;
    const entry: AuthResults['results'][number] = { method, result: m[2]!.toLowerCase() };
    const rest = m[3]!;
    const props: Record<string, string> = {};
    for (const p of rest.matchAll(/([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+)\s*=\s*("[^"]*"|[^\s]+)/g)) props[p[1]!.toLowerCase()] = p[2]!.replace(/^"|"$/g, '');
    const reason = /reason\s*=\s*("[^"]*"|\S+)/i.exec(rest)?.[1];
    if (reason) entry.reason = reason.replace(/^"|"$/g, '');
    if (Object.keys(props).length > 0) entry.props = props;
    out.results.push(entry);
  }
  return out;
}

function stripComments(v: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < v.length; i++) {
    const ch = v[i]!;
    if (ch === '"' && depth === 0) quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')' && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out;
}

/**
 * The verdict of each method, taken from the topmost field that reports it: the field
 * written by the receiving domain's own server is the one added last, i.e. on top.
 * `Received-SPF` (RFC 7208 §9.1) fills in SPF when no Authentication-Results carries it.
 *
 * @example
 * summariseAuth([parseAuthResults('mx; spf=pass; dkim=pass; dmarc=pass')], undefined) // { spf: 'pass', dkim: 'pass', dmarc: 'pass' }
 */
export function summariseAuth(results: AuthResults[], receivedSpf: string | undefined): Record<string, string> {
  const summary: Record<string, string> = {};
  for (const r of results) for (const e of r.results) if (['spf', 'dkim', 'dmarc', 'arc'].includes(e.method) && !(e.method in summary)) summary[e.method] = e.result;
  if (!('spf' in summary) && receivedSpf) {
    const m = /^\s*([A-Za-z]+)/.exec(receivedSpf);
    if (m) summary.spf = m[1]!.toLowerCase();
  }
  return summary;
}
