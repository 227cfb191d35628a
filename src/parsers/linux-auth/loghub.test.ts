import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ParsedEvent } from '../../core/components.js';
import { draft, type DraftEvent } from '../common/draft-event.js';
import { syslogParser } from '../syslog/index.js';

/**
 * Golden tests on the Loghub samples (real sshd and /var/log/messages lines): every line
 * parses, the recognised actions are counted against counts taken straight from the raw
 * text with independent regular expressions, and Loghub's own structured CSVs (template id,
 * component and pid per line) are cross-checked line by line.
 */
const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data');
const LOGHUB = path.join(DATA, 'logs/loghub');
const OPENSSH = path.join(LOGHUB, 'OpenSSH/OpenSSH_2k.log');
const LINUX = path.join(LOGHUB, 'Linux/Linux_2k.log');
const present = existsSync(OPENSSH) && existsSync(LINUX);
if (!present) console.warn(`loghub golden tests skipped: ${LOGHUB} not found (the shared data set lives in ../shared/data beside the project)`);

/** Reference time of the replay: 2 January 2026, so December 2025 lines stay in 2025. */
const REF = Date.UTC(2026, 0, 2);

function readLines(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function parseAll(file: string): { lines: string[]; events: DraftEvent[]; errors: string[] } {
  const parser = syslogParser.build({ timezone: 'UTC' }, { dataDir: '/tmp' });
  const lines = readLines(file);
  const events: DraftEvent[] = [];
  const errors: string[] = [];
  lines.forEach((data, i) => {
    try {
      const out: ParsedEvent[] = parser.parse({ data, source: path.basename(file), offset: i + 1, receivedAt: REF, referenceTime: REF });
      events.push(...out.map(draft));
    } catch (err) {
      errors.push((err as Error).message);
    }
  });
  return { lines, events, errors };
}

/** Split one CSV line (RFC 4180 quoting). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (line[q + 1] === '"') {
          v += `${line.slice(i, q)}"`;
          i = q + 2;
        } else {
          v += line.slice(i, q);
          i = q + 1;
          break;
        }
      }
      out.push(v);
      i++; // the comma
    } else {
      let end = line.indexOf(',', i);
      if (end < 0) end = line.length;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

function readCsv(file: string): Array<Record<string, string>> {
  const [header, ...rows] = readLines(file);
  const names = csvFields(header!);
  return rows.map((r) => Object.fromEntries(csvFields(r).map((v, i) => [names[i]!, v])));
}

const count = (lines: string[], re: RegExp): number => lines.filter((l) => re.test(l)).length;
const where = (events: DraftEvent[], f: (e: DraftEvent) => boolean): DraftEvent[] => events.filter(f);
const action = (events: DraftEvent[], a: string, outcome?: string): DraftEvent[] =>
  where(events, (e) => e.event.action === a && (outcome === undefined || e.event.outcome === outcome));

describe.skipIf(!present)('loghub OpenSSH_2k.log', () => {
  const { lines, events, errors } = present ? parseAll(OPENSSH) : { lines: [], events: [], errors: [] };

  it('parses every line with zero ParseErrors, one event each', () => {
    expect(errors).toEqual([]);
    expect(lines).toHaveLength(2000);
    expect(events).toHaveLength(lines.length);
    expect(events.every((e) => e.event.module === 'linux-auth' || e.event.module === 'syslog')).toBe(true);
  });

  it('counts recognised actions the same as the raw text does', () => {
    const failedPassword = count(lines, /\]: (message repeated \d+ times: \[ )?Failed password for /);
    expect(failedPassword).toBeGreaterThan(400);
    expect(where(events, (e) => e.event.action === 'ssh_login' && e.event.outcome === 'failure' && e.wardwatch?.auth_method === 'password')).toHaveLength(failedPassword);
    expect(action(events, 'ssh_login', 'failure')).toHaveLength(count(lines, /\]: (message repeated \d+ times: \[ )?Failed \S+ for /));
    expect(action(events, 'ssh_login', 'success')).toHaveLength(count(lines, /\]: Accepted \S+ for \S+ from /));
    expect(action(events, 'ssh_invalid_user', 'failure')).toHaveLength(count(lines, /\]: Invalid user /));
    expect(action(events, 'ssh_reverse_mapping_failed')).toHaveLength(count(lines, /reverse mapping checking getaddrinfo for \S+ \[[\d.]+\] failed - POSSIBLE BREAK-IN ATTEMPT!$/));
    expect(action(events, 'pam_authentication_failure', 'failure')).toHaveLength(count(lines, /\]: pam_unix\(sshd:auth\): authentication failure;/));
    expect(action(events, 'pam_user_unknown', 'failure')).toHaveLength(count(lines, /check pass; user unknown$/));
    expect(action(events, 'session_opened', 'success')).toHaveLength(count(lines, /session opened for user \S+ by/));
    expect(action(events, 'session_closed', 'success')).toHaveLength(count(lines, /session closed for user \S+$/));
    expect(action(events, 'ssh_disconnect')).toHaveLength(count(lines, /\]: (error: )?(Received disconnect from|Connection closed by|Disconnected from) /));
    expect(action(events, 'ssh_max_auth_exceeded', 'failure')).toHaveLength(count(lines, /Disconnecting: Too many authentication failures for \S+ \[preauth\]$/));
    expect(action(events, 'ssh_no_identification')).toHaveLength(count(lines, /Did not receive identification string from /));
  });

  it('carries the repeat counts of "message repeated" and "PAM N more"', () => {
    const sum = (re: RegExp) => lines.reduce((n, l) => n + Number(re.exec(l)?.[1] ?? 0), 0);
    const pam = action(events, 'pam_more_auth_failures', 'failure');
    expect(pam).toHaveLength(count(lines, /PAM \d+ more authentication failures?;/));
    expect(pam.reduce((n, e) => n + (e.wardwatch?.repeat ?? 0), 0)).toBe(sum(/PAM (\d+) more authentication failures?;/));
    const repeated = where(events, (e) => e.message?.startsWith('message repeated') === true);
    expect(repeated).toHaveLength(count(lines, /\]: message repeated \d+ times: \[/));
    expect(repeated.reduce((n, e) => n + (e.wardwatch?.repeat ?? 0), 0)).toBe(sum(/message repeated (\d+) times/));
  });

  it('agrees with the Loghub structured CSV on every line (template, pid, content)', () => {
    const rows = readCsv(`${OPENSSH}_structured.csv`);
    expect(rows).toHaveLength(events.length);
    /** Loghub template → the action and outcome the parser must give (undefined: left unrecognised). */
    const byTemplate: Record<string, [string | undefined, string | undefined]> = {
      E1: ['ssh_login', 'success'],
      E2: ['ssh_disconnect', undefined],
      E3: ['ssh_no_identification', undefined],
      E4: ['ssh_max_auth_exceeded', 'failure'],
      E5: ['ssh_max_auth_exceeded', 'failure'],
      E6: ['ssh_disconnect', undefined],
      E7: ['ssh_disconnect', undefined],
      E8: ['ssh_login', 'failure'],
      E9: ['ssh_login', 'failure'],
      E10: ['ssh_login', 'failure'],
      E11: [undefined, undefined],
      E12: [undefined, undefined],
      E13: ['ssh_invalid_user', 'failure'],
      E14: ['ssh_login', 'failure'],
      E15: ['pam_more_auth_failures', 'failure'],
      E16: ['pam_more_auth_failures', 'failure'],
      E17: ['pam_more_auth_failures', 'failure'],
      E18: [undefined, undefined],
      E19: ['pam_authentication_failure', 'failure'],
      E20: ['pam_authentication_failure', 'failure'],
      E21: ['pam_user_unknown', 'failure'],
      E22: ['session_closed', 'success'],
      E23: ['session_opened', 'success'],
      E24: ['ssh_disconnect', undefined],
      E25: ['ssh_disconnect', undefined],
      E26: ['ssh_disconnect', undefined],
      E27: ['ssh_reverse_mapping_failed', undefined],
    };
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      const e = events[i]!;
      const id = row.EventId!;
      seen.add(id);
      expect(id in byTemplate, `template ${id}`).toBe(true);
      const [act, outcome] = byTemplate[id]!;
      expect([e.event.action, e.event.outcome], `line ${i + 1} (${id}): ${lines[i]}`).toEqual([act, outcome]);
      expect(e.process?.pid, `line ${i + 1}`).toBe(Number(row.Pid));
      expect(e.process?.name).toBe(row.Component === 'LabSZ' ? 'sshd' : row.Component);
      expect(e.host?.name).toBe('LabSZ');
      expect(e.message, `line ${i + 1}`).toBe(row.Content!.trimEnd());
    });
    // The sample exercises most templates; the cross-check is only as good as that.
    expect(seen.size).toBeGreaterThanOrEqual(20);
  });

  it('golden fields of representative lines', () => {
    const at = (n: number) => events[n - 1]!;
    expect(at(1)).toMatchObject({
      '@timestamp': '2025-12-10T06:55:46.000Z',
      event: { action: 'ssh_reverse_mapping_failed', category: ['network'] },
      source: { ip: '173.234.31.186', domain: 'ns.marryaldkfaczcz.com' },
      process: { name: 'sshd', pid: 24200 },
      host: { name: 'LabSZ' },
    });
    expect(at(2)).toMatchObject({ event: { action: 'ssh_invalid_user', type: ['info'] }, user: { name: 'webmaster' }, source: { ip: '173.234.31.186' } });
    expect(at(5)).toMatchObject({ event: { action: 'pam_authentication_failure' }, source: { ip: '173.234.31.186' }, wardwatch: { pam: { module: 'pam_unix', service: 'sshd', type: 'auth' } } });
    expect(at(5).user).toBeUndefined();
    expect(at(6)).toMatchObject({
      '@timestamp': '2025-12-10T06:55:48.000Z',
      event: { module: 'linux-auth', dataset: 'linux.auth', action: 'ssh_login', outcome: 'failure', category: ['authentication'], type: ['start'] },
      user: { name: 'webmaster' },
      source: { ip: '173.234.31.186', port: 38926 },
      related: { user: ['webmaster'], ip: ['173.234.31.186'] },
      process: { pid: 24200 },
      wardwatch: { auth_method: 'password', invalid_user: true },
    });
    expect(at(12).source).toEqual({ domain: 'ec2-52-80-34-196.cn-north-1.compute.amazonaws.com.cn' });
    expect(at(29)).toMatchObject({ user: { name: 'root' }, source: { ip: '5.36.59.76', port: 42393 }, process: { pid: 24227 } });
    expect(at(29).wardwatch?.invalid_user).toBeUndefined();
    expect(at(30)).toMatchObject({ event: { action: 'ssh_login', outcome: 'failure' }, user: { name: 'root' }, source: { ip: '5.36.59.76', port: 42393 }, wardwatch: { repeat: 5 } });
    expect(at(32)).toMatchObject({ event: { action: 'pam_more_auth_failures' }, user: { name: 'root' }, source: { domain: '5.36.59.76.dynamic-dsl-ip.omantel.net.om' }, wardwatch: { repeat: 5 } });
    expect(at(956)).toMatchObject({
      '@timestamp': '2025-12-10T09:32:20.000Z',
      event: { action: 'ssh_login', outcome: 'success' },
      user: { name: 'fztu' },
      source: { ip: '119.137.62.142', port: 49116 },
      process: { pid: 24680 },
    });
  });

  it('dates December lines by the reference time (year rule)', () => {
    const parser = syslogParser.build({ timezone: 'UTC' }, { dataDir: '/tmp' });
    const parse = (referenceTime: number) => parser.parse({ data: lines[0]!, source: 'x', receivedAt: 0, referenceTime })[0]!['@timestamp'];
    expect(parse(Date.UTC(2026, 0, 2))).toBe('2025-12-10T06:55:46.000Z');
    expect(parse(Date.UTC(2025, 11, 31))).toBe('2025-12-10T06:55:46.000Z');
    expect(parse(Date.UTC(2025, 11, 10, 0))).toBe('2025-12-10T06:55:46.000Z'); // 7 h ahead: zones and skew allowed
    expect(parse(Date.UTC(2025, 11, 5))).toBe('2024-12-10T06:55:46.000Z'); // 5 days ahead: last year's line
  });
});

describe.skipIf(!present)('loghub Linux_2k.log', () => {
  const { lines, events, errors } = present ? parseAll(LINUX) : { lines: [], events: [], errors: [] };

  it('parses every line with zero ParseErrors', () => {
    expect(errors).toEqual([]);
    expect(events).toHaveLength(lines.length);
  });

  it('counts recognised actions the same as the raw text does', () => {
    expect(action(events, 'pam_authentication_failure', 'failure')).toHaveLength(count(lines, /\(pam_unix\)\[\d+\]: authentication failure;/));
    expect(action(events, 'pam_user_unknown', 'failure')).toHaveLength(count(lines, /\(pam_unix\)\[\d+\]: check pass; user unknown$/));
    expect(action(events, 'session_opened', 'success')).toHaveLength(count(lines, /\(pam_unix\)\[\d+\]: session opened for user /));
    expect(action(events, 'session_closed', 'success')).toHaveLength(count(lines, /\(pam_unix\)\[\d+\]: session closed for user /));
    expect(action(events, 'ftp_connection')).toHaveLength(count(lines, /ftpd\[\d+\]: connection from [\d.]+ \(/));
    expect(action(events, 'ftp_login', 'success')).toHaveLength(count(lines, /ftpd\[\d+\]: ANONYMOUS FTP LOGIN FROM /));
    expect(action(events, 'kerberos_auth_failure', 'failure')).toHaveLength(count(lines, /klogind\[\d+\]: Kerberos authentication failed\s*$/));
    expect(action(events, 'klogind_auth_failure', 'failure')).toHaveLength(count(lines, /klogind\[\d+\]: Authentication failed from /));
    expect(action(events, 'login', 'success')).toHaveLength(count(lines, /ROOT LOGIN ON /));
    // Kernel, cups, logrotate … are events too, just not auth events.
    const plain = where(events, (e) => e.event.module === 'syslog');
    expect(plain.length).toBeGreaterThan(0);
    expect(plain.every((e) => e.event.action === undefined)).toBe(true);
  });

  it('agrees with the Loghub structured CSV on component, pid and content', () => {
    const rows = readCsv(`${LINUX}_structured.csv`);
    expect(rows).toHaveLength(events.length);
    rows.forEach((row, i) => {
      const e = events[i]!;
      const component = row.Component!;
      const pam = /^(.+)\((pam_\w+)\)$/.exec(component);
      const name = pam ? pam[1] : component === 'syslogd 1.4.1' ? 'syslogd' : component === '-- root' ? 'root' : component;
      expect(e.process?.name, `line ${i + 1}: ${lines[i]}`).toBe(name);
      if (pam) expect(e.wardwatch?.pam?.module).toBe(pam[2]);
      expect(e.process?.pid, `line ${i + 1}`).toBe(row.PID ? Number(row.PID) : undefined);
      expect(e.message?.trim() ?? '', `line ${i + 1}`).toBe(row.Content!.trim());
    });
  });

  it('golden fields of representative lines', () => {
    const at = (n: number) => events[n - 1]!;
    expect(at(1)).toMatchObject({
      '@timestamp': '2025-06-14T15:16:01.000Z',
      event: { action: 'pam_authentication_failure', outcome: 'failure' },
      process: { name: 'sshd', pid: 19939 },
      source: { ip: '218.188.2.4' },
    });
    expect(at(4)).toMatchObject({ user: { name: 'root' }, source: { domain: '220-135-151-1.hinet-ip.hinet.net' } });
    expect(at(14)).toMatchObject({ event: { action: 'session_opened' }, user: { name: 'cyrus' }, process: { name: 'su', pid: 21416, real_user: { id: '0' } } });
    expect(at(899)).toMatchObject({ '@timestamp': '2025-07-07T08:06:15.000Z', event: { action: 'login', outcome: 'success' }, user: { name: 'root' } });
    expect(at(1748)).toMatchObject({ event: { action: 'ftp_login' }, user: { name: 'anonymous' }, source: { ip: '84.102.20.2' } });
    const ftp = events.find((e) => e.event.action === 'ftp_connection' && e.source?.domain !== undefined)!;
    expect(ftp.source?.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });
});
