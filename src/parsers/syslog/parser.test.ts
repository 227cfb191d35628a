import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParsedEvent, Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { syslogParser } from './index.js';

const BOM = '\uFEFF';
const REF = Date.UTC(2026, 0, 2, 12);

function build(config: unknown = {}): Parser {
  return syslogParser.build(syslogParser.config.parse(config), { dataDir: '/tmp' });
}

function record(data: string, extra: Partial<RawRecord> = {}): RawRecord {
  return { data, source: 'test', offset: 7, receivedAt: REF, referenceTime: REF, ...extra };
}

function parseOne(data: string, parser = build(), extra: Partial<RawRecord> = {}): ParsedEvent {
  const events = parser.parse(record(data, extra));
  expect(events).toHaveLength(1);
  return events[0]!;
}

describe('syslog: RFC 5424 (examples of §6.5)', () => {
  it('example 1: no STRUCTURED-DATA, BOM before MSG, NILVALUE PROCID', () => {
    const e = parseOne(`<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - ${BOM}'su root' failed for lonvick on /dev/pts/8`);
    expect(e['@timestamp']).toBe('2003-10-11T22:14:15.003Z');
    expect(e.message).toBe("'su root' failed for lonvick on /dev/pts/8");
    expect(e.host).toEqual({ name: 'mymachine.example.com' });
    expect(e.process).toEqual({ name: 'su' });
    expect(e.log).toEqual({
      syslog: {
        priority: 34,
        facility: { code: 4, name: 'auth' },
        severity: { code: 2, name: 'crit' },
        version: '1',
        hostname: 'mymachine.example.com',
        appname: 'su',
        msgid: 'ID47',
      },
    });
    // The body is a BSD su failure, so the auth parser maps it.
    expect(e.event).toMatchObject({ kind: 'event', module: 'linux-auth', action: 'su', outcome: 'failure' });
    expect(e.user).toEqual({ name: 'lonvick', effective: { name: 'root' }, target: { name: 'root' } });
    expect(e.event.original).toBeUndefined();
  });

  it('example 2: offset timestamp with microseconds, NILVALUE MSGID and SD', () => {
    const e = parseOne("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");
    expect(e['@timestamp']).toBe('2003-08-24T12:14:15.000Z');
    expect(e.process).toEqual({ name: 'myproc', pid: 8710 });
    expect(e.message).toBe("%% It's time to make the do-nuts.");
    expect(e.log).toEqual({
      syslog: {
        priority: 165, facility: { code: 20, name: 'local4' }, severity: { code: 5, name: 'notice' },
        version: '1', hostname: '192.0.2.1', appname: 'myproc', procid: '8710',
      },
    });
    expect(e.event).toEqual({ kind: 'event', module: 'syslog' });
  });

  it('example 3: STRUCTURED-DATA and a BOM-prefixed MSG', () => {
    const e = parseOne(`<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] ${BOM}An application event log entry...`);
    expect(e.message).toBe('An application event log entry...');
    expect(e.log).toMatchObject({
      syslog: { msgid: 'ID47', structured_data: { 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' } } },
    });
  });

  it('example 4: two SD-ELEMENTs and no MSG', () => {
    const e = parseOne('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]');
    expect(e.message).toBeUndefined();
    expect(e.log).toMatchObject({
      syslog: {
        structured_data: {
          'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' },
          'examplePriority@32473': { class: 'high' },
        },
      },
    });
  });

  it('escapes inside PARAM-VALUE', () => {
    const e = parseOne(String.raw`<14>1 2026-01-05T10:00:00Z h app 1 - [meta@1 path="C:\\tmp" q="a \"b\"" br="x\]y"] done`);
    expect((e.log as { syslog: { structured_data: unknown } }).syslog.structured_data).toEqual({ 'meta@1': { path: 'C:\\tmp', q: 'a "b"', br: 'x]y' } });
    expect(e.message).toBe('done');
  });

  it('all NILVALUEs: the receive time stands in for the missing TIMESTAMP', () => {
    const e = parseOne('<13>1 - - - - - -', build(), { receivedAt: Date.UTC(2026, 0, 5, 1, 2, 3, 4) });
    expect(e['@timestamp']).toBe('2026-01-05T01:02:03.004Z');
    expect(e.host).toBeUndefined();
    expect(e.process).toBeUndefined();
    expect(e.log).toEqual({ syslog: { priority: 13, facility: { code: 1, name: 'user' }, severity: { code: 5, name: 'notice' }, version: '1' } });
  });

  it('sends sshd messages to the auth parser', () => {
    const e = parseOne('<38>1 2026-01-05T10:00:00.5+01:00 bastion sshd 4711 - - Failed password for root from 203.0.113.9 port 52144 ssh2');
    expect(e['@timestamp']).toBe('2026-01-05T09:00:00.500Z');
    expect(e.event).toMatchObject({ module: 'linux-auth', dataset: 'linux.auth', action: 'ssh_login', outcome: 'failure' });
    expect(e.source).toEqual({ ip: '203.0.113.9', port: 52144 });
  });
});

describe('syslog: RFC 3164 and file lines', () => {
  it('RFC 3164 with PRI (its §5.4 examples)', () => {
    const e = parseOne("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", build(), { referenceTime: Date.UTC(2025, 11, 1) });
    expect(e['@timestamp']).toBe('2025-10-11T22:14:15.000Z');
    expect(e.log).toEqual({ syslog: { priority: 34, facility: { code: 4, name: 'auth' }, severity: { code: 2, name: 'crit' }, hostname: 'mymachine', appname: 'su' } });
    expect(e.event.action).toBe('su');

    const bfg = parseOne('<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!');
    expect(bfg['@timestamp']).toBe('2025-02-05T17:32:18.000Z');
    expect(bfg.host).toEqual({ name: '10.0.0.99' });
    expect(bfg.message).toBe('Use the BFG!');
    expect(bfg.process).toBeUndefined();
  });

  it('file lines without PRI, including the pam_unix tag form', () => {
    const e = parseOne('Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 \r\n');
    expect(e['@timestamp']).toBe('2025-06-14T15:16:01.000Z');
    expect(e.process).toEqual({ name: 'sshd', pid: 19939 });
    expect(e.log).toEqual({ syslog: { hostname: 'combo', appname: 'sshd', procid: '19939' } });
    expect(e.wardwatch).toMatchObject({ pam: { module: 'pam_unix', service: 'sshd' } });
    expect(e.message).toBe('authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4');
    expect(e.event.action).toBe('pam_authentication_failure');
  });

  it('ISO timestamped file lines, with and without PRI', () => {
    const e = parseOne('2026-01-05T10:00:00.123+01:00 host prog[42]: hello world');
    expect(e['@timestamp']).toBe('2026-01-05T09:00:00.123Z');
    expect(e.host).toEqual({ name: 'host' });
    expect(e.process).toEqual({ name: 'prog', pid: 42 });
    expect(e.message).toBe('hello world');
    expect(parseOne('<86>2026-01-05T10:00:00Z host sshd[1]: x').log).toMatchObject({ syslog: { priority: 86, facility: { name: 'authpriv' } } });
  });

  it('keeps unrecognised programs and messages as plain events', () => {
    const e = parseOne('Jun 19 04:09:11 combo syslogd 1.4.1: restart.');
    expect(e.event).toEqual({ kind: 'event', module: 'syslog' });
    expect(e.process).toEqual({ name: 'syslogd' });
    expect(e.message).toBe('restart.');
    expect(parseOne('Dec 10 06:55:46 LabSZ sshd[24200]: input_userauth_request: invalid user webmaster [preauth]').event.action).toBeUndefined();
  });

  it('drops a BOM at the start of a line', () => {
    expect(parseOne(`${BOM}<34>Oct 11 22:14:15 mymachine su: hi`).log).toMatchObject({ syslog: { priority: 34 } });
    expect(parseOne(`${BOM}Dec 10 06:55:46 LabSZ sshd[24200]: hi`).host).toEqual({ name: 'LabSZ' });
  });

  it('a bare <PRI>MSG gets the receive time', () => {
    const e = parseOne('<13>hello there');
    expect(e['@timestamp']).toBe(new Date(REF).toISOString());
    expect(e.message).toBe('hello there');
  });

  it('year rollover: Dec 31 read on Jan 2 is last year', () => {
    const e = parseOne('Dec 31 23:59:59 h cron[1]: tick', build(), { referenceTime: Date.UTC(2026, 0, 2) });
    expect(e['@timestamp']).toBe('2025-12-31T23:59:59.000Z');
  });

  it('falls back to receivedAt when there is no referenceTime', () => {
    const e = parseOne('Dec 31 23:59:59 h cron[1]: tick', build(), { referenceTime: undefined, receivedAt: Date.UTC(2027, 0, 3) });
    expect(e['@timestamp']).toBe('2026-12-31T23:59:59.000Z');
  });

  it('applies the timezone option to RFC 3164 and zone-less ISO times only', () => {
    const ny = build({ timezone: 'America/New_York' });
    expect(parseOne('Dec 10 06:55:46 LabSZ sshd[24200]: x', ny)['@timestamp']).toBe('2025-12-10T11:55:46.000Z');
    expect(parseOne('Jul  4 12:00:00 h app: x', ny)['@timestamp']).toBe('2025-07-04T16:00:00.000Z');
    expect(parseOne('2026-01-05T10:00:00 h app: x', ny)['@timestamp']).toBe('2026-01-05T15:00:00.000Z');
    expect(parseOne('2026-01-05T10:00:00Z h app: x', ny)['@timestamp']).toBe('2026-01-05T10:00:00.000Z');
  });
});

describe('syslog: configuration', () => {
  it('defaults the zone to UTC and rejects unknown keys and zones', () => {
    expect(syslogParser.config.parse({})).toEqual({ timezone: 'UTC' });
    expect(syslogParser.config.safeParse({ timezone: 'Mars/Olympus' }).success).toBe(false);
    expect(syslogParser.config.safeParse({ timzone: 'UTC' }).success).toBe(false);
  });
});

describe('syslog: unreadable input', () => {
  it.each([
    ['', 'empty record'],
    ['   \r\n', 'empty record'],
    ['<999>Oct 11 22:14:15 h x: y', 'PRI 999 out of range (0-191)'],
    ['<192>1 - - - - - -', 'PRI 192 out of range'],
    ['<>hello', 'malformed PRI'],
    ['<12hello', 'malformed PRI'],
    ['garbage in, garbage out', 'not a syslog line'],
    ['{"a":1}', 'not a syslog line'],
    ['<34>1', 'truncated RFC 5424 header: ends after VERSION, missing TIMESTAMP'],
    ['<34>1 2003-10-11T22:14:15.003Z', 'truncated RFC 5424 header: ends after TIMESTAMP, missing HOSTNAME'],
    ['<34>1 2003-10-11T22:14:15.003Z mymachine', 'truncated RFC 5424 header: ends after HOSTNAME, missing APP-NAME'],
    ['<34>1 2003-10-11T22:14:15.003Z mymachine su - ID47', 'ends after MSGID, missing STRUCTURED-DATA'],
    ['<34>1 2003-10-11T22:14:15.003Z mymachine su - ID47 x', 'STRUCTURED-DATA must be "-" or start with "["'],
    ['<34>1 2003-10-11T22:14:15.003Z mymachine su - ID47 [x@1 a="1"', 'malformed RFC 5424 STRUCTURED-DATA'],
    ['<34>1 2003-10-11T22:14:15.003Z mymachine su - ID47 [x@1 a="1"]msg', 'expected a space after STRUCTURED-DATA'],
    ['<34>1 2003-13-11T22:14:15.003Z h su - - -', 'invalid RFC 5424 TIMESTAMP "2003-13-11T22:14:15.003Z"'],
    ['<34>1000 - - - - - -', 'VERSION "1000"'],
    ['Feb 30 10:00:00 h x: y', 'invalid date'],
    ['Dec 10 24:00:00 h x: y', 'invalid date'],
    ['Dec 10 06:55', 'invalid RFC 3164 timestamp'],
    ['Dec 10 06:55:46', 'nothing after the timestamp'],
    ['2026-02-30T10:00:00Z h x: y', 'invalid ISO 8601 timestamp'],
  ])('%j → ParseError "%s"', (data, reason) => {
    const p = build();
    let caught: unknown;
    try {
      p.parse(record(data));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ParseError);
    expect((caught as ParseError).message).toContain(reason);
    expect((caught as ParseError).where).toBe('test:7');
  });
});

/** Lines of every shape the parser knows, for the property tests. */
const SAMPLES = [
  `<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - ${BOM}'su root' failed for lonvick on /dev/pts/8`,
  '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]',
  String.raw`<14>1 2026-01-05T10:00:00Z h app 1 - [meta@1 path="C:\\tmp" q="a \"b\"" br="x\]y"] done`,
  "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
  'Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!',
  'Dec 10 07:13:56 LabSZ sshd[24227]: message repeated 5 times: [ Failed password for root from 5.36.59.76 port 42393 ssh2]',
  'Dec 10 07:13:56 LabSZ sshd[24227]: PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.36.59.76.dynamic-dsl-ip.omantel.net.om  user=root',
  'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ',
  'Jul  7 08:06:15 combo  -- root[2421]: ROOT LOGIN ON tty2',
  '2026-01-05T10:00:00.123+01:00 host sudo[42]:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls -la',
  'Jan  5 10:00:00 h useradd[9]: new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash',
  'Jan  5 10:00:00 h sshd[9]: Received disconnect from 2001:db8::1 port 22:11: Bye Bye [preauth]',
];

function parsesOrParseError(p: Parser, data: string): void {
  try {
    const events = p.parse(record(data));
    expect(Array.isArray(events)).toBe(true);
    for (const e of events) expect(typeof e['@timestamp']).toBe('string');
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
  }
}

describe('syslog: properties', () => {
  const p = build();

  it('random strings: events or ParseError, never another exception', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => parsesOrParseError(p, s)), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => parsesOrParseError(p, s)), { numRuns: 1000 });
  });

  it('syslog-looking prefixes followed by random text', () => {
    const prefix = fc.constantFrom('<34>', '<34>1 ', '<34>1 - ', '<165>1 2003-10-11T22:14:15.003Z h a p m ', 'Dec 10 06:55:46 ', 'Dec 10 06:55:46 h ',
      'Dec 10 06:55:46 h sshd[1]: ', 'Dec 10 06:55:46 h sudo: ', 'Dec 10 06:55:46 h su: ', '2026-01-05T10:00:00Z h ', 'Dec 10 06:55:46 h sshd[1]: Failed ',
      'Dec 10 06:55:46 h sshd[1]: message repeated ', 'Dec 10 06:55:46 h sshd[1]: pam_unix(');
    fc.assert(fc.property(prefix, fc.string({ maxLength: 120 }), (a, b) => parsesOrParseError(p, a + b)), { numRuns: 3000 });
  });

  it('truncations and single-character mutations of real lines', () => {
    const line = fc.constantFrom(...SAMPLES);
    fc.assert(fc.property(line, fc.nat(), (l, n) => parsesOrParseError(p, l.slice(0, n % (l.length + 1)))), { numRuns: 3000 });
    fc.assert(
      fc.property(line, fc.nat(), fc.string({ minLength: 1, maxLength: 3 }), (l, n, ins) => {
        const at = n % l.length;
        parsesOrParseError(p, l.slice(0, at) + ins + l.slice(at + 1));
      }),
      { numRuns: 3000 },
    );
  });
});
