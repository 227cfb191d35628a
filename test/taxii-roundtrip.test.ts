import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WardEvent } from '../src/core/event.js';
import { IntelMatcher } from '../src/detect/intel-match/matcher.js';
import { exportBundle } from '../src/intel/export.js';
import { FeedRegistry } from '../src/intel/feeds/registry.js';
import { updateFeed } from '../src/intel/feeds/update.js';
import { importPath } from '../src/intel/importers/run.js';
import type { IntelStore } from '../src/intel/store/intel-store.js';
import { StixValidator } from '../src/intel/stix/validate.js';
import { DATA, TOKEN } from './helpers.js';
import { basic, startInstance, type Instance } from './taxii-instance.js';

/**
 * The round trip of issue 20: instance A imports real feeds (IPsum, OASIS STIX examples), exports
 * them and publishes the bundle to its TAXII collection over HTTP; instance B polls that collection
 * with `intel update`'s code and must end with the same objects and the same matches. Two servers,
 * started once for the suite.
 */
const IPSUM = join(DATA, 'intel/feeds/ipsum/ipsum.txt');
const EXAMPLES = join(DATA, 'intel/stix-taxii-examples/cti-documentation/examples/example_json');
const HAVE = existsSync(IPSUM) && existsSync(EXAMPLES);
if (!HAVE) console.warn(`skipping the TAXII round trip: ${IPSUM} or ${EXAMPLES} absent (see ../shared/data/README.md)`);
const TAXII = 'application/taxii+json;version=2.1';

const keysOf = (s: IntelStore) => [...s.keys(Date.now())].map((k) => `${k.kind}|${k.value}|${k.subdomains ? 1 : 0}`).sort();

/** An event carrying a value where the matcher looks for its kind. */
function eventFor(kind: string, value: string, alg?: string): WardEvent {
  const e: Record<string, unknown> = { '@timestamp': '2026-12-07T10:00:00.000Z', event: { kind: 'event' } };
  if (kind === 'ip') e.source = { ip: value };
  else if (kind === 'domain') e.dns = { question: { name: value } };
  else if (kind === 'url') e.url = { full: value };
  else if (kind === 'hash') e.file = { hash: { [(alg ?? 'SHA-256').toLowerCase().replace('-', '')]: value } };
  else if (kind === 'email') e.email = { from: { address: value } };
  return e as unknown as WardEvent;
}

describe.skipIf(!HAVE)('TAXII round trip: A exports and serves, B polls', () => {
  let a: Instance;
  let b: Instance;
  let validator: StixValidator;
  let outbox: string;

  const publish = async (objects: unknown[]) => {
    for (let i = 0; i < objects.length; i += 500) {
      const r = await a.send('POST', `/taxii2/wardwatch/collections/${outbox}/objects/`, { ...basic(TOKEN), 'content-type': TAXII }, JSON.stringify({ objects: objects.slice(i, i + 500) }));
      expect(r.status, r.body.slice(0, 300)).toBe(202);
      expect((r.json() as { failure_count: number }).failure_count, r.body.slice(0, 500)).toBe(0);
    }
  };
  const feed = () => new FeedRegistry(b.intel).get('peer-a')!;
  const poll = async (env: Record<string, string>, force = false) => updateFeed(b.intel, new FeedRegistry(b.intel), feed(), { dataDir: b.dir, env, validator, force });

  beforeAll(async () => {
    [a, b] = await Promise.all([startInstance(), startInstance()]);
    validator = StixValidator.load();
    const slice = join(a.dir, 'ipsum-slice.txt');
    writeFileSync(slice, readFileSync(IPSUM, 'utf8').split('\n').slice(0, 1_600).join('\n'));
    importPath(a.intel, slice, { source: 'ipsum', ttlDays: 7 });
    for (const f of ['indicator-for-malicious-url.json', 'malware-indicator-for-file-hash.json', 'sighting-of-an-indicator.json']) importPath(a.intel, join(EXAMPLES, f), { validator });
    outbox = a.taxii.createCollection({ alias: 'outbox', title: 'Indicators we share', import: false }).id;
    new FeedRegistry(b.intel).add({ name: 'peer-a', kind: 'taxii', url: `${a.url}/taxii2/wardwatch/`, collection: outbox, user: 'hospital-b', secretEnv: 'PEER_A_TOKEN' });
  }, 120_000);
  afterAll(async () => { await Promise.all([a?.close(), b?.close()]); });

  it('B ends with the objects A published and the same matches', async () => {
    const { bundle } = exportBundle(a.intel, { now: Date.now(), maxTlp: 'amber' });
    expect(validator.validateBundle(bundle)).toEqual([]);
    expect(bundle.objects.length).toBeGreaterThan(1_500);
    await publish(bundle.objects);

    const r = await poll({ PEER_A_TOKEN: a.peerToken });
    expect(r.outcome, r.message).toBe('updated');
    expect(r.received).toBe(bundle.objects.length);
    expect(r.problems).toBe(0);
    // More than one page (1,000 a page): the client followed `next`.
    expect(bundle.objects.length).toBeGreaterThan(1_000);

    const inA = a.taxii.documents(a.taxii.query(outbox, { limit: 1e6, versions: [{ kind: 'all' }] }).entries);
    const inB = (b.intel.db.prepare("SELECT doc FROM stix_objects WHERE source = 'taxii:peer-a'").pluck().all() as string[]).map((d) => JSON.parse(d) as { id: string });
    const byId = (l: Array<{ id: string }>) => [...l].sort((x, y) => x.id.localeCompare(y.id));
    expect(byId(inB)).toEqual(byId(inA as Array<{ id: string }>));
    expect(byId(inB)).toEqual(byId(bundle.objects));

    expect(keysOf(b.intel)).toEqual(keysOf(a.intel));
    const ma = IntelMatcher.build(a.intel.keys(Date.now()));
    const mb = IntelMatcher.build(b.intel.keys(Date.now()));
    const events = [...a.intel.active(Date.now())].map((i) => eventFor(i.kind, i.value, i.alg));
    events.push(eventFor('ip', '192.0.2.1'), eventFor('domain', 'example.org'));
    const hits = (m: IntelMatcher) => events.map((e) => m.match(e).map((h) => `${h.field}=${h.listed}`).sort().join(','));
    const ha = hits(ma);
    expect(ha.filter(Boolean).length).toBeGreaterThan(1_500);
    expect(hits(mb)).toEqual(ha);
  }, 120_000);

  it('polls only what was added since (added_after), and keeps the last good data when A refuses', async () => {
    const before = feed().state.addedAfter;
    expect(before).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    const extra = {
      type: 'indicator', spec_version: '2.1', id: 'indicator--5d0092c5-5f74-4287-9642-33f4c354e56d', created: '2026-12-07T09:00:00.000Z', modified: '2026-12-07T09:00:00.000Z',
      name: 'C2 seen at hospital A', pattern: "[ipv4-addr:value = '198.51.100.99']", pattern_type: 'stix', valid_from: '2026-12-07T09:00:00.000Z', indicator_types: ['malicious-activity'],
    };
    await publish([extra]);
    const r = await poll({ PEER_A_TOKEN: a.peerToken });
    expect(r).toMatchObject({ outcome: 'updated', received: 1, loaded: 1 });
    expect(b.intel.byValue('ip', '198.51.100.99').map((i) => i.source)).toEqual(['taxii:peer-a']);
    expect(feed().state.addedAfter! > before!).toBe(true);
    expect((await poll({ PEER_A_TOKEN: a.peerToken })).outcome).toBe('unchanged');

    const count = keysOf(b.intel).length;
    const failed = await poll({ PEER_A_TOKEN: 'ww_wrong-token-0000000000000000' });
    expect(failed.outcome).toBe('failed');
    expect(failed.message).toContain('401');
    expect(failed.message).toContain('keeping what the last good update');
    expect(keysOf(b.intel).length).toBe(count);
    expect(feed().state).toMatchObject({ failures: 1, lastError: expect.stringContaining('401') });
    expect((await poll({ PEER_A_TOKEN: a.peerToken })).outcome).toBe('waiting');
    expect((await poll({ PEER_A_TOKEN: a.peerToken }, true)).outcome).toBe('unchanged');
    expect(feed().state.failures).toBe(0);
    const missing = await poll({}, true);
    expect(missing.message).toContain('PEER_A_TOKEN');
  }, 60_000);

  it('a URL feed that stops answering keeps its last good copy and says so', async () => {
    let up = true;
    const text = readFileSync(IPSUM, 'utf8').split('\n').slice(0, 200).join('\n');
    const server = http.createServer((_req, res) => {
      if (!up) {
        res.writeHead(503).end('down');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end(text);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const reg = new FeedRegistry(b.intel);
      reg.add({ name: 'ipsum-url', kind: 'url', url: `http://127.0.0.1:${port}/ipsum.txt`, format: 'plain', ttlDays: 7 });
      const ok = await updateFeed(b.intel, reg, reg.get('ipsum-url')!, { dataDir: b.dir });
      expect(ok.outcome, ok.message).toBe('updated');
      expect(ok.loaded).toBeGreaterThan(150);
      expect(existsSync(join(b.dir, 'feeds', 'ipsum-url.txt'))).toBe(true);
      up = false;
      const bad = await updateFeed(b.intel, reg, reg.get('ipsum-url')!, { dataDir: b.dir });
      expect(bad.outcome).toBe('failed');
      expect(bad.message).toContain('503');
      expect(bad.message).toContain('keeping what the last good update');
      expect(readFileSync(join(b.dir, 'feeds', 'ipsum-url.txt'), 'utf8')).toBe(text);
      expect(b.intel.stats(Date.now()).bySource.find((s) => s.source === 'ipsum-url')!.indicators).toBe(ok.loaded);
    } finally {
      server.close();
    }
  });
});
