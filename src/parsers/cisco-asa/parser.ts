import type { ParsedEvent, Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import type { DraftEvent } from '../common/draft-event.js';
import { IsoStringCache } from '../common/iso-string.js';
import { recordWhere } from '../common/where.js';
import { zoneResolver } from '../common/zone.js';
import { parseAsaHeader } from './header.js';
import { ASA_MESSAGES, ike } from './messages.js';

/** `%ASA-6-302013: ` / `%FTD-4-106023: ` / `%ASA-auth-6-113005: ` (facility-tagged). */
export const ASA_TAG = /%(ASA|FTD|PIX|FWSM)(?:-[a-z]+)?-(\d)-(\d{6}):\s*/;

const SEVERITY_NAMES = ['emergencies', 'alerts', 'critical', 'errors', 'warnings', 'notifications', 'informational', 'debugging'];

/**
 * Build a `cisco-asa` parser: Cisco ASA and Firepower Threat Defense syslog messages
 * (`%ASA-4-106023: Deny tcp src dmz:10.1.2.30/63016 dst outside:…`), bare or behind a syslog
 * header. Connection, deny, VPN and AAA message ids map to ECS source/destination/network,
 * `event.action`/`outcome` and `user.name`; every other id keeps its code, severity and text.
 *
 * @example
 * createAsaParser({ timezone: 'UTC' }).parse({ data: '%ASA-6-611102: User authentication failed: IP address: 10.0.0.9, Uname: admin', source: 'x', receivedAt: Date.now() });
 */
export function createAsaParser(config: { timezone: string }): Parser {
  const toUtc = zoneResolver(config.timezone);
  const iso = new IsoStringCache();
  return {
    name: 'cisco-asa',
    parse(record: RawRecord): ParsedEvent[] {
      const s = record.data.trim();
      const tag = ASA_TAG.exec(s);
      if (!tag) throw new ParseError('not a Cisco ASA/FTD message: expected "%ASA-<level>-<id>: " (or %FTD-)', recordWhere(record));
      const head = parseAsaHeader(s.slice(0, tag.index), toUtc, record.referenceTime ?? record.receivedAt);
      const msg = s.slice(tag.index + tag[0].length).trim();
      const level = Number(tag[2]);
      const ev: DraftEvent = {
        '@timestamp': iso.format(head.timeMs ?? record.receivedAt),
        message: msg,
        event: { kind: 'event', module: 'cisco-asa', dataset: `cisco.${tag[1]!.toLowerCase()}`, code: tag[3]!, severity: level },
        log: { level: SEVERITY_NAMES[level] ?? String(level) },
        observer: { vendor: 'Cisco', product: tag[1], type: 'firewall', ...(head.hostname ? { hostname: head.hostname } : {}) },
      };
      if (head.hostname) ev.host = { name: head.hostname };
      const id = tag[3]!;
      const map = ASA_MESSAGES[id] ?? (id.startsWith('713') ? ike : undefined);
      map?.(msg, ev as never);
      const related: { ip?: string[]; user?: string[] } = {};
      const ips = [(ev.source as { ip?: string } | undefined)?.ip, (ev.destination as { ip?: string } | undefined)?.ip].filter((x): x is string => !!x);
      if (ips.length) related.ip = [...new Set(ips)];
      if (ev.user?.name) related.user = [ev.user.name];
      if (related.ip ?? related.user) ev.related = related;
      return [ev];
    },
  };
}
