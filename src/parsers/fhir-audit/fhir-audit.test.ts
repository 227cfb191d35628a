import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParsedEvent } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import { phiLeaks, Pseudonymiser } from '../../enrich/pseudonymise/index.js';
import { draft } from '../common/draft-event.js';
import { FIXTURE_PHI, R4_BREAK_GLASS, R4_BUNDLE } from './fixtures.js';
import { createFhirAuditParser, fhirAuditParser, readXml, sniffFhirAudit } from './index.js';

const SAMPLES = join(import.meta.dirname, '../../../../shared/data/healthcare/fhir-auditevent-examples');
const pseudonymiser = new Pseudonymiser(Buffer.alloc(32, 1), { mapping: { authorities: { HOSP: 'http://hospital.example/mrn' } } });
const parser = createFhirAuditParser({ pseudonymiser });
const parse = (data: string, source = 'test'): ParsedEvent[] => parser.parse({ data, source, receivedAt: 0 });
const sample = (f: string) => readFileSync(join(SAMPLES, 'auditevent', f), 'utf8');
const ehr = (e: ParsedEvent) => draft(e).ehr as Record<string, any>;

/** Files that are not AuditEvents: the reason each is dead-lettered (docs/formats/fhir-audit.md). */
const EXPECTED_DEAD = new Map([
  ['auditevent-examples-header.xml', /XML root is not a FHIR resource/],
  ['list-AuditEvent-examples.xml', /no AuditEvent in the document \(found List\)/],
]);

describe('fhir-audit on the FHIR specification examples', () => {
  it('reads every AuditEvent example; only the two non-resource files are dead letters', () => {
    let events = 0;
    for (const f of readdirSync(join(SAMPLES, 'auditevent'))) {
      const expected = EXPECTED_DEAD.get(f);
      if (expected) {
        expect(() => parse(sample(f), f), f).toThrow(expected);
        continue;
      }
      const out = parse(sample(f), f);
      expect(out, f).toHaveLength(1);
      expect(out[0]!['@timestamp'], f).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      events++;
    }
    expect(events).toBe(13);
  });

  it('Consent examples are not AuditEvents and say so', () => {
    for (const f of readdirSync(join(SAMPLES, 'consent')).filter((x) => /^consent-example(-.*)?\.xml$/.test(x))) {
      expect(() => parse(readFileSync(join(SAMPLES, 'consent', f), 'utf8'), f), f).toThrow(/no AuditEvent.*found Consent/);
    }
  });

  it('maps a vread of a patient', () => {
    const [e] = parse(sample('audit-event-example-vread.xml'));
    expect(e!['@timestamp']).toBe('2013-06-20T23:42:24.000Z');
    expect(e!.event).toMatchObject({ action: 'vread', outcome: 'success', category: ['database'], type: ['access'], module: 'fhir-audit' });
    expect(draft(e!).user).toEqual({ id: '95', name: '95' });
    expect(draft(e!).source).toEqual({ address: 'Workstation1.ehr.familyclinic.com', domain: 'Workstation1.ehr.familyclinic.com' });
    expect(ehr(e!)).toMatchObject({ action: 'view', resource_type: 'Patient', break_glass: false, workstation: 'Workstation1.ehr.familyclinic.com' });
    expect(ehr(e!).patient.id).toBe(pseudonymiser.patientFromReference('Patient/example'));
  });

  it('maps the break-glass start: purpose ETREAT, break_glass, practitioner as user', () => {
    const [e] = parse(sample('auditevent-example-breakglass-start.xml'));
    expect(e!.event).toMatchObject({ action: 'emergency_override_started', category: ['iam'], type: ['start'], reason: 'Successful  Start of Break-Glass' });
    expect(ehr(e!)).toMatchObject({ purpose_of_use: 'ETREAT', break_glass: true, application: 'Watchers Accounting of Disclosures Application' });
    expect(draft(e!).user).toMatchObject({ id: 'Practitioner/f001', name: 'f001' });
  });

  it('maps a disclosure: export, destination, sensitivity labels without handling caveats', () => {
    const [e] = parse(sample('auditevent-example-disclosure.xml'));
    expect(ehr(e!)).toMatchObject({ action: 'export', purpose_of_use: 'HMARKT', patient: { sensitivity: ['V', 'STD'] } });
    expect(draft(e!).destination).toMatchObject({ domain: 'marketing.land' });
    expect(draft(e!).user?.full_name).toBe('That guy everyone wishes would be caught');
  });

  it('maps login/logout as authentication sessions, and an error outcome as failure', () => {
    expect(parse(sample('audit-event-example-login.xml'))[0]!.event).toMatchObject({ action: 'login', category: ['authentication', 'session'], type: ['start'] });
    const out = parse(sample('audit-event-example-logout.xml'))[0]!;
    expect(out.event).toMatchObject({ action: 'logout', type: ['end'] });
    expect(draft(out).source).toMatchObject({ ip: '127.0.0.1' });
    expect(parse(sample('auditevent-example-error.xml'))[0]!.event).toMatchObject({ outcome: 'failure', action: 'create' });
  });

  it('reads an HL7 CX written in a PIX query entity and never shows it', () => {
    const [e] = parse(sample('audit-event-example-pixQuery.xml'));
    expect(ehr(e!).patient.id).toBe(pseudonymiser.patientFromCx('e3cdfc81a0d24bd', { universalId: '2.16.840.1.113883.4.2', universalIdType: 'ISO' }));
    expect(phiLeaks(e, ['e3cdfc81a0d24bd', 'PD94bWwg'])).toEqual([]);
  });
});

describe('fhir-audit on R4 JSON', () => {
  it('maps a single R4 AuditEvent', () => {
    const [e] = parse(JSON.stringify(R4_BREAK_GLASS, null, 2));
    expect(e!['@timestamp']).toBe('2026-01-05T01:14:09.120Z');
    expect(draft(e!).user).toEqual({ id: 'n.jones', name: 'njones', full_name: 'Nia Jones', roles: ['NURS'] });
    expect(draft(e!).source).toEqual({ address: '10.20.30.40', ip: '10.20.30.40' });
    expect(ehr(e!)).toEqual({
      action: 'view',
      role: 'nurse',
      purpose_of_use: 'ETREAT',
      reason: 'patient unconscious in ED',
      resource_type: 'Observation',
      resource_id: 'obs-9',
      patient: { id: pseudonymiser.patient({ system: 'http://hospital.example/mrn', value: 'mrn-778899' }), sensitivity: ['R', 'CEL'], vip: true },
      break_glass: true,
      application: 'EHR-PROD',
    });
  });

  it('joins an R4 identifier to an HL7 CX with the mapped assigning authority', () => {
    const [e] = parse(JSON.stringify(R4_BREAK_GLASS));
    expect(ehr(e!).patient.id).toBe(pseudonymiser.patientFromCx('MRN-778899', { namespace: 'HOSP' }));
  });

  it('maps each AuditEvent of a Bundle and skips other resources; NDJSON too', () => {
    const out = parse(JSON.stringify(R4_BUNDLE));
    expect(out).toHaveLength(2);
    expect(out[1]!.event).toMatchObject({ action: 'login', outcome: 'failure', reason: 'bad password' });
    const nd = [R4_BREAK_GLASS, R4_BUNDLE.entry[1]!.resource].map((r) => JSON.stringify(r)).join('\n');
    expect(parse(nd)).toHaveLength(2);
  });

  it('keeps PHI out of events, raw and messages', () => {
    const out = [...parse(JSON.stringify(R4_BREAK_GLASS)), ...parse(JSON.stringify(R4_BUNDLE))];
    expect(phiLeaks(out, FIXTURE_PHI)).toEqual([]);
  });

  it('reads XML with entities, CDATA and comments, and refuses a DOCTYPE', () => {
    const xml = '<?xml version="1.0"?><!-- c --><AuditEvent xmlns="http://hl7.org/fhir"><action value="R"/><recorded value="2026-01-05T10:00:00Z"/>'
      + '<agent><who><display value="A &amp; B &#65;"/></who><requestor value="true"/></agent></AuditEvent>';
    expect(draft(parse(xml)[0]!).user?.full_name).toBe('A & B A');
    expect(readXml('<a><![CDATA[<x>]]></a>').text).toBe('<x>');
    expect(() => parse('<!DOCTYPE x [<!ENTITY e "x">]><AuditEvent/>')).toThrow(/DOCTYPE/);
    expect(() => parse('<AuditEvent xmlns="http://hl7.org/fhir">&e;</AuditEvent>')).toThrow(/undeclared entity/);
  });
});

describe('fhir-audit errors', () => {
  const phi = ['EVERYMAN', 'MRN-778899', '1961-02-03'];
  const cases: Array<[string, RegExp]> = [
    ['', /empty document/],
    ['EVERYMAN 1961-02-03', /not a FHIR JSON or XML document/],
    ['{"resourceType":"AuditEvent","recorded":"EVERYMAN"', /invalid JSON/],
    ['{"resourceType":"AuditEvent","recorded":"EVERYMAN"}', /AuditEvent.recorded is not a FHIR instant/],
    ['{"resourceType":"AuditEvent","entity":[{"what":{"identifier":{"value":"MRN-778899"}}}]}', /AuditEvent.recorded is missing/],
    ['{"resourceType":"Patient","name":[{"family":"EVERYMAN"}]}', /no AuditEvent in the document \(found Patient\)/],
    ['<AuditEvent><recorded value="EVERYMAN"></AuditEvent>', /invalid XML: mismatched end tag/],
    ['{"name":"EVERYMAN"}', /no resourceType/],
    ['{"resourceType":"AuditEvent"}\n{"EVERYMAN', /NDJSON line 2: invalid JSON/],
  ];
  it.each(cases)('%s → ParseError naming the problem, never the value', (data, reason) => {
    let err: unknown;
    try {
      parse(data, 'file:x.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    expect((err as Error).message).toMatch(reason);
    expect((err as Error).message).toContain('file:x.json');
    expect(phiLeaks(err, phi)).toEqual([]);
  });

  it('random and truncated input gives events or a ParseError, nothing else', () => {
    const docs = [JSON.stringify(R4_BUNDLE), sample('auditevent-example-disclosure.xml'), sample('audit-event-example-pixQuery.xml')];
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom(...docs).chain((d) => fc.nat(d.length).map((n) => d.slice(0, n)))), (data) => {
        try {
          const out = parse(data);
          expect(Array.isArray(out)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 600 },
    );
  });
});

describe('fhirAuditParser registration', () => {
  it('builds from config and sniffs documents', () => {
    const p = fhirAuditParser.build(fhirAuditParser.config.parse({}), { dataDir: mkdtempSync(join(tmpdir(), 'ww-fa-')) });
    expect(p.parse({ data: JSON.stringify(R4_BREAK_GLASS), source: 't', receivedAt: 0 })).toHaveLength(1);
    expect(sniffFhirAudit(sample('audit-event-example-login.xml').split('\n'))).toBeGreaterThan(0.9);
    expect(sniffFhirAudit(JSON.stringify(R4_BUNDLE, null, 1).split('\n'))).toBeGreaterThan(0.8);
    expect(sniffFhirAudit(['Dec 10 06:55:46 LabSZ sshd[24200]: hi'])).toBe(0);
    expect(() => fhirAuditParser.config.parse({ timezone: 'Mars/Olympus' })).toThrow();
  });
});
