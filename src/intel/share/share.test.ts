import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../core/alert.js';
import { configSchema } from '../../core/config.js';
import type { WardEvent } from '../../core/event.js';
import { newEventId } from '../../core/ids.js';
import { Pseudonymiser } from '../../enrich/pseudonymise/pseudonymiser.js';
import { loadOrCreateSecret } from '../../enrich/pseudonymise/secret.js';
import { correlateAlerts } from '../../incidents/query.js';
import { ContextStore } from '../../store/sqlite/context-store.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { IntelStore } from '../store/intel-store.js';
import { tlpMarking } from '../stix/tlp.js';
import { DEFAULT_SCHEMA_DIR, StixValidator } from '../stix/validate.js';
import { TaxiiStore } from '../taxii/collections.js';
import { readings } from './decode.js';
import { draftShareBundle } from './draft.js';
import { DEFAULT_INTERNAL_SUFFIXES, Scrubber } from './scrub.js';
import { ShareService } from './service.js';
import { checkStructure } from './structure.js';
import { siteTerms } from './terms.js';

// A roster of invented people (no real PHI): what the context store holds, and what must never leave.
const PATIENTS = [
  { family: 'Everyman', given: ['Adam'], mrn: 'MRN1000042' },
  { family: 'Okonkwo', given: ['Chiamaka'], mrn: 'MRN1000777' },
  { family: 'Lindqvist', given: ['Sigrid', 'Maja'], mrn: 'MRN1003310' },
];
const STAFF = [
  { id: 's1', name: 'Nia Jones', logins: ['njones'] },
  { id: 's2', name: 'Tomasz Wisniewski', logins: ['twisniewski', 'adm-twisniewski'] },
];
const ORG = 'stmarys.example';
const INTERNAL = ['10.20.4.17', '192.168.7.9', '172.16.200.3', 'fd12:3456::9'];
const HOSTS = ['ehr01', 'ws-ward3-07'];
/** Everything that must not appear in any reading of any string of a shared bundle. */
const SECRETS = [
  ...PATIENTS.flatMap((p) => [p.family, ...p.given, p.mrn, p.mrn.slice(3)]), ...STAFF.flatMap((s) => [...s.name.split(' '), ...s.logins]),
  ...INTERNAL, ...HOSTS, ORG,
].map((s) => s.toLowerCase());
const NOW = Date.parse('2026-12-07T12:00:00.000Z');

let dir: string;
let validator: StixValidator | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ww-share-'));
  const p = new Pseudonymiser(loadOrCreateSecret(dir));
  const ctx = ContextStore.open(dir);
  ctx.load({
    patients: PATIENTS.map((x) => ({ id: p.patient({ value: x.mrn }), vip: false, sensitivity: [], deceased: false, keys: { name: p.name(x.family, x.given) } })),
    staff: STAFF.map((s) => ({ ...s, shifts: [] })),
  });
  ctx.close();
  validator = existsSync(DEFAULT_SCHEMA_DIR) ? StixValidator.load() : undefined;
  if (!validator) console.warn(`STIX schema checks of share drafts skipped: ${DEFAULT_SCHEMA_DIR} not found`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every string of a value, each in all its readings (URL, base64, hex, UTF-16), lower case. */
function allText(v: unknown): string {
  const out: string[] = [];
  const walk = (x: unknown) => {
    if (typeof x === 'string') out.push(...readings(x));
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') Object.entries(x).forEach(([k, y]) => { out.push(k); walk(y); });
  };
  walk(v);
  return out.join('\n').toLowerCase();
}
const leaksIn = (v: unknown) => SECRETS.filter((s) => allText(v).includes(s));

function ev(ts: number, f: Partial<WardEvent>): WardEvent {
  return { '@timestamp': new Date(ts).toISOString(), event: { id: newEventId(), kind: 'event' }, ...f } as WardEvent;
}
function alert(id: string, ts: number, events: WardEvent[], extra: Partial<Alert> = {}): Alert {
  const t = new Date(ts).toISOString();
  return {
    id, time: t, created: t, title: 'Phishing from billing-update.example.net clicked by njones on ws-ward3-07', severity: 'high', detector: 'phishing', rule: 'phishing',
    entities: [{ type: 'user', id: 'njones' }, { type: 'host', id: 'ws-ward3-07' }, { type: 'ip', id: '203.0.113.66' }],
    explanation: { summary: 's', factors: [], evidence: events.map((e) => e.event.id), evidenceCount: events.length, text: 'njones (Nia Jones) opened the chart of Adam Everyman MRN1000042 from 10.20.4.17 after the mail; call back 555-201-3344' },
    techniques: ['T1566', 'T1071'], status: 'open', firstSeen: t, lastSeen: t, ...extra,
  };
}
/** Events of a phishing-to-exfiltration story, PHI hidden in many encodings beside real indicators. */
function story(ts: number): WardEvent[] {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return [
    ev(ts, { email: { from: { address: ['invoice@billing-update.example.net'] }, to: { address: [`njones@${ORG}`] }, subject: 'Invoice for Adam Everyman' }, source: { ip: '203.0.113.66' }, destination: { ip: '10.20.4.17' } }),
    ev(ts + 1000, { email: { from: { address: [`payroll@${ORG}`] } } }),
    ev(ts + 2000, { url: { full: 'https://billing-update.example.net/login?ref=campaign7', domain: 'billing-update.example.net' }, source: { ip: '10.20.4.17' }, destination: { ip: '198.51.100.23' }, user: { name: 'njones' }, host: { name: 'ws-ward3-07' } }),
    ev(ts + 3000, { url: { full: `https://drop.example.org/u/${b64('Adam Everyman')}/MRN1000042.pdf` }, destination: { ip: '198.51.100.24' } }),
    ev(ts + 4000, { url: { full: 'https://drop.example.org/p/adam.everyman-chart.zip' } }),
    ev(ts + 5000, { url: { full: `http://ehr01.${ORG}/chart?mrn=1000042` }, dns: { question: { name: `ehr01.${ORG}` } } }),
    ev(ts + 6000, { dns: { question: { name: 'twisniewski.c2.example.com' } } }),
    ev(ts + 7000, { dns: { question: { name: 'cdn-update.example.com' } }, file: { hash: { sha256: 'a'.repeat(64) } }, process: { command_line: `powershell -enc ${Buffer.from('net user twisniewski', 'utf16le').toString('base64')}` } }),
    ev(ts + 8000, { url: { full: `https://paste.example.com/raw?d=${Buffer.from('Sigrid Maja Lindqvist').toString('hex')}` } }),
    ev(ts + 9000, { destination: { ip: 'fd12:3456::9' }, source: { ip: '2001:db8::66' } }),
  ];
}
const config = (share: Record<string, unknown> = {}) => configSchema.parse({ intel: { share: { orgDomains: [ORG], amberCollections: ['isac-amber'], ...share } } });

describe('share an incident (four eyes, TLP, PHI stripped)', () => {
  it('drafts a valid STIX 2.1 bundle of the external indicators only, reports what it removed, and publishes after a second person approves', async () => {
    const store = SqliteStore.open(dir);
    const intel = IntelStore.open(dir);
    try {
      const events = story(NOW - 3_600_000);
      store.appendEvents(events);
      store.insertAlerts([alert('al_share_1', NOW - 3_600_000, events)]);
      const inc = correlateAlerts(store.alertsInOrder({})).incidents[0]!;
      const taxii = new TaxiiStore(intel);
      taxii.createCollection({ alias: 'isac', title: 'ISAC (green)' });
      taxii.createCollection({ alias: 'isac-amber', title: 'ISAC (amber)' });
      const svc = new ShareService({ store, dataDir: dir, config: config(), intel, validator, now: () => NOW });

      const d = svc.propose({ incidentId: inc.id, tlp: 'green', targets: { collection: 'isac' }, note: 'campaign 7' }, 'user:ana');
      expect(d.state).toBe('proposed');
      const values = d.bundle.objects.filter((o) => o.type === 'indicator').map((o) => o.pattern).sort();
      expect(values).toEqual([
        "[domain-name:value = 'billing-update.example.net']",
        "[domain-name:value = 'cdn-update.example.com']",
        "[email-addr:value = 'invoice@billing-update.example.net']",
        "[file:hashes.'SHA-256' = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']",
        "[ipv4-addr:value = '198.51.100.23']",
        "[ipv4-addr:value = '198.51.100.24']",
        "[ipv4-addr:value = '203.0.113.66']",
        "[ipv6-addr:value = '2001:db8::66']",
        "[url:value = 'https://billing-update.example.net/login?ref=campaign7']",
      ]);
      const reasons = new Set(d.removed.map((r) => r.reason));
      for (const r of ['internal-ip', 'internal-host', 'org-email', 'patient-name', 'mrn', 'staff-user', 'staff-name', 'phone']) expect(reasons, r).toContain(r);
      expect(leaksIn(d.bundle)).toEqual([]);
      expect(leaksIn(d.removed.filter((r) => r.reason !== 'internal-ip' && r.reason !== 'internal-host'))).toEqual([]);
      // TLP 2.0 marking on every object, the official marking object in the bundle.
      expect(d.bundle.objects).toContainEqual(tlpMarking('green'));
      for (const o of d.bundle.objects) if (o.type !== 'marking-definition') expect(o.object_marking_refs, String(o.id)).toEqual([tlpMarking('green').id]);
      expect(d.bundle.objects.filter((o) => o.type === 'attack-pattern').map((o) => (o.external_references as Array<{ external_id: string }>)[0]!.external_id)).toEqual(['T1071', 'T1566']);
      expect(d.bundle.objects.filter((o) => o.type === 'sighting')).toHaveLength(9);
      const report = d.bundle.objects.find((o) => o.type === 'report')!;
      expect(String(report.description)).toContain('[removed:patient-name]');
      expect(checkStructure(d.bundle, { closed: true })).toEqual([]);
      if (validator) expect(validator.validateBundle(d.bundle)).toEqual([]);

      await expect(svc.approve(d.id, 'user:ana')).rejects.toThrow(/four eyes/);
      const done = await svc.approve(d.id, 'user:pat');
      expect(done).toMatchObject({ state: 'published', decidedBy: 'user:pat', result: { collection: { alias: 'isac', failed: 0 } } });
      expect(taxii.count(taxii.collection('isac')!.id)).toBe(d.bundle.objects.length);
      await expect(svc.approve(d.id, 'user:pat')).rejects.toThrow(/is published/);
      const audit = store.listAudit(20).filter((a) => a.action.startsWith('intel_share_')).map((a) => `${a.action} ${a.actor}`);
      expect(audit).toEqual(expect.arrayContaining(['intel_share_propose user:ana', 'intel_share_approve user:pat', 'intel_share_publish user:pat']));
      expect(leaksIn(store.listAudit(20).filter((a) => a.action.startsWith('intel_share_')))).toEqual([]);

      // TLP: RED never; AMBER only to the configured collection; a rejected draft is never published.
      expect(() => svc.propose({ incidentId: inc.id, tlp: 'red', targets: { collection: 'isac' } }, 'user:ana')).toThrow(/RED never leaves/);
      expect(() => svc.propose({ incidentId: inc.id, tlp: 'amber', targets: { collection: 'isac' } }, 'user:ana')).toThrow(/amberCollections/);
      expect(() => svc.propose({ incidentId: inc.id, tlp: 'green', targets: {} }, 'user:ana')).toThrow(/say where/);
      const amber = svc.propose({ incidentId: inc.id, tlp: 'amber+strict', targets: { collection: 'isac-amber' } }, 'user:ana');
      expect(svc.reject(amber.id, 'user:pat', 'too early').state).toBe('rejected');
      await expect(svc.approve(amber.id, 'user:pat')).rejects.toThrow(/is rejected/);
      expect(taxii.count(taxii.collection('isac-amber')!.id)).toBe(0);

      // A person joins the roster after the draft: approving re-checks and refuses, publishing nothing.
      const late = svc.propose({ incidentId: inc.id, tlp: 'green', targets: { collection: 'isac' } }, 'user:ana');
      const ctx = ContextStore.open(dir);
      ctx.load({ staff: [{ id: 's9', name: 'Update Cdn', logins: ['cdn-update'], shifts: [] }] });
      ctx.close();
      await expect(svc.approve(late.id, 'user:pat')).rejects.toThrow(/under today's policy/);
      expect(svc.get(late.id).state).toBe('failed');
    } finally {
      intel.close();
      store.close();
    }
  });

  it('property: PHI and internal identifiers hidden in any encoding, field or position never reach the bundle', () => {
    const scrubber = new Scrubber({ orgDomains: [ORG], internalNetworks: [], internalSuffixes: DEFAULT_INTERNAL_SUFFIXES }, siteTerms(dir));
    const person = fc.oneof(
      ...PATIENTS.map((p) => fc.constantFrom(`${p.given.join(' ')} ${p.family}`, `${p.family}, ${p.given.join(' ')}`, `${p.given.join('.')}.${p.family}`, `${p.family}_${p.given.join('_')}`.toUpperCase(), `${p.given.join('')}${p.family}`, p.mrn, `mrn=${p.mrn}`)),
      ...STAFF.flatMap((s) => [fc.constant(s.name), fc.constant(s.name.replace(' ', '.')), ...s.logins.map((l) => fc.constant(l))]),
      fc.constantFrom(...INTERNAL, ...HOSTS.map((h) => `${h}.${ORG}`), `helpdesk@${ORG}`),
    );
    const encode = fc.constantFrom<(s: string) => string>(
      (s) => s, (s) => encodeURIComponent(s), (s) => encodeURIComponent(encodeURIComponent(s)), (s) => Buffer.from(s).toString('base64'),
      (s) => Buffer.from(s).toString('base64url'), (s) => Buffer.from(s).toString('hex'), (s) => Buffer.from(s, 'utf16le').toString('base64'),
      (s) => s.toUpperCase(), (s) => s.replace(/[ .]/g, '-'),
    );
    const place = fc.constantFrom<(x: string) => Partial<WardEvent>>(
      (x) => ({ url: { full: `https://drop.example.org/f/${x}` } }),
      (x) => ({ url: { full: `https://drop.example.org/q?u=${x}&t=1` } }),
      (x) => ({ url: { full: `https://drop.example.org/${x}.pdf` } }),
      (x) => ({ dns: { question: { name: `${x.replace(/[^a-z0-9-]/gi, '').slice(0, 60) || 'x'}.c2.example.com` } } }),
      (x) => ({ email: { from: { address: [`${x.replace(/[^a-z0-9._-]/gi, '').slice(0, 60) || 'x'}@sender.example.net`] } } }),
      (x) => ({ process: { command_line: `cmd /c ${x}` }, file: { name: `${x}.xlsx` } }),
    );
    fc.assert(fc.property(fc.array(fc.tuple(person, encode, place), { minLength: 1, maxLength: 6 }), fc.constantFrom('green', 'clear', 'amber'), (items, tlp) => {
      const events = items.map(([p, enc, pl], i) => ev(NOW - 60_000 + i, { ...pl(enc(p)), source: { ip: '203.0.113.9' } }));
      const a = alert('al_prop', NOW - 60_000, events, { title: `Exfiltration by ${items[0]![0]}`, explanation: { summary: '', factors: [], evidence: events.map((e) => e.event.id), evidenceCount: events.length, text: items.map(([p, enc]) => enc(p)).join(' then ') } });
      const inc = correlateAlerts([a]).incidents[0]!;
      const d = draftShareBundle(inc, [a], events, { tlp: tlp as 'green', now: NOW, scrubber });
      expect(leaksIn(d.bundle)).toEqual([]);
      expect(d.bundle.objects.some((o) => o.type === 'indicator' && o.pattern === "[ipv4-addr:value = '203.0.113.9']")).toBe(true);
      expect(checkStructure(d.bundle, { closed: true })).toEqual([]);
      if (validator) expect(validator.validateBundle(d.bundle)).toEqual([]);
    }), { numRuns: 100, seed: 20261207 });
  });
});

describe('checkStructure', () => {
  const examples = join(DEFAULT_SCHEMA_DIR, '../..');
  it.skipIf(!existsSync(examples))('passes every STIX 2.1 bundle of the OASIS examples', () => {
    const dirs = [join(examples, 'cti-stix2-json-schemas/examples'), join(examples, 'cti-stix2-json-schemas/examples/threat-reports'), join(examples, 'cti-documentation/examples/example_json')];
    let n = 0;
    const problems: string[] = [];
    for (const d of dirs) {
      for (const f of readdirSync(d).filter((x) => x.endsWith('.json'))) {
        const doc = JSON.parse(readFileSync(join(d, f), 'utf8')) as { type?: string; spec_version?: string };
        if (doc.type !== 'bundle' || doc.spec_version !== undefined) continue; // 2.0 bundles carry spec_version
        n++;
        problems.push(...checkStructure(doc).map((p) => `${f}: ${p.object} ${p.path} ${p.message}`));
      }
    }
    expect(n).toBeGreaterThanOrEqual(18);
    expect(problems).toEqual([]);
  });

  it('finds dangling refs, bad ids, timestamps out of order, missing properties', () => {
    const t = '2026-12-07T12:00:00.000Z';
    const bad = {
      type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects: [
        { type: 'indicator', spec_version: '2.1', id: 'indicator--5d0092c5-5f74-4287-9642-33f4c354e56d', created: t, modified: '2026-12-06T12:00:00Z', pattern: "[ipv4-addr:value = '198.51.100.1']", pattern_type: 'stix', valid_from: t, valid_until: t },
        { type: 'sighting', spec_version: '2.1', id: 'sighting--xyz', created: t, modified: t, sighting_of_ref: 'indicator--00000000-0000-4000-8000-000000000000', count: -1 },
        { type: 'report', spec_version: '2.0', id: 'report--5d0092c5-5f74-4287-9642-33f4c354e56d', created: '2026-12-07 12:00', modified: t, published: t },
      ],
    };
    const msgs = checkStructure(bad, { closed: true }).map((p) => `${p.object.split('--')[0]} ${p.path}`);
    expect(msgs).toEqual(expect.arrayContaining(['indicator /modified', 'indicator /valid_until', 'sighting /id', 'sighting /count', 'sighting /sighting_of_ref', 'report /spec_version', 'report /created', 'report /object_refs']));
    expect(checkStructure(bad).some((p) => p.message.includes('not in the bundle'))).toBe(false);
  });
});
