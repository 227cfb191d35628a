import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IntelStore } from '../store/intel-store.js';
import { DEFAULT_SCHEMA_DIR, StixValidator } from '../stix/validate.js';
import { classifyValue } from './classify.js';
import { importPath } from './run.js';
import { WarningLists } from './warninglists.js';

const INTEL = resolve(DEFAULT_SCHEMA_DIR, '../../../');
const have = existsSync(join(INTEL, 'feeds/ipsum/ipsum.txt')) && existsSync(DEFAULT_SCHEMA_DIR);
if (!have) console.warn(`intel importer tests on shared feeds skipped: ${INTEL} not found (the shared data set lives in ../shared/data beside the project)`);

let dir: string;
let store: IntelStore;
const NOW = Date.parse('2026-12-07T12:00:00Z');
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ww-intel-'));
  store = IntelStore.open(join(dir, 'data'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const wl = WarningLists.from([
  { id: 'public-dns-v4', name: 'DNS', type: 'cidr', list: ['8.8.8.8/32', '1.1.1.1'], matching_attributes: ['ip-src', 'ip-dst'] },
  { id: 'top', name: 'top', type: 'hostname', list: ['google.com'], matching_attributes: ['domain', 'hostname', 'url'] },
  { id: 'empty-hashes', name: 'h', type: 'string', list: ['d41d8cd98f00b204e9800998ecf8427e'], matching_attributes: ['md5'] },
]);

describe('classify', () => {
  it('recognises each kind of bare value', () => {
    expect(classifyValue('203.0.113.7')).toEqual({ kind: 'ip', value: '203.0.113.7' });
    expect(classifyValue('2001:DB8::/32')).toEqual({ kind: 'cidr', value: '2001:db8::/32' });
    expect(classifyValue('Evil.Example.')).toEqual({ kind: 'domain', value: 'evil.example', subdomains: true });
    expect(classifyValue('https://evil.example/x')).toEqual({ kind: 'url', value: 'https://evil.example/x' });
    expect(classifyValue('D41D8CD98F00B204E9800998ECF8427E')).toEqual({ kind: 'hash', value: 'd41d8cd98f00b204e9800998ecf8427e', alg: 'MD5' });
    expect(classifyValue('a@b.example')).toEqual({ kind: 'email', value: 'a@b.example' });
    expect(classifyValue('not a thing')).toBeUndefined();
    expect(classifyValue('999.1.1.1')).toBeUndefined();
  });
});

describe('importers', () => {
  it('keeps the database private (0600) and counts warning-listed, expired and bad lines', () => {
    const f = join(dir, 'list.txt');
    writeFileSync(f, '# my list\n203.0.113.7\n8.8.8.8\nmail.google.com\nevil.example\nnot a value!\n');
    const [r] = importPath(store, f, { warningLists: wl, now: NOW });
    expect(statSync(IntelStore.file(join(dir, 'data'))).mode & 0o777).toBe(0o600);
    expect(r).toMatchObject({ format: 'plain', source: 'list', loaded: 2, warningListed: 2, byWarningList: { 'public-dns-v4': 1, top: 1 } });
    expect(r!.problems).toEqual([{ object: 'line 6', path: 'value', message: expect.stringContaining('not an IP') }]);
    expect([...store.active(NOW)].map((i) => i.value).sort()).toEqual(['203.0.113.7', 'evil.example']);
    expect([...store.active(NOW + 8 * 86_400_000)]).toEqual([]); // default 7-day expiry of blocklists
    expect(store.version()).toBe(1);
  });

  it('reads CSV with dates and confidence, reporting bad rows by line and column', () => {
    const f = join(dir, 'iocs.csv');
    writeFileSync(f, 'indicator,confidence,valid_until,description\n198.51.100.9,80,2027-01-01T00:00:00Z,"C2, seen in phishing"\nbad value,10,,\n198.51.100.10,80,tomorrow,x\nevil.example,500,,x\nold.example,50,2020-01-01T00:00:00Z,x\n');
    const [r] = importPath(store, f, { now: NOW });
    expect(r).toMatchObject({ format: 'csv', loaded: 1, expired: 1 });
    expect(r!.problems.map((p) => `${p.object} ${p.path}`)).toEqual(['line 3 indicator', 'line 4 valid_until', 'line 5 confidence']);
    const [i] = store.byValue('ip', '198.51.100.9');
    expect(i).toMatchObject({ confidence: 80, name: 'C2, seen in phishing', validUntil: Date.parse('2027-01-01T00:00:00Z') });
  });

  it('reads MISP events: to_ids attributes only, warning lists applied, TLP and confidence from the event', () => {
    const f = join(dir, 'event.json');
    writeFileSync(f, JSON.stringify({ Event: { uuid: '5f1a', info: 'Ransomware C2', threat_level_id: '1', date: '2026-12-01', Orgc: { name: 'Health-ISAC' }, Tag: [{ name: 'tlp:amber' }],
      Attribute: [
        { uuid: 'a1', type: 'ip-dst', value: '192.0.2.44', to_ids: true },
        { uuid: 'a2', type: 'ip-dst', value: '8.8.8.8', to_ids: true },
        { uuid: 'a3', type: 'domain', value: 'c2.evil.example', to_ids: false },
        { uuid: 'a4', type: 'md5', value: 'nothex', to_ids: true },
        { uuid: 'a5', type: 'regkey', value: 'HKLM\\x', to_ids: true },
      ],
      Object: [{ name: 'file', Attribute: [{ uuid: 'a6', type: 'sha256', value: 'A'.repeat(64), to_ids: true }, { uuid: 'a7', type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e', to_ids: true }] }] } }));
    const [r] = importPath(store, f, { warningLists: wl, now: NOW });
    expect(r).toMatchObject({ format: 'misp', loaded: 2, warningListed: 2, notForDetection: 1 });
    expect(r!.problems).toEqual([{ object: 'a4', path: 'value', message: expect.stringContaining('not a valid md5') }]);
    expect(store.byValue('ip', '192.0.2.44')[0]).toMatchObject({ tlp: 'amber', confidence: 90, name: 'MISP event "Ransomware C2" by Health-ISAC', validFrom: Date.parse('2026-12-01') });
    expect(store.byValue('hash', 'a'.repeat(64))).toHaveLength(1);
  });

  it('writes nothing of a file it cannot parse, and goes on with the next', () => {
    writeFileSync(join(dir, 'a-broken.json'), '{"type": "bundle", "objects": [');
    writeFileSync(join(dir, 'b-good.txt'), '203.0.113.8\n');
    const reports = importPath(store, dir, { now: NOW });
    expect(reports.map((r) => [r.source, r.loaded, !!r.failed])).toEqual([['a-broken', 0, true], ['b-good', 1, false]]);
    expect(reports[0]!.failed).toMatch(/cannot read .*a-broken\.json as stix/);
    expect(store.stats(NOW)).toMatchObject({ indicators: 1, objects: 0 });
  });
});

describe.skipIf(!have)('importers on the shared feeds', () => {
  it('loads IPsum (120k addresses) with the MISP warning lists as a false-positive filter', () => {
    const lists = WarningLists.load(join(INTEL, 'misp-warninglists/lists'));
    expect(lists.size).toBeGreaterThan(100);
    expect(lists.check({ kind: 'ip', value: '8.8.8.8' })).toBe('public-dns-v4');
    const [r] = importPath(store, join(INTEL, 'feeds/ipsum/ipsum.txt'), { warningLists: lists, now: NOW });
    expect(r!.problems).toEqual([]);
    expect(r!.loaded + r!.warningListed).toBe(120_430);
    // Scanner, cloud and VPN-exit ranges are on MISP warning lists: those addresses are noise, not compromise.
    expect(r!.byWarningList['vpn-ipv4']).toBeGreaterThan(1000);
    expect(r!.loaded).toBeGreaterThan(60_000);
    const top = readFileSync(join(INTEL, 'feeds/ipsum/ipsum.txt'), 'utf8').split('\n').find((l) => l && !l.startsWith('#'))!.split('\t');
    const [i] = store.byValue('ip', top[0]!);
    expect(i?.name).toBe(`IPsum level ${top[1]} (listed by ${top[1]} blocklists)`);
  }, 60_000);

  it('imports the official STIX 2.1 examples and the Unit 42 STIX 2.0 playbooks with ATT&CK links', () => {
    const validator = StixValidator.load();
    const [url] = importPath(store, join(INTEL, 'stix-taxii-examples/cti-documentation/examples/example_json/indicator-for-malicious-url.json'), { validator, now: NOW });
    expect(url).toMatchObject({ format: 'stix', loaded: 1, problems: [] });
    expect(store.byValue('url', 'http://x4z9arb.cn/4712')[0]?.stixId).toBe('indicator--d81f86b9-975b-4c0b-875e-810c5ad45a4f');
    const [u42] = importPath(store, join(INTEL, 'feeds/unit42-playbooks/playbook_json/conti-ransomware.json'), { validator, now: NOW });
    expect(u42!.problems).toEqual([]);
    expect(u42!.loaded).toBeGreaterThan(10);
    const linked = [...store.active(NOW)].filter((i) => i.source === 'conti-ransomware' && i.techniques?.length);
    expect(linked.length).toBeGreaterThan(0);
    expect(linked[0]!.techniques![0]).toMatch(/^T\d{4}/);
  });

  it('reports a bad object by id and field, an invalid pattern by id and /pattern, and loads the rest', () => {
    const validator = StixValidator.load();
    const base = { type: 'indicator', spec_version: '2.1', created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', pattern_type: 'stix', valid_from: '2026-01-01T00:00:00Z' };
    const f = join(dir, 'bundle.json');
    writeFileSync(f, JSON.stringify({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects: [
      { ...base, id: 'indicator--11111111-1111-4111-8111-111111111111', pattern: "[ipv4-addr:value = '192.0.2.1']" },
      { ...base, id: 'indicator--22222222-2222-4222-8222-222222222222', pattern: "[ipv4-addr:value = '192.0.2.2']", valid_from: 'soon' },
      { ...base, id: 'indicator--33333333-3333-4333-8333-333333333333', pattern: "[ipv4-addr:value = '192.0.2.3'" },
      { ...base, id: 'indicator--44444444-4444-4444-8444-444444444444', pattern: "[ipv4-addr:value = '192.0.2.4'] FOLLOWEDBY [domain-name:value = 'x.example']" },
    ] }));
    const [r] = importPath(store, f, { validator, now: NOW });
    expect(r).toMatchObject({ loaded: 1, objects: 2, compound: 1 });
    expect(r!.problems.map((p) => `${p.object} ${p.path}`)).toEqual(['indicator--22222222-2222-4222-8222-222222222222 /valid_from', 'indicator--33333333-3333-4333-8333-333333333333 /pattern']);
    expect(r!.problems[1]!.message).toMatch(/char \d+: expected '\]'/);
  });
});
