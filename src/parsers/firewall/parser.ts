import type { ParsedEvent, Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import type { DraftEvent } from '../common/draft-event.js';
import { IsoStringCache } from '../common/iso-string.js';
import { recordWhere } from '../common/where.js';
import { zoneResolver } from '../common/zone.js';
import { parseSyslogLine, type SyslogEnvelope } from '../syslog/index.js';
import type { FirewallConfig } from './config.js';
import { isFilterlog, mapFilterlog } from './filterlog.js';
import { mapNetfilter, netfilterStart } from './netfilter.js';

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A bare record (no syslog header): netfilter fields, a dmesg uptime stamp, or filterlog CSV. */
function isBare(s: string): boolean {
  return s.startsWith('IN=') || (s.charCodeAt(0) === 91 && s.indexOf('] ') > 0 && netfilterStart(s) > 0) || (isDigit(s.charCodeAt(0)) && isFilterlog(s)) || s.startsWith(',');
}

/**
 * Build a `firewall` parser: Linux netfilter (iptables/nftables/ufw `LOG`) kernel lines and
 * pfSense/OPNsense `filterlog` records, bare or behind a syslog header (read with the syslog
 * parser's `parseSyslogLine`; `host.name`/`observer.hostname` and the time come from it, RFC 3164
 * times in the configured zone). A bare record takes the receive time.
 *
 * @example
 * createFirewallParser({ timezone: 'UTC' }).parse({ data: 'Jan  5 10:00:00 fw kernel: [UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.9 DST=10.0.0.5 PROTO=TCP SPT=51515 DPT=22', source: 'f', receivedAt: Date.now() });
 */
export function createFirewallParser(config: FirewallConfig): Parser {
  const toUtc = zoneResolver(config.timezone);
  const iso = new IsoStringCache();
  function parseLine(record: RawRecord, s: string): ParsedEvent[] {
    let env: SyslogEnvelope | undefined;
    let body = s;
    if (!isBare(s)) {
      env = parseSyslogLine(s, toUtc, record.referenceTime ?? record.receivedAt);
      body = env.message;
    }
    const ev: DraftEvent = { '@timestamp': iso.format(env?.timeMs ?? record.receivedAt), event: { kind: 'event', module: 'firewall' } };
    if (env?.hostname !== undefined) {
      ev.host = { name: env.hostname };
      ev.observer = { hostname: env.hostname };
    }
    if (netfilterStart(body) >= 0) mapNetfilter(body, ev);
    else if (env?.appname === 'filterlog' || isFilterlog(body)) mapFilterlog(body, ev);
    else {
      throw new ParseError(
        `not a firewall log record${env?.appname !== undefined ? ` (program "${env.appname}")` : ''}: expected netfilter "IN=… OUT=… SRC=…" fields or a filterlog CSV record`,
      );
    }
    if (env !== undefined) {
      const syslog: Record<string, unknown> = {};
      if (env.appname !== undefined) syslog.appname = env.appname;
      if (env.procid !== undefined) syslog.procid = env.procid;
      if (env.priority !== undefined) syslog.priority = env.priority;
      (ev.raw as Record<string, unknown>).syslog = syslog;
    }
    return [ev];
  }
  return {
    name: 'firewall',
    parse(record: RawRecord): ParsedEvent[] {
      const s = record.data.trim();
      if (s.length === 0) throw new ParseError('empty record', recordWhere(record));
      try {
        return parseLine(record, s);
      } catch (err) {
        if (err instanceof ParseError) throw new ParseError(err.message, recordWhere(record));
        throw err;
      }
    },
  };
}
