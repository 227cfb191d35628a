import type { ParsedEvent, Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import type { DraftEvent } from '../common/draft-event.js';
import { IsoStringCache } from '../common/iso-string.js';
import { recordWhere } from '../common/where.js';
import { zoneResolver } from '../common/zone.js';
import type { ApacheErrorConfig } from './config.js';
import { parseErrorLine, type ErrorLine } from './error-line.js';

/** Apache/nginx levels, by ECS-ish severity (syslog numbering). */
const SEVERITY: Record<string, number> = { emerg: 0, alert: 1, crit: 2, error: 3, err: 3, warn: 4, warning: 4, notice: 5, info: 6, debug: 7 };

function toEvent(l: ErrorLine, timestamp: string): DraftEvent {
  const ev: DraftEvent = {
    '@timestamp': timestamp,
    event: { kind: 'event', module: 'apache-error', dataset: 'web.error', category: ['web'], type: l.level === 'error' || (SEVERITY[l.level] ?? 9) <= 3 ? ['error'] : ['info'] },
    message: l.message,
    log: { level: l.level },
  };
  const sev = SEVERITY[l.level] ?? (l.level.startsWith('trace') ? 7 : undefined);
  if (sev !== undefined) ev.event.severity = sev;
  if (l.code !== undefined) ev.event.code = l.code;
  if (l.module !== undefined) ev.log!.logger = l.module;
  if (l.pid !== undefined) ev.process = { pid: l.pid, ...(l.tid !== undefined ? { thread: { id: l.tid } } : {}) };
  if (l.client !== undefined) {
    ev.source = { ip: l.client, ...(l.clientPort !== undefined ? { port: l.clientPort } : {}) };
    ev.related = { ip: [l.client] };
  }
  const raw: Record<string, unknown> = { level: l.level, message: l.message };
  if (l.module !== undefined) raw.module = l.module;
  if (l.code !== undefined) raw.code = l.code;
  if (l.tid !== undefined) raw.tid = l.tid;
  if (l.connection !== undefined) raw.connection = l.connection;
  if (l.context !== undefined) {
    raw.context = l.context;
    const req = l.context.request;
    if (req !== undefined) {
      const sp1 = req.indexOf(' ');
      const sp2 = req.indexOf(' ', sp1 + 1);
      if (sp1 > 0 && sp2 > sp1) {
        ev.http = { request: { method: req.slice(0, sp1) } };
        ev.url = { original: req.slice(sp1 + 1, sp2) };
      }
    }
    if (l.context.host !== undefined) ev.url = { ...(ev.url as object | undefined), domain: l.context.host };
  }
  ev.raw = raw;
  return ev;
}

/**
 * Build an `apache-error` parser: Apache httpd error-log lines (2.0/2.2
 * `[Sun Dec 04 04:47:44 2005] [error] [client 1.2.3.4] msg`, 2.4 `[…] [core:error] [pid N:tid M]
 * [client ip:port] AH00128: msg`) and nginx error-log lines → ECS events with `log.level`,
 * `event.severity`, `process.pid`, `source.ip`. The time has no zone: the `timezone` option says
 * which one the server used.
 *
 * @example
 * createApacheErrorParser({ timezone: 'UTC' }).parse({ data: '[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6', source: 'f', receivedAt: 0 });
 */
export function createApacheErrorParser(config: ApacheErrorConfig): Parser {
  const toUtc = zoneResolver(config.timezone);
  const iso = new IsoStringCache();
  return {
    name: 'apache-error',
    parse(record: RawRecord): ParsedEvent[] {
      const where = recordWhere(record);
      const s = record.data.trimEnd();
      if (s.length === 0) throw new ParseError('empty record', where);
      try {
        const line = parseErrorLine(s);
        return [toEvent(line, iso.format(toUtc(line.localMs)))];
      } catch (err) {
        if (err instanceof ParseError) throw new ParseError(err.message, where);
        throw err;
      }
    },
  };
}
