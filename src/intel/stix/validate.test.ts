import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoId, sdoId, uuidv5 } from './ids.js';
import { tlpMarking, strictestTlp } from './tlp.js';
import { DEFAULT_SCHEMA_DIR, StixValidator } from './validate.js';

const EXAMPLES = join(DEFAULT_SCHEMA_DIR, '../../');
const have = existsSync(DEFAULT_SCHEMA_DIR);
if (!have) console.warn(`STIX schema tests skipped: ${DEFAULT_SCHEMA_DIR} not found (the shared data set lives in ../shared/data beside the project)`);

const exampleFiles = (): string[] => {
  const dirs = [join(EXAMPLES, 'cti-stix2-json-schemas/examples'), join(EXAMPLES, 'cti-stix2-json-schemas/examples/threat-reports'), join(EXAMPLES, 'cti-documentation/examples/example_json')];
  return dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.json')).map((f) => join(d, f)));
};

describe.skipIf(!have)('STIX 2.1 schema validation', () => {
  let v: StixValidator;
  beforeAll(() => {
    v = StixValidator.load();
  });

  it('resolves the $ref tree: a schema for every SDO, SRO and SCO type plus the bundle', () => {
    expect(v.hasBundleSchema()).toBe(true);
    for (const t of ['indicator', 'sighting', 'observed-data', 'attack-pattern', 'incident', 'identity', 'relationship', 'marking-definition', 'ipv4-addr', 'file', 'url']) expect(v.types()).toContain(t);
  });

  it('accepts every STIX 2.1 object of the official examples', () => {
    let n = 0;
    for (const f of exampleFiles()) {
      const b = JSON.parse(readFileSync(f, 'utf8')) as { objects?: Array<{ spec_version?: string }>; spec_version?: string };
      // Two objects in apt1/poisonivy are STIX 2.0 marking definitions without spec_version: the 2.1 schema is not theirs.
      const objs = (b.objects ?? [b]).filter((o) => o.spec_version === '2.1');
      for (const o of objs) expect(v.validate(o), `${f}`).toEqual([]);
      n += objs.length;
    }
    expect(n).toBeGreaterThan(500);
  });

  it('names the object id and the field path of a broken object', () => {
    const good = { type: 'indicator', spec_version: '2.1', id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', created: '2016-04-06T20:03:48.000Z', modified: '2016-04-06T20:03:48.000Z', pattern: "[ipv4-addr:value = '198.51.100.3']", pattern_type: 'stix', valid_from: '2016-01-01T00:00:00Z' };
    expect(v.validate(good)).toEqual([]);
    const p = v.validate({ ...good, valid_from: 'yesterday', pattern_type: 42 });
    expect(p).toContainEqual(expect.objectContaining({ object: good.id, path: '/valid_from' }));
    expect(p).toContainEqual(expect.objectContaining({ object: good.id, path: '/pattern_type' }));
    const { pattern: _omit, ...noPattern } = good;
    expect(v.validate(noPattern)).toContainEqual({ object: good.id, path: '/pattern', message: 'is required' });
    const bad = v.validateBundle({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects: [good, { ...good, id: 'indicator--nope' }] });
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.every((x) => x.object === 'indicator--nope')).toBe(true);
  });

  it('produces valid TLP 2.0 markings and deterministic ids', () => {
    for (const l of ['clear', 'green', 'amber', 'amber+strict', 'red'] as const) expect(v.validate(tlpMarking(l))).toEqual([]);
    expect(v.validate({ type: 'ipv4-addr', spec_version: '2.1', id: scoId({ type: 'ipv4-addr', value: '198.51.100.3' }), value: '198.51.100.3' })).toEqual([]);
    expect(v.validate({ type: 'incident', spec_version: '2.1', id: sdoId('incident', 'x'), created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', name: 'x' })).toEqual([]);
  });
});

describe('ids and TLP', () => {
  it('computes RFC 4122 v5 uuids (RFC test vector) and STIX SCO ids', () => {
    expect(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(scoId({ type: 'ipv4-addr', value: '1.2.3.4' })).toBe(scoId({ type: 'ipv4-addr', value: '1.2.3.4', resolves_to_refs: [] }));
    expect(scoId({ type: 'ipv4-addr', value: '1.2.3.4' })).not.toBe(scoId({ type: 'ipv4-addr', value: '1.2.3.5' }));
    // Only the preferred hash contributes: adding a SHA-1 next to a SHA-256 keeps the id.
    expect(scoId({ type: 'file', hashes: { 'SHA-256': 'ab' } })).toBe(scoId({ type: 'file', hashes: { 'SHA-256': 'ab', 'SHA-512': 'cd' } }));
    expect(sdoId('indicator', 'ipsum|1.2.3.4')).toBe(sdoId('indicator', 'ipsum|1.2.3.4'));
    expect(sdoId('indicator', 'ipsum|1.2.3.4')).toMatch(/^indicator--[0-9a-f-]{36}$/);
  });
  it('finds the strictest TLP of an object (2.0 and 1.0 ids)', () => {
    expect(strictestTlp([tlpMarking('green').id, 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed'])).toBe('red');
    expect(strictestTlp([])).toBeUndefined();
  });
});
