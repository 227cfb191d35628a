import type { LogFields } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';
import type { SyslogEnvelope } from './envelope.js';
import { decodePriority } from './priority.js';

type SyslogFields = NonNullable<LogFields['syslog']>;

function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 10) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * The ECS event for a syslog envelope: `log.syslog.*`, `host.name`, `process.name`/`pid`,
 * `message`, and `event.kind`/`module`. `event.original` is not set: the store keeps the raw
 * record beside the event.
 *
 * @example
 * envelopeToEvent({ format: 'rfc3164', priority: 34, hostname: 'h', appname: 'su', message: 'hi' }, '2025-10-11T22:14:15.000Z')
 * // { '@timestamp': '2025-10-11T22:14:15.000Z', event: { kind: 'event', module: 'syslog' }, message: 'hi',
 * //   host: { name: 'h' }, process: { name: 'su' },
 * //   log: { syslog: { priority: 34, facility: { code: 4, name: 'auth' }, severity: { code: 2, name: 'crit' },
 * //                    hostname: 'h', appname: 'su' } } }
 */
export function envelopeToEvent(env: SyslogEnvelope, timestamp: string): DraftEvent {
  const syslog: SyslogFields = {};
  const ev: DraftEvent = { '@timestamp': timestamp, event: { kind: 'event', module: 'syslog' } };
  if (env.message.length > 0) ev.message = env.message;
  if (env.priority !== undefined) {
    const p = decodePriority(env.priority);
    syslog.priority = p.priority;
    syslog.facility = p.facility;
    syslog.severity = p.severity;
  }
  if (env.version !== undefined) syslog.version = env.version;
  if (env.hostname !== undefined) {
    syslog.hostname = env.hostname;
    ev.host = { name: env.hostname };
  }
  if (env.appname !== undefined || env.procid !== undefined) {
    const process: NonNullable<DraftEvent['process']> = {};
    if (env.appname !== undefined) {
      syslog.appname = env.appname;
      process.name = env.appname;
    }
    if (env.procid !== undefined) {
      syslog.procid = env.procid;
      if (isDigits(env.procid)) process.pid = Number(env.procid);
    }
    ev.process = process;
  }
  if (env.msgid !== undefined) syslog.msgid = env.msgid;
  if (env.structuredData !== undefined) syslog.structured_data = env.structuredData;
  ev.log = { syslog };
  if (env.pamModule !== undefined) {
    ev.wardwatch = { pam: { module: env.pamModule, ...(env.appname !== undefined ? { service: env.appname } : {}) } };
  }
  return ev;
}
