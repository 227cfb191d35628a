import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParsedEvent } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import { phiLeaks, Pseudonymiser } from '../../enrich/pseudonymise/index.js';
import { draft } from '../common/draft-event.js';
import {
  component,
  createHl7v2Parser,
  parseHl7,
  repetitions,
  sniffHl7v2,
  splitHl7Document,
  splitHl7Messages,
  subcomponents,
  unescapeHl7,
  type Delimiters,
} from './index.js';

const DIR = join(import.meta.dirname, '../../../../shared/data/healthcare/hl7v2-sample-messages/Hl7v2');
const files = readdirSync(DIR).filter((f) => f.endsWith('.hl7'));
const read = (f: string) => readFileSync(join(DIR, f), 'utf8');
const pseudonymiser = new Pseudonymiser(Buffer.alloc(32, 3), { mapping: { authorities: { HOSP: 'http://hospital.example/mrn' } } });
const parser = createHl7v2Parser({ pseudonymiser });
const parse = (data: string, source = 'test'): ParsedEvent[] => parser.parse({ data, source, receivedAt: 0 });
const one = (f: string) => {
  const out = parse(read(f), f);
  expect(out).toHaveLength(1);
  return draft(out[0]!);
};
const D: Delimiters = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' };

/** Patient identifiers, names and birth dates written in a message's PID, for leak checks. */
function pidPhi(text: string): string[] {
  const m = parseHl7(splitHl7Messages(text)[0]!);
  const pid = m.segments.find((s) => s.id === 'PID');
  if (!pid) return [];
  const d = m.delimiters;
  const elsewhere = m.segments.filter((s) => s.id !== 'PID').map((s) => s.fields.join('|')).join('\n').toLowerCase();
  const out: string[] = [];
  for (const n of [2, 3, 4, 19]) for (const rep of repetitions(pid.fields[n] ?? '', d)) out.push(component(rep, 1, d));
  for (const rep of repetitions(pid.fields[5] ?? '', d)) out.push(subcomponents(rep, 1, d)[0] ?? '', component(rep, 2, d));
  const dob = component(pid.fields[7] ?? '', 1, d).slice(0, 8);
  if (dob.length === 8) out.push(dob);
  // Values that also appear outside PID (a doctor named Smith, a visit number equal to the MRN)
  // legitimately reach the event through those other fields.
  return out.map((s) => s.trim()).filter((s) => s.length >= 4 && !elsewhere.includes(s.toLowerCase()));
}

describe('hl7v2 on the sample messages', () => {
  it('reads every sample file with no dead letter', () => {
    for (const f of files) expect(parse(read(f), f).length, f).toBe(1);
    expect(files).toHaveLength(139);
  });

  it('never lets a PID identifier, name or birth date reach the event', () => {
    for (const f of files) expect(phiLeaks(parse(read(f), f), pidPhi(read(f))), f).toEqual([]);
  });

  it('maps an ADT^A01 admission with the treatment relationship', () => {
    const e = one('ADT-A01-01.hl7');
    expect(e['@timestamp']).toBe('2029-08-01T05:51:24.000Z'); // EVN-2 20290801070624+0115
    expect(e.event).toMatchObject({ action: 'admit', code: 'ADT^A01', category: ['database'], type: ['creation'], module: 'hl7v2', dataset: 'hl7v2.adt' });
    expect(e.user).toEqual({ id: 'C08', name: 'C08', full_name: 'Kathleen Woolfson' });
    const ehr = e.ehr as Record<string, any>;
    const mrn = pseudonymiser.patientFromCx('PATID1234', { namespace: 'test1', universalId: '2.16.1', universalIdType: 'HCD' });
    expect(ehr).toMatchObject({ action: 'create', resource_type: 'Encounter', application: 'ADTApp', patient: { id: mrn, vip: true } });
    expect(ehr.relationship).toMatchObject({
      patient: mrn,
      location: { point_of_care: 'HUH AE OMU', room: 'OMU B', bed: 'Bed 03', facility: 'HOMERTON UNIVER' },
      patient_class: 'P',
      hospital_service: 'SUR',
      department: 'HUH AE OMU',
    });
    expect(ehr.relationship.practitioners).toEqual(expect.arrayContaining([
      { role: 'attending', id: '1122334', name: 'Mohammed Alaz', authority: 'PERSONNELt' },
      { role: 'referring', id: 'C006', name: 'Kathleen Woolfson', authority: 'TEST' },
      { role: 'admitting', id: '37', name: 'WALT DISNEY', authority: 'AccMgr' },
      expect.objectContaining({ role: 'consulting', id: 'C008' }),
      expect.objectContaining({ role: 'primary_care' }),
    ]));
    expect(e.hl7).toMatchObject({ message_type: 'ADT', trigger_event: 'A01', control_id: 'MSG00001', version: '2.8', sending_facility: 'GHHSFacility' });
  });

  it('maps a v2.3 ADT^A04 with CRLF/LF mix, BOM and zone offsets', () => {
    const e = one('ADT04-23.hl7');
    expect(e.event.action).toBe('register');
    expect((e.ehr as any).patient.id).toBe(pseudonymiser.patientFromCx('123456789'));
    expect((e.ehr as any).relationship.period).toEqual({ start: '2000-12-31T17:00:00.000Z' });
  });

  it('maps MDM, SIU, ORM and ORU', () => {
    const mdm = one('MDM-T02-01.hl7');
    expect(mdm.event.action).toBe('document_created');
    expect(mdm.ehr).toMatchObject({ resource_type: 'DocumentReference', resource_id: '1.2.840.317.5947431.51.20080131160038', department: 'CCU' });
    expect((mdm.ehr as any).relationship.practitioners).toContainEqual({ role: 'originator', id: 'IvanDoctorovich' });
    const siu = one('SIU-S12-01.hl7');
    expect(siu.ehr).toMatchObject({ action: 'create', resource_type: 'Appointment', resource_id: '12345' });
    expect((siu.ehr as any).relationship.practitioners).toContainEqual({ role: 'scheduled', id: '1210', name: 'Robert GE' });
    const orm = one('ORM-O01-01.hl7');
    expect(orm.event.action).toBe('order_placed');
    expect(orm.ehr).toMatchObject({ resource_type: 'ServiceRequest', resource_id: '1101' });
    expect(orm.user).toMatchObject({ id: '2304', full_name: 'MARY ENTER' });
    expect(one('ORU-R01-01.hl7').event.action).toBe('result');
  });

  it('pseudonymises a merge prior identifier (MRG-1)', () => {
    const e = one('ADT-A40-01.hl7');
    expect((e.hl7 as any).merge.prior_patient_ids).toEqual([pseudonymiser.patientFromCx('56789', { namespace: 'BCBS' })]);
  });

  it('joins PID-3 with a mapped assigning authority to the FHIR identifier', () => {
    const [e] = parse('MSH|^~\\&|A|B|C|D|20260105101500||ADT^A08|1|P|2.5\rPID|1||123^^^HOSP^MR||Doe^Jane');
    expect((draft(e!).ehr as any).patient.id).toBe(pseudonymiser.patient({ system: 'http://hospital.example/mrn', value: '123' }));
  });

  it('reads several messages in one record', () => {
    const both = `${read('ADT-A01-02.hl7')}\n${read('ORU-R01-01.hl7')}`;
    expect(parse(both).map((e) => e.event.action)).toEqual(['admit', 'result']);
    expect(splitHl7Messages(both)).toHaveLength(2);
  });
});

describe('hl7v2 encoding', () => {
  it('resolves escape sequences', () => {
    expect(unescapeHl7('A\\T\\E \\F\\ \\S\\ \\R\\ \\E\\ x\\.br\\y \\X41\\ \\H\\b\\N\\', D)).toBe('A&E | ^ ~ \\ x\ny A b');
    expect(unescapeHl7('dangling\\F', D)).toBe('dangling\\F');
  });
  it('uses the delimiters MSH declares', () => {
    const m = parseHl7('MSH#*!/$#APP#FAC###20260105##ADT*A01#1#P#2.5\rPID#1##123***HOSP*MR!456***HOSP*SS##Doe/S/x*Jane');
    expect(m.delimiters).toEqual({ field: '#', component: '*', repetition: '!', escape: '/', subcomponent: '$' });
    const pid = m.segments[1]!;
    expect(repetitions(pid.fields[3]!, m.delimiters)).toHaveLength(2);
    expect(component(pid.fields[5]!, 1, m.delimiters)).toBe('Doe*x');
  });
});

describe('hl7v2 errors', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /empty record/],
    ['PID|1||EVERYMAN-778899^^^HOSP^MR', /message does not start with an MSH segment/],
    ['MSH|^~|EVERYMAN', /MSH-2 encoding characters/],
    ['MSH|^~\\&|A|B|C|D|EVERYMAN||ADT^A01|1|P|2.5\rPID|1||778899^^^HOSP^MR', /MSH-7 date\/time of message is not an HL7 DTM/],
    ['MSH|^~\\&|A|B|C|D|20260105||', /MSH-9 message type is missing/],
    ['MSH|^~\\&|A|B|C|D|20260105||ADT^A01\rP!D|EVERYMAN', /segment 2 has no valid segment id/],
    ['MSH|^~\\&|A|B|C|D|20260105||ADT^A01\nMSH|^~\\&|A|B|C|D|||ADT^A01\rPID|1||778899', /message 2: MSH-7 date\/time of message is missing/],
  ];
  it.each(cases)('%j → ParseError naming the field, never the value', (data, reason) => {
    let err: unknown;
    try {
      parse(data, 'mllp:1');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    expect((err as Error).message).toMatch(reason);
    expect(phiLeaks(err, ['EVERYMAN', '778899'])).toEqual([]);
  });

  it('random and truncated input gives events or a ParseError, nothing else', () => {
    const docs = ['ADT-A01-01.hl7', 'MDM-T02-01.hl7', 'SIU-S12-01.hl7', 'ADT04-23.hl7'].map(read);
    const hl7ish = fc.array(fc.constantFrom('MSH', '|', '^', '~', '\\', '&', '\r', '\n', 'PID', 'PV1', 'EVN', '2026', 'A01', 'ADT', 'x'), { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), hl7ish, fc.constantFrom(...docs).chain((d) => fc.nat(d.length).map((n) => d.slice(0, n)))), (data) => {
        try {
          expect(Array.isArray(parse(data))).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('sniffs HL7 v2', () => {
    expect(sniffHl7v2(read('ADT-A01-01.hl7').split(/\r?\n|\r/))).toBe(0.95);
    expect(sniffHl7v2(['{"a":1}'])).toBe(0);
  });
});

describe('splitHl7Document', () => {
  it('gives each message its MSH line', () => {
    const doc = 'MSH|^~\\&|a|||||ADT^A01\nPID|1\n\r\nMSH|^~\\&|b|||||ADT^A08\r\n';
    expect(splitHl7Document(doc)).toEqual([{ data: 'MSH|^~\\&|a|||||ADT^A01\rPID|1', offset: 1 }, { data: 'MSH|^~\\&|b|||||ADT^A08', offset: 4 }]);
  });
});

describe('hl7v2 relationships of orders and registrations', () => {
  it('names the section performing an order (OBR-24) and the clerk registering a visit (EVN-5)', () => {
    const orm = ['MSH|^~\\&|EHR|HOSP|ENG|HOSP|20260105101500||ORM^O01|M1|P|2.5.1', 'PID|1||778899^^^HOSP^MR', 'PV1|1|I|L\\T\\D^^^HOSP',
      'ORC|NW|O1|||||||20260105101500|||jlee', 'OBR|1|O1||CBC^Complete blood count|||20260105101500|||||||||jlee||||||||LAB'].join('\r');
    const [o] = parse(orm);
    const rel = o!.ehr!.relationship as { performing_department?: string; department?: string };
    expect(rel.performing_department).toBe('Laboratory');
    expect(rel.department).toBe('L&D');
    const a04 = ['MSH|^~\\&|EHR|HOSP|ENG|HOSP|20260105101500||ADT^A04|M2|P|2.5.1', 'EVN|A04|20260105101500|||kclerk', 'PID|1||778899^^^HOSP^MR', 'PV1|1|O|Clinic^^^HOSP||||jlee^Lee^Jo'].join('\r');
    const [r] = parse(a04);
    const people = (r!.ehr!.relationship as { practitioners: Array<{ role: string; id?: string }> }).practitioners;
    expect(people).toEqual(expect.arrayContaining([{ role: 'registration', id: 'kclerk' }, expect.objectContaining({ role: 'attending', id: 'jlee' })]));
  });
});
