import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WardEvent } from '../../core/event.js';
import { headerRegex } from '../../ml/index.js';
import { LOGHUB_SETTINGS } from './loghub-parsing.js';

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** Where each system keeps its time, host and program (the samples carry no year where noted). */
const FIELDS: Record<string, { time(g: Record<string, string>): number; host(g: Record<string, string>): string; program(g: Record<string, string>): string }> = {
  HDFS: { time: (g) => Date.UTC(2000 + +g.Date!.slice(0, 2), +g.Date!.slice(2, 4) - 1, +g.Date!.slice(4, 6), +g.Time!.slice(0, 2), +g.Time!.slice(2, 4), +g.Time!.slice(4, 6)), host: () => 'hdfs', program: (g) => g.Component! },
  BGL: { time: (g) => +g.Timestamp! * 1000, host: (g) => g.Node!, program: (g) => g.Component! },
  Thunderbird: { time: (g) => +g.Timestamp! * 1000, host: (g) => g.User!, program: (g) => g.Component! },
  Windows: { time: (g) => Date.parse(`${g.Date}T${g.Time}Z`), host: () => 'windows', program: (g) => g.Component! },
  Linux: { time: (g) => syslogTime(2005, g.Month!, g.Date!, g.Time!), host: (g) => g.Level!, program: (g) => g.Component! },
  HealthApp: { time: (g) => { const m = /^(\d{4})(\d\d)(\d\d)-(\d+):(\d+):(\d+):(\d+)/.exec(g.Time!); return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!) : NaN; }, host: () => 'healthapp', program: (g) => g.Component! },
  Apache: { time: (g) => Date.parse(`${g.Time} UTC`), host: () => 'apache', program: () => 'httpd' },
  Proxifier: { time: (g) => { const m = /^(\d+)\.(\d+) (\d+):(\d+):(\d+)/.exec(g.Time!); return m ? Date.UTC(2016, +m[1]! - 1, +m[2]!, +m[3]!, +m[4]!, +m[5]!) : NaN; }, host: () => 'proxifier', program: (g) => g.Program! },
  OpenSSH: { time: (g) => syslogTime(2015, g.Date!, g.Day!, g.Time!), host: (g) => g.Component!, program: () => 'sshd' },
  OpenStack: { time: (g) => Date.parse(`${g.Date}T${g.Time}Z`), host: () => 'openstack', program: (g) => g.Component! },
};

function syslogTime(year: number, month: string, day: string, time: string): number {
  const [h, m, s] = time.split(':').map(Number);
  return Date.UTC(year, MONTHS[month] ?? 0, +day, h ?? 0, m ?? 0, s ?? 0);
}

/** A Loghub line as a Wardwatch event, with its ground-truth label (BGL, Thunderbird: '-' = normal). */
export interface LoghubEvent { event: WardEvent; label: string }

/**
 * The lines of a Loghub 2k system as the events a syslog or application-log parser would produce
 * (`message`, `host.name`, `process.name`, `@timestamp`), in file order, for the live detector's
 * measurements. Times that do not move forward (the samples' clocks jitter) keep the previous time.
 *
 * @example
 * loghubEvents('../shared/data', 'OpenSSH')[0].event.process.name // 'sshd'
 */
export function loghubEvents(dataDir: string, system: string): LoghubEvent[] {
  const s = LOGHUB_SETTINGS[system], f = FIELDS[system];
  if (!s || !f) throw new Error(`unknown Loghub system ${system}`);
  const re = headerRegex(s.logFormat);
  const out: LoghubEvent[] = [];
  let last = 0, n = 0;
  for (const line of readFileSync(join(dataDir, 'logs/loghub', system, `${system}_2k.log`), 'utf8').split(/\r?\n/)) {
    if (!line.trim()) continue;
    n++;
    const g = re.exec(line.trim())?.groups;
    if (!g) continue;
    let t = f.time(g);
    if (!Number.isFinite(t) || t < last) t = last;
    last = t;
    out.push({
      label: g.Label ?? '-',
      event: { '@timestamp': new Date(t).toISOString(), event: { id: `${system}:${n}`, kind: 'event', module: 'syslog' }, message: g.Content ?? '', host: { name: f.host(g) }, process: { name: f.program(g) } } as WardEvent,
    });
  }
  return out;
}
