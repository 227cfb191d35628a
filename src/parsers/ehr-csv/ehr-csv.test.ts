import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParsedEvent, Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import { phiLeaks, Pseudonymiser } from '../../enrich/pseudonymise/index.js';
import { draft } from '../common/draft-event.js';
import { compileTimeFormat, createEhrCsvParser, ehrCsvConfig, parseCsv } from './index.js';

const FIXTURE = readFileSync(join(import.meta.dirname, 'fixtures/access-export.csv'), 'utf8');
const PHI = ['MRN-778899', 'MRN-112233', 'QUUXLEY', 'ZEBEDEE', '03/02/1961', '1961', '12/12/1970', 'DOE, JANE'];
const pseudonymiser = new Pseudonymiser(Buffer.alloc(32, 5));
const config = ehrCsvConfig.parse({
  columns: {
    time: 'Access Time', user: 'User ID', userName: 'User Name', role: 'Role', department: 'Department', workstation: 'Workstation',
    patient: 'Patient MRN', patientName: 'Patient Name', patientBirthDate: 'DOB', action: 'Action', resourceType: 'Module',
    reason: 'Reason', breakGlass: 'Break Glass', sourceIp: 'Source IP', outcome: 'Status',
  },
  timeFormat: 'DD/MM/YYYY HH:mm:ss',
  birthDateFormat: 'DD/MM/YYYY',
  timezone: 'Europe/London',
});
const build = (c = config): Parser => createEhrCsvParser(c, { pseudonymiser });
/** Feed a file line by line, as the file source does today. */
const byLines = (p: Parser, text: string, source = 'file:a.csv'): ParsedEvent[] =>
  text.split(/\r?\n/).flatMap((data, i) => (data === '' ? [] : p.parse({ data, source, offset: i + 1, receivedAt: 0 })));

describe('ehr-csv', () => {
  it('reads a whole export as one document (quoted line breaks included)', () => {
    const out = build().parse({ data: FIXTURE, source: 'file:a.csv', receivedAt: 0 });
    expect(out).toHaveLength(4);
    const e = draft(out[0]!);
    expect(e['@timestamp']).toBe('2026-01-05T02:14:09.000Z');
    expect(e.event).toMatchObject({ action: 'chart_viewed', category: ['database'], type: ['access'], outcome: 'success', module: 'ehr-csv' });
    expect(e.user).toEqual({ id: 'njones', name: 'njones', full_name: 'Jones, Nia', roles: ['Nurse'] });
    expect(e.source).toEqual({ ip: '10.20.30.40', address: '10.20.30.40' });
    expect(e.ehr).toEqual({
      action: 'view',
      patient: { id: pseudonymiser.patient({ value: 'mrn-778899' }) },
      patient_keys: { name: pseudonymiser.name('Quuxley', ['Zebedee']), birth_date: pseudonymiser.birthDate('1961-02-03') },
      resource_type: 'Notes',
      workstation: 'WS-ED-04',
      department: 'Emergency',
      role: 'Nurse',
      reason: 'patient unconscious, no ID',
      break_glass: true,
    });
    expect(draft(out[1]!).ehr).toMatchObject({ action: 'print', break_glass: false });
    expect(draft(out[2]!).event.outcome).toBe('failure');
    expect(draft(out[2]!).ehr).toMatchObject({ action: 'export', reason: '"audit" request' });
    expect(draft(out[3]!).ehr).toMatchObject({ action: 'query', reason: 'multi-line\r\nreason' });
  });

  it('keeps PHI out of events, raw and messages, and drops unlisted columns', () => {
    const out = build().parse({ data: FIXTURE, source: 'file:a.csv', receivedAt: 0 });
    expect(phiLeaks(out, PHI)).toEqual([]);
    expect(JSON.stringify(out)).not.toContain('confidential remark');
    const kept = build(ehrCsvConfig.parse({ ...config, keepColumns: ['Internal Note', 'Patient MRN'] })).parse({ data: FIXTURE, source: 's', receivedAt: 0 });
    expect(draft(kept[0]!).raw).toMatchObject({ 'Internal Note': 'confidential remark' });
    expect(phiLeaks(kept, PHI)).toEqual([]);
  });

  it('line by line: the header configures the source; a quoted line break is a dead letter with a reason', () => {
    const p = build();
    const lines = FIXTURE.split('\r\n');
    expect(p.parse({ data: lines[0]!, source: 'file:a.csv', offset: 1, receivedAt: 0 })).toEqual([]);
    expect(p.parse({ data: lines[1]!, source: 'file:a.csv', offset: 2, receivedAt: 0 })).toHaveLength(1);
    expect(() => p.parse({ data: lines[4]!, source: 'file:a.csv', offset: 5, receivedAt: 0 })).toThrow(/row 1: unterminated quoted field/);
    // Another file has no header yet.
    expect(() => p.parse({ data: lines[1]!, source: 'file:b.csv', offset: 1, receivedAt: 0 })).toThrow(/not a header.*"User ID", "Access Time", "Patient MRN"/);
    expect(phiLeaks(byLines(p, [lines[0], lines[1], lines[0], lines[2]].join('\n'), 'file:c.csv'), PHI)).toEqual([]);
  });

  it('honours a fixed header, a delimiter, epoch times and an action table', () => {
    const c = ehrCsvConfig.parse({
      columns: { user: 'u', time: 't', patient: 'p', action: 'a', breakGlass: 'bg', patientFlag: 'flag' },
      header: ['t', 'u', 'p', 'a', 'bg', 'flag'],
      delimiter: 'tab',
      timeFormat: 'epoch_s',
      actions: { '42': 'delete' },
      breakGlassValues: ['override'],
    });
    const [e] = build(c).parse({ data: '1767607200\tadmin\t123\t42\tOVERRIDE\tVIP', source: 's', receivedAt: 0 });
    expect(e!['@timestamp']).toBe('2026-01-05T10:00:00.000Z');
    expect(draft(e!).ehr).toMatchObject({ action: 'delete', break_glass: true, patient: { id: pseudonymiser.patient({ value: '123' }), vip: true } });
    const [f] = build(c).parse({ data: '1767607200\tadmin\t123\topen\t\tPSY', source: 's', receivedAt: 0 });
    expect(draft(f!).ehr).toMatchObject({ action: 'view', break_glass: false, patient: { sensitivity: ['PSY'] } });
  });

  it('reads RFC 4180 and time patterns', () => {
    expect(parseCsv('a,"b ""x"", c"\r\n\r\n1,,', ',')).toEqual([['a', 'b "x", c'], ['1', '', '']]);
    const utc = (l: number) => l;
    expect(compileTimeFormat('M/D/YYYY h:mm:ss A', utc)('1/5/2026 2:14:09 PM')).toBe(Date.UTC(2026, 0, 5, 14, 14, 9));
    expect(compileTimeFormat('YYYY-MM-DD HH:mm:ss.SSSZ', utc)('2026-01-05 10:00:00.5+01:00')).toBe(Date.UTC(2026, 0, 5, 9, 0, 0, 500));
    expect(compileTimeFormat('iso8601', utc)('nonsense')).toBeUndefined();
    expect(() => ehrCsvConfig.parse({ columns: { user: 'u', time: 't', patient: 'p' }, timeFormat: 'HH:mm' })).toThrow(/time format/);
    expect(() => ehrCsvConfig.parse({ columns: { user: 'u', time: 't' } })).toThrow();
  });
});

describe('ehr-csv errors', () => {
  const header = 'Access Time,User ID,Patient MRN';
  const c = ehrCsvConfig.parse({ columns: { time: 'Access Time', user: 'User ID', patient: 'Patient MRN' } });
  const cases: Array<[string, RegExp]> = [
    [`${header}\nEVERYMAN,njones,MRN-778899`, /column "Access Time" \(time\) does not match timeFormat "iso8601"/],
    [`${header}\n,njones,MRN-778899`, /column "Access Time" \(time\) is empty/],
    [`${header}\n2026-01-05T10:00:00Z,,MRN-778899`, /column "User ID" \(user\) is empty/],
    [`${header}\n"2026-01-05T10:00:00Z,njones,MRN-778899`, /row 2: unterminated quoted field/],
    ['EVERYMAN,MRN-778899', /not a header/],
  ];
  it.each(cases)('%j → ParseError naming the column, never the value', (data, reason) => {
    let err: unknown;
    try {
      createEhrCsvParser(c, { pseudonymiser }).parse({ data, source: 'file:x.csv', receivedAt: 0 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    expect((err as Error).message).toMatch(reason);
    expect(phiLeaks(err, ['EVERYMAN', 'MRN-778899'])).toEqual([]);
  });

  it('random and truncated input gives events or a ParseError, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.nat(FIXTURE.length).map((n) => FIXTURE.slice(0, n)), fc.array(fc.constantFrom('"', ',', '\n', 'a', '2026-01-05T10:00:00Z', 'Access Time', 'User ID', 'Patient MRN')).map((a) => a.join(''))), (data) => {
        const p = build();
        try {
          expect(Array.isArray(p.parse({ data, source: 'f', receivedAt: 0 }))).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 800 },
    );
  });
});
