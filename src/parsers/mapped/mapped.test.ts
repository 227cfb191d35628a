import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError, WardError } from '../../core/errors.js';
import { defineMappedParser, mappedParser, readTimestamp } from './index.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
const REF = Date.UTC(2026, 0, 5, 12);
const rec = (data: string, offset = 1) => ({ data, source: 'file:/data/badges.ndjson', offset, receivedAt: REF });
const build = (cfg: unknown) => mappedParser.build(mappedParser.config.parse(cfg), { dataDir: '/tmp' });

/** A door access-control export, as a site would configure it (docs/formats/mapped.md). */
const BADGES = {
  mappings: {
    'user.name': 'badge.holder',
    'user.id': { path: 'badge.number', type: 'string', required: true },
    'event.outcome': { path: 'result', type: 'string' },
    'observer.ip': { path: 'reader_ip', type: 'ip' },
    'labels.door_id': 'door.id',
    'labels.zone': 'door.zone',
    'wardwatch.attempts': { path: 'attempts', type: 'integer', default: 1 },
    tags: { path: 'tags', type: 'keyword_list' },
  },
  timestamp: { path: 'ts', format: 'iso', timezone: 'Europe/Berlin' },
  static: { 'event.action': 'badge_access', 'observer.type': 'access-control', 'observer.vendor': 'Acme Doors' },
  category: ['authentication'],
  dataset: 'badge.access',
};

describe('mapped parser', () => {
  it('maps the badge fixture (golden)', () => {
    const p = build(BADGES);
    const lines = fixture('badge-access.ndjson').trim().split('\n');
    const events = lines.map((l, i) => p.parse(rec(l, i + 1))[0]!);
    expect(events[0]).toEqual({
      '@timestamp': '2026-01-05T06:58:12.431Z',
      event: { kind: 'event', module: 'mapped', dataset: 'badge.access', category: ['authentication'], action: 'badge_access', outcome: 'GRANTED' },
      observer: { type: 'access-control', vendor: 'Acme Doors', ip: '10.20.4.17' },
      user: { name: 'nurse.kim', id: '0041823' },
      labels: { door_id: 'D-ICU-02', zone: 'ICU' },
      wardwatch: { attempts: 1 },
      raw: JSON.parse(lines[0]!),
    });
    expect(events[1]).toMatchObject({ user: { name: 'porter.lee' }, wardwatch: { attempts: 3 } });
    // A zone-less time is read in the configured zone (08:15 Berlin = 07:15Z).
    expect(events[2]).toMatchObject({ '@timestamp': '2026-01-05T07:15:00.000Z', tags: ['after-hours', 'override'] });
    expect(events[3]!.user).toEqual({ id: '0099999' });
    expect(events[3]).toMatchObject({ wardwatch: { attempts: 1 } });
  });

  it('reads a JSON array (one event per element) with epoch timestamps and flat keys', () => {
    const p = build({
      mappings: { 'device.serial_number': 'Device.Serial', 'device.model.name': 'Device.Model', 'user.name': 'User', 'event.action': 'Event', 'device.metrics.rate_ml_h': { path: 'Rate', type: 'number' } },
      timestamp: { path: 'epoch', format: 'epoch_ms' },
      keepRaw: false,
    });
    const out = p.parse(rec(fixture('pump-events.json')));
    expect(out).toHaveLength(2);
    expect(out[0]).toEqual({
      '@timestamp': '2026-01-05T08:00:00.123Z',
      event: { kind: 'event', module: 'mapped', action: 'LIBRARY_OVERRIDE' },
      device: { serial_number: 'AP-55-0192', model: { name: 'Alaris 8015' }, metrics: { rate_ml_h: 12.5 } },
      user: { name: 'rn.ortiz' },
    });
    expect(build({ mappings: { 'user.name': 'a.b' } }).parse(rec('{"a.b":"flat"}'))[0]!.user).toEqual({ name: 'flat' });
  });

  it('dead-letters bad records naming the field, the path and the value', () => {
    const p = build(BADGES);
    expect(() => p.parse(rec('{"ts":"2026-01-05T08:00:00Z","badge":{"number":"1"},"reader_ip":"10.0.0.999"}', 4))).toThrow(
      new ParseError('field "observer.ip" from "reader_ip": expected an IP address, got "10.0.0.999"', 'file:/data/badges.ndjson:4'),
    );
    expect(() => p.parse(rec('{"ts":"2026-01-05T08:00:00Z"}'))).toThrow('required field "user.id" missing: no value at "badge.number"');
    expect(() => p.parse(rec('{"badge":{"number":"1"}}'))).toThrow('timestamp missing: no value at "ts"');
    expect(() => p.parse(rec('{"ts":"yesterday","badge":{"number":"1"}}'))).toThrow('@timestamp from "ts": expected an ISO 8601 date-time, got "yesterday"');
    expect(() => p.parse(rec('{"ts":"2026-01-05T08:00:00Z","badge":{"number":"1"},"attempts":"many"}'))).toThrow('field "wardwatch.attempts" from "attempts": expected an integer, got "many"');
    expect(() => p.parse(rec('{"ts":'))).toThrow(/^file:\/data\/badges.ndjson:1: not JSON: /);
    expect(() => p.parse(rec('42'))).toThrow('expected a JSON object (or an array of objects), got number');
    expect(() => p.parse(rec('[1]'))).toThrow('element 0 of the JSON array is not an object');
  });

  it('falls back to the receive time when configured to', () => {
    const p = build({ ...BADGES, timestamp: { path: 'ts', onMissing: 'received' } });
    expect(p.parse(rec('{"badge":{"number":"1"}}'))[0]!['@timestamp']).toBe(new Date(REF).toISOString());
    expect(build({ mappings: { 'user.name': 'u' } }).parse(rec('{"u":"x"}'))[0]!['@timestamp']).toBe(new Date(REF).toISOString());
  });

  it('rejects a bad mapping at config load, with the key path', () => {
    const issue = (cfg: unknown) => {
      const r = mappedParser.config.safeParse(cfg);
      expect(r.success).toBe(false);
      return r.success ? undefined : { path: r.error.issues[0]!.path, message: r.error.issues[0]!.message };
    };
    expect(issue({ mappings: { 'user..name': 'a' } })).toEqual({ path: ['mappings', 'user..name'], message: 'expected a dotted ECS field path like "user.name"' });
    expect(issue({ mappings: { 'user.name': { path: 'a', type: 'uuid' } } })?.path).toEqual(['mappings', 'user.name']);
    expect(issue({ mappings: { 'user.name': 'a b' } })?.path).toEqual(['mappings', 'user.name']);
    expect(issue({ mappings: { '__proto__.x': 'a' } })?.message).toMatch(/__proto__/);
    expect(issue({ mappings: { '@timestamp': 'a' } })?.message).toMatch(/set by the runtime or by "timestamp:"/);
    expect(issue({ mappings: { user: 'a', 'user.name': 'b' } })).toEqual({ path: ['mappings', 'user.name'], message: 'conflicts with "user" (a field cannot also be an object)' });
    expect(issue({ mappings: { 'user.name': 'a' }, timestamp: { path: 't', format: 'epoch_min' } })?.path).toEqual(['timestamp', 'format']);
    expect(issue({ mappings: { 'user.name': 'a' }, timestamp: { path: 't', timezone: 'Mars/Base' } })?.path).toEqual(['timestamp', 'timezone']);
    expect(issue({ mappings: { 'user.name': 'a' }, category: ['badge'] })?.path).toEqual(['category', 0]);
    expect(issue({ mappings: {}, extra: 1 })?.path).toEqual([]);
    expect(() => build({})).toThrow(WardError);
  });

  it('can be defined under another name for a second mapping', () => {
    const def = defineMappedParser('badge-access');
    const p = def.build(def.config.parse({ mappings: { 'user.name': 'u' } }), { dataDir: '/tmp' });
    expect(def.name).toBe('badge-access');
    expect(p.name).toBe('badge-access');
    expect(p.parse(rec('{"u":"x"}'))[0]!.event.module).toBe('badge-access');
    expect(() => def.build(def.config.parse({}), { dataDir: '/tmp' })).toThrow('parsers.badge-access.mappings: the badge-access parser needs at least one entry');
  });

  it('reads timestamps in every format', () => {
    const utc = (l: number) => l;
    expect(readTimestamp(1767607200, 'auto', utc)).toBe('2026-01-05T10:00:00.000Z');
    expect(readTimestamp('1767607200123', 'auto', utc)).toBe('2026-01-05T10:00:00.123Z');
    expect(readTimestamp(1767607200123456, 'auto', utc)).toBe('2026-01-05T10:00:00.123Z');
    expect(readTimestamp('1767607200.5', 'epoch_s', utc)).toBe('2026-01-05T10:00:00.500Z');
    expect(readTimestamp(1767607200123456789, 'epoch_ns', utc)).toBe('2026-01-05T10:00:00.123Z');
    expect(() => readTimestamp('abc', 'epoch_ms', utc)).toThrow('expected an epoch number (epoch_ms), got "abc"');
  });

  it('yields events or a ParseError for random and truncated input', () => {
    const p = build(BADGES);
    const lines = fixture('badge-access.ndjson').trim().split('\n');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 100 }), fc.json(), fc.tuple(fc.constantFrom(...lines), fc.nat()).map(([l, n]) => l.slice(0, n % (l.length + 1))),
        fc.record({ ts: fc.oneof(fc.string(), fc.integer(), fc.constant('2026-01-05T00:00:00Z')), badge: fc.record({ number: fc.oneof(fc.string(), fc.integer()) }), reader_ip: fc.oneof(fc.ipV4(), fc.string()), attempts: fc.anything() }).map((o) => JSON.stringify(o))), (data) => {
        try {
          const out = p.parse(rec(data));
          for (const e of out) expect(Number.isNaN(Date.parse(e['@timestamp']))).toBe(false);
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
