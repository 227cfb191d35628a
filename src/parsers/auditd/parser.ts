import type { ParsedEvent, Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { recordWhere } from '../common/where.js';
import { zoneResolver } from '../common/zone.js';
import { parseSyslogLine } from '../syslog/parse-line.js';
import type { AuditdConfig } from './config.js';
import { auditStart, readAuditRecord, readJournalAuditRecord } from './record.js';
import { recordToEvent } from './to-event.js';

/**
 * Build the `auditd` parser: one audit record per line, bare (`/var/log/audit/audit.log`,
 * optionally with `node=`) or inside a syslog envelope (audispd's syslog plugin, `audit[pid]:`,
 * the kernel's `audit: type=1400 audit(…)` printk). `@timestamp` is the record's own
 * `audit(SECONDS.MILLIS:SERIAL)` time (UTC epoch), never the envelope's.
 *
 * @example
 * const p = createAuditdParser({ timezone: 'UTC' });
 * p.parse({ data: 'type=CWD msg=audit(1364481363.243:24287): cwd="/root"', source: 'file:audit.log', receivedAt: Date.now() });
 */
export function createAuditdParser(config: AuditdConfig): Parser {
  const toUtc = zoneResolver(config.timezone);
  return {
    name: 'auditd',
    parse(record: RawRecord): ParsedEvent[] {
      const line = record.data.charCodeAt(0) === 0xfeff ? record.data.slice(1) : record.data;
      const where = recordWhere(record);
      let body = line;
      let hostname: string | undefined;
      let appname: string | undefined;
      let envTime: number | undefined;
      if (!/^\s*(?:node=\S+\s+)?type=/.test(line)) {
        let env;
        try {
          env = parseSyslogLine(line, toUtc, record.referenceTime ?? record.receivedAt);
        } catch (err) {
          if (err instanceof ParseError) throw new ParseError(`not an audit record: expected "type=… msg=audit(…)" or a syslog line carrying one (${err.message})`, where);
          throw err;
        }
        hostname = env.hostname;
        appname = env.appname;
        body = env.message;
        envTime = env.timeMs;
      }
      const text = body.trimStart();
      const at = auditStart(text);
      let rec = at < 0 ? undefined : readAuditRecord(text, at);
      if (!rec && appname === 'audit') rec = readJournalAuditRecord(text, envTime ?? record.receivedAt);
      if (!rec) {
        const from = appname === undefined ? '' : ` (syslog program "${appname}")`;
        throw new ParseError(`no audit record header "type=TYPE msg=audit(SECONDS.MILLIS:SERIAL):" in the line${from}`, where);
      }
      const ev = recordToEvent(rec, hostname);
      if (appname !== undefined) ev.log = { syslog: { appname, ...(hostname ? { hostname } : {}) } };
      return [ev];
    },
  };
}
