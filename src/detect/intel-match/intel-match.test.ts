import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WardEvent } from '../../core/event.js';
import { importPath } from '../../intel/importers/run.js';
import { IntelStore } from '../../intel/store/intel-store.js';
import { runDetector } from '../testing.js';
import { IntelMatchDetector, intelMatchDetector } from './detector.js';

let dir: string;
const IMPORTED = Date.parse('2026-12-07T08:00:00Z');
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ww-intelmatch-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function load(name: string, text: string, now = IMPORTED): void {
  const f = join(dir, name);
  writeFileSync(f, text);
  const s = IntelStore.open(dir);
  importPath(s, f, { now, ttlDays: 30 });
  s.close();
}

let n = 0;
const ev = (fields: Partial<WardEvent>, t = '2026-12-07T10:00:00.000Z'): WardEvent => ({ '@timestamp': t, event: { id: `ev${++n}`, category: ['network'] }, ...fields }) as WardEvent;

describe('intel.match', () => {
  it('matches addresses, networks, domains and subdomains, URLs, hashes and senders, and explains each', () => {
    load('ipsum.txt', '# IPsum\n203.0.113.7\t5\n2001:db8::bad\t3\n');
    load('nets.txt', '198.51.100.0/24\n');
    load('bad-domains.txt', 'evil.example\n');
    load('iocs.csv', `value,confidence,description\nhttp://evil.example/drop.exe,90,dropper URL\n${'ab'.repeat(32)},90,Conti loader\nceo@fraud.example,70,BEC sender\n`);
    const det = intelMatchDetector.build(intelMatchDetector.config.parse({}), { name: 'intel', dataDir: dir });
    const alerts = runDetector(det, [
      ev({ source: { ip: '203.0.113.7' }, destination: { ip: '10.0.0.5' } }),
      ev({ destination: { ip: '2001:DB8:0::BAD' } }),
      ev({ destination: { ip: '198.51.100.77' } }),
      ev({ dns: { question: { name: 'cdn.Evil.Example.' } } } as Partial<WardEvent>),
      ev({ url: { full: 'HTTP://other.example/drop.exe' } }),
      ev({ url: { full: 'http://evil.example/drop.exe', domain: 'evil.example' } }),
      ev({ file: { hash: { sha256: 'AB'.repeat(32) } } }),
      ev({ email: { from: { address: ['CEO@fraud.example'] } } }),
      ev({ source: { ip: '192.0.2.1' }, destination: { ip: '10.0.0.9' } }),
    ]);
    const text = alerts.map((a) => a.explanation.text);
    expect(text[0]).toBe('203.0.113.7 (source.ip) is on IPsum level 5 (listed by 5 blocklists), imported 2026-12-07 from feed ipsum, confidence 50, valid until 2027-01-06: 203.0.113.7 listed in ipsum (IPsum level 5 (listed by 5 blocklists)) (source confidence 50/100).');
    expect(alerts[0]).toMatchObject({ title: 'Known-bad address 203.0.113.7 seen (threat intel)', severity: 'medium', entities: [{ type: 'ip', id: '203.0.113.7' }] });
    expect(text[1]).toMatch(/^2001:db8::bad \(destination.ip\) is on IPsum level 3/);
    expect(text[2]).toMatch(/^198.51.100.77 \(destination.ip\) is under 198.51.100.0\/24, which is on blocklist nets/);
    expect(text[3]).toMatch(/^cdn.evil.example \(dns.question.name\) is under evil.example, which is on blocklist bad-domains/);
    expect(text[4]).toMatch(/^evil.example \(url.domain\) is on blocklist bad-domains.*\. http:\/\/evil.example\/drop.exe \(url.full\) is on dropper URL/);
    expect(alerts[4]!.severity).toBe('high');
    expect(text[5]).toMatch(/^(ab){32} \(file.hash.sha256\) is on Conti loader/);
    expect(text[6]).toMatch(/^ceo@fraud.example \(email.from.address\) is on BEC sender/);
    expect(alerts).toHaveLength(7); // the URL on other.example and the clean event raise nothing
    const s = IntelStore.open(dir, { readonly: true });
    expect(s.sightings().length).toBeGreaterThanOrEqual(8);
    s.close();
  });

  it('alerts once per value per window, counting the rest as sightings', () => {
    load('list.txt', '203.0.113.9\n');
    const det = intelMatchDetector.build(intelMatchDetector.config.parse({ realertMinutes: 60 }), { name: 'intel', dataDir: dir });
    const alerts = runDetector(det, [
      ev({ source: { ip: '203.0.113.9' } }, '2026-12-07T10:00:00.000Z'),
      ev({ source: { ip: '203.0.113.9' } }, '2026-12-07T10:30:00.000Z'),
      ev({ source: { ip: '203.0.113.9' } }, '2026-12-07T11:01:00.000Z'),
    ]);
    expect(alerts).toHaveLength(2);
    const s = IntelStore.open(dir, { readonly: true });
    expect(s.sightings()[0]).toMatchObject({ observed: '203.0.113.9', field: 'source.ip', count: 3 });
    s.close();
  });

  it('picks up a new import after its refresh interval, and ignores expired indicators', () => {
    let clock = Date.parse('2026-12-07T10:00:00Z');
    const det = new IntelMatchDetector(intelMatchDetector.config.parse({ refreshSeconds: 60 }), 'intel', dir, () => clock);
    expect(det.accepts(ev({ source: { ip: '203.0.113.10' } }))).toBe(false); // no intel.db yet
    load('list.txt', '203.0.113.10\n');
    clock += 61_000;
    expect(det.accepts(ev({ source: { ip: '203.0.113.10' } }))).toBe(true);
    load('old.txt', '203.0.113.11\n', Date.parse('2026-10-01T00:00:00Z')); // 30-day TTL: expired by now
    clock += 61_000;
    expect(det.accepts(ev({ source: { ip: '203.0.113.11' } }))).toBe(false);
  });
});
