import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMicros } from '../src/intel/taxii/media.js';
import { DATA, TOKEN } from './helpers.js';
import { basic, startInstance, type Instance } from './taxii-instance.js';

/**
 * The TAXII 2.1 server against the state of OASIS medallion's test data (the shapes of the
 * specification's examples): collection "High Value Indicator Collection" with its 8 object
 * versions and their dates added, plus the requests and hostile requests a TAXII client sends.
 */
const MEDALLION = join(DATA, 'intel/stix-taxii-examples/cti-taxii-server/medallion/test/data/default_data.json');
const HAVE = existsSync(MEDALLION);
if (!HAVE) console.warn(`skipping TAXII server tests: ${MEDALLION} absent (see ../shared/data/README.md)`);

const COLL = '91a7b528-80eb-42ed-a74d-c6fbd5a26116';
const ROOT = '/taxii2/wardwatch/';
const OBJ = `${ROOT}collections/${COLL}/objects/`;
const TAXII = 'application/taxii+json;version=2.1';

type Manifest = { id: string; version: string; date_added: string; media_type: string };

describe.skipIf(!HAVE)('TAXII 2.1 server', () => {
  let a: Instance;
  let manifest: Manifest[];
  const get = async (path: string, headers: Record<string, string> = basic()) => a.send('GET', path, headers);

  beforeAll(async () => {
    a = await startInstance({ taxii: { maxContentLength: 64 * 1024 } });
    const data = JSON.parse(readFileSync(MEDALLION, 'utf8')) as { trustgroup1: { collections: Array<{ id: string; title: string; description?: string; objects: Array<Record<string, unknown>>; manifest: Manifest[] }> } };
    const c = data.trustgroup1.collections.find((x) => x.id === COLL)!;
    manifest = c.manifest;
    a.taxii.createCollection({ id: COLL, alias: 'high-value', title: c.title, description: c.description, import: true });
    a.taxii.createCollection({ alias: 'secret', title: 'Secret Indicators', readers: ['token:someone-else'], writers: ['token:someone-else'] });
    a.taxii.createCollection({ alias: 'read-only', title: 'Read only for the peer', readers: ['token:peer'], writers: [] });
    a.intel.transaction(() => {
      for (const o of c.objects) {
        const version = (o.modified ?? o.created) as string;
        const m = c.manifest.find((x) => x.id === o.id && x.version === version)!;
        a.taxii.addObject(COLL, o as { id: string; type: string }, 'test', parseMicros(m.date_added));
      }
    });
  });
  afterAll(async () => { await a?.close(); });

  it('answers discovery and the API root with the TAXII media type', async () => {
    const d = await get('/taxii2/');
    expect(d.status).toBe(200);
    expect(d.headers['content-type']).toBe(TAXII);
    expect(d.json()).toMatchObject({ title: expect.any(String), default: `${a.url}${ROOT}`, api_roots: [`${a.url}${ROOT}`] });
    const r = (await get(ROOT)).json();
    expect(r).toEqual({ title: 'Wardwatch', description: expect.any(String), versions: [TAXII], max_content_length: 64 * 1024 });
  });

  it('authenticates with Basic (token as password) or Bearer, and refuses anything else with a TAXII error', async () => {
    expect((await get(ROOT, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    for (const h of [{} as Record<string, string>, { authorization: `Basic ${Buffer.from('admin:wrong').toString('base64')}` }, { authorization: 'Basic !!!' }, { authorization: 'Bearer nope' }]) {
      const r = await get(ROOT, h);
      expect(r.status).toBe(401);
      expect(r.headers['content-type']).toBe(TAXII);
      expect(r.json()).toMatchObject({ title: 'Unauthorized', http_status: '401' });
      expect(String(r.headers['www-authenticate'])).toContain('Basic');
    }
  });

  it('refuses an Accept it cannot satisfy with 406', async () => {
    const r = await get(ROOT, { ...basic(), accept: 'application/taxii+json;version=2.0' });
    expect(r.status).toBe(406);
    expect(r.json()).toMatchObject({ http_status: '406' });
    expect((await get(ROOT, { ...basic(), accept: 'application/json' })).status).toBe(200);
  });

  it('lists the collections a caller may use, with can_read / can_write for that caller', async () => {
    const admin = (await get(`${ROOT}collections/`)).json() as { collections: Array<Record<string, unknown>> };
    expect(admin.collections.map((c) => c.alias)).toEqual(['high-value']);
    expect(admin.collections[0]).toEqual({
      id: COLL, title: 'High Value Indicator Collection', description: 'This data collection is for collecting high value IOCs', alias: 'high-value',
      can_read: true, can_write: true, media_types: ['application/stix+json;version=2.1'],
    });
    const peer = (await get(`${ROOT}collections/`, basic(a.peerToken))).json() as { collections: Array<Record<string, unknown>> };
    expect(peer.collections.map((c) => [c.alias, c.can_read, c.can_write])).toEqual([['high-value', true, true], ['read-only', true, false]]);
    const secret = a.taxii.collection('secret')!;
    const hidden = await get(`${ROOT}collections/${secret.id}/`);
    expect(hidden.status).toBe(404);
    expect(hidden.json()).toMatchObject({ http_status: '404' });
    expect((await get(`${ROOT}collections/${secret.id}/objects/`)).status).toBe(404);
  });

  it('gets objects: latest version of each by default, in date-added order, with the date headers', async () => {
    const r = await get(OBJ);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(TAXII);
    const env = r.json() as { more: boolean; objects: Array<{ id: string; modified?: string; spec_version?: string }> };
    expect(env.more).toBe(false);
    expect(env.objects.map((o) => o.id)).toEqual([
      'relationship--2f9a9aa9-108a-4333-83e2-4fb25add0463',
      'indicator--cd981c25-8042-4166-8945-51178443bdac',
      'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
      'malware--c0931cc6-c75e-47e5-9036-78fabc95d4ec',
      'indicator--6770298f-0fd8-471a-ab8c-1c658a46574e',
    ]);
    expect(env.objects.find((o) => o.id.startsWith('indicator--6770'))!.modified).toBe('2017-01-27T13:49:53.935Z');
    // The STIX 2.1 version of the malware, not the later 2.0 one: the latest spec version is the default.
    expect(env.objects.find((o) => o.id.startsWith('malware--'))!.spec_version).toBe('2.1');
    expect(r.headers['x-taxii-date-added-first']).toBe('2014-05-08T09:00:00.000000Z');
    expect(r.headers['x-taxii-date-added-last']).toBe('2017-12-31T13:49:53.935000Z');
  });

  it('filters by added_after (exclusive), match[type], match[id], match[version] and match[spec_version]', async () => {
    const ids = async (q: string) => ((await get(`${OBJ}?${q}`)).json() as { objects?: Array<{ id: string; modified?: string }> }).objects?.map((o) => `${o.id.split('--')[0]}@${o.modified ?? ''}`) ?? [];
    expect(await ids('added_after=2016-11-03T12:30:59.001000Z')).toEqual(['marking-definition@', 'malware@2017-01-27T13:49:53.997Z', 'indicator@2017-01-27T13:49:53.935Z']);
    expect(await ids('added_after=2017-12-31T13:49:53.935Z')).toEqual([]);
    expect(await ids('match[type]=indicator')).toEqual(['indicator@2014-05-08T09:00:00.000Z', 'indicator@2017-01-27T13:49:53.935Z']);
    expect(await ids('match[type]=indicator,malware&match[version]=first')).toEqual(['indicator@2014-05-08T09:00:00.000Z', 'indicator@2016-11-03T12:30:59.000Z', 'malware@2017-01-27T13:49:53.997Z']);
    expect(await ids('match[id]=indicator--6770298f-0fd8-471a-ab8c-1c658a46574e&match[version]=all')).toEqual([
      'indicator@2016-11-03T12:30:59.000Z', 'indicator@2016-12-25T12:30:59.444Z', 'indicator@2017-01-27T13:49:53.935Z',
    ]);
    expect(await ids('match[id]=indicator--6770298f-0fd8-471a-ab8c-1c658a46574e&match[version]=2016-12-25T12:30:59.444Z')).toEqual(['indicator@2016-12-25T12:30:59.444Z']);
    expect(await ids('match[type]=malware&match[spec_version]=2.0')).toEqual(['malware@2018-02-23T18:30:00.000Z']);
    expect(await ids('match[type]=malware&match[spec_version]=2.0,2.1')).toEqual(['malware@2018-02-23T18:30:00.000Z']);
  });

  it('pages with limit and next until more is false, every version exactly once', async () => {
    const seen: string[] = [];
    let next = '';
    let pages = 0;
    for (;;) {
      const r = await get(`${OBJ}?match[version]=all&match[spec_version]=2.0,2.1&limit=3${next ? `&next=${encodeURIComponent(next)}` : ''}`);
      const env = r.json() as { more: boolean; next?: string; objects: Array<{ id: string; modified?: string }> };
      pages++;
      expect(env.objects.length).toBeLessThanOrEqual(3);
      seen.push(...env.objects.map((o) => `${o.id}@${o.modified ?? ''}`));
      if (!env.more) break;
      next = env.next!;
    }
    expect(pages).toBe(3);
    expect(seen.length).toBe(8);
    expect(new Set(seen).size).toBe(8);
  });

  it('answers the manifest, versions and one object, and 404 for an object it does not hold', async () => {
    const m = (await get(`${ROOT}collections/${COLL}/manifest/?match[version]=all&match[spec_version]=2.0,2.1`)).json() as { objects: Manifest[] };
    const norm = (l: Manifest[]) => l.map((x) => `${x.id}|${x.version}|${parseMicros(x.date_added)}|${x.media_type}`).sort();
    expect(norm(m.objects)).toEqual(norm(manifest));
    const v = await get(`${ROOT}collections/${COLL}/objects/indicator--6770298f-0fd8-471a-ab8c-1c658a46574e/versions/`);
    expect(v.json()).toEqual({ more: false, versions: ['2016-11-03T12:30:59.000Z', '2016-12-25T12:30:59.444Z', '2017-01-27T13:49:53.935Z'] });
    expect(v.headers['x-taxii-date-added-first']).toBe('2016-11-03T12:30:59.001000Z');
    const one = (await get(`${ROOT}collections/${COLL}/objects/indicator--cd981c25-8042-4166-8945-51178443bdac/`)).json() as { objects: Array<{ id: string }> };
    expect(one.objects.map((o) => o.id)).toEqual(['indicator--cd981c25-8042-4166-8945-51178443bdac']);
    const none = await get(`${ROOT}collections/${COLL}/objects/indicator--00000000-0000-4000-8000-000000000000/`);
    expect(none.status).toBe(404);
    expect(none.json()).toMatchObject({ title: 'Object not found', http_status: '404' });
  });

  it('refuses bad filters with 400 naming the parameter', async () => {
    for (const [q, param] of [['added_after=yesterday', 'added_after'], ['limit=0', 'limit'], ['limit=-5', 'limit'], ['match[id]=not-an-id', 'match[id]'],
      ['match[version]=latest', 'match[version]'], ['next=garbage', 'next'], ['foo=1', 'foo'], ['match[type]=Bad%20Type', 'match[type]'], ['added_after=a&added_after=b', 'added_after']]) {
      const r = await get(`${OBJ}?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.headers['content-type']).toBe(TAXII);
      expect(r.json(), q).toMatchObject({ title: 'Bad filter', http_status: '400', details: { parameter: param } });
    }
    expect((await get(`${ROOT}collections/${COLL}/objects/indicator--cd981c25-8042-4166-8945-51178443bdac/versions/?match[version]=all`)).status).toBe(400);
  });

  const ENVELOPE = {
    objects: [
      {
        type: 'indicator', spec_version: '2.1', id: 'indicator--c410e480-e42b-47d1-9476-85307c12bcbf', created: '2018-05-27T12:02:41.312Z', modified: '2018-05-27T12:02:41.312Z',
        name: 'Malicious site hosting downloader', indicator_types: ['malicious-activity'], pattern: "[domain-name:value = 'x4z9arb.cn']", pattern_type: 'stix', valid_from: '2018-05-27T12:02:41.312Z',
      },
      { type: 'indicator', spec_version: '2.1', id: 'indicator--0a5d2a5e-7f3c-4c43-9c22-6e2e6b1d7f01', created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', pattern: "[ipv4-addr:value = '203.0.113.77']", pattern_type: 'stix', valid_from: 'not a time' },
      { type: 'indicator', id: 'indicator--0a5d2a5e-7f3c-4c43-9c22-6e2e6b1d7f02', spec_version: '2.0' },
      'not an object',
    ],
  };

  it('adds an envelope: a status resource naming each success and failure, the good objects readable and matched', async () => {
    const r = await a.send('POST', OBJ, { ...basic(), 'content-type': TAXII }, JSON.stringify(ENVELOPE));
    expect(r.status).toBe(202);
    expect(r.headers['content-type']).toBe(TAXII);
    const s = r.json() as { id: string; status: string; total_count: number; success_count: number; failure_count: number; pending_count: number; successes: Array<{ id: string }>; failures: Array<{ id: string; message: string }> };
    expect(s).toMatchObject({ status: 'complete', total_count: 4, success_count: 1, failure_count: 3, pending_count: 0 });
    expect(s.successes.map((x) => x.id)).toEqual(['indicator--c410e480-e42b-47d1-9476-85307c12bcbf']);
    expect(s.failures[0]).toMatchObject({ id: 'indicator--0a5d2a5e-7f3c-4c43-9c22-6e2e6b1d7f01' });
    expect(s.failures[0]!.message).toContain('/valid_from');
    expect(s.failures[1]!.message).toContain('/spec_version');
    expect(s.failures[2]).toMatchObject({ id: 'objects[3]' });
    const again = (await get(`${ROOT}status/${s.id}/`)).json();
    expect(again).toEqual(s);
    const got = (await get(`${OBJ}?match[id]=indicator--c410e480-e42b-47d1-9476-85307c12bcbf`)).json() as { objects: unknown[] };
    expect(got.objects).toEqual([ENVELOPE.objects[0]]);
    expect(a.intel.byValue('domain', 'x4z9arb.cn').map((i) => i.source)).toEqual(['taxii:high-value']);
    // Sent again: nothing duplicated, the status says so.
    const s2 = (await a.send('POST', OBJ, { ...basic(), 'content-type': TAXII }, JSON.stringify({ objects: [ENVELOPE.objects[0]] }))).json() as { successes: Array<{ message?: string }> };
    expect(s2.successes[0]!.message).toContain('already');
    expect(a.taxii.count(COLL)).toBe(9);
    const audit = a.rt.store.db.prepare("SELECT COUNT(*) FROM audit WHERE action = 'taxii_add'").pluck().get();
    expect(audit).toBe(2);
  });

  it('refuses hostile envelopes: too large (413), bad JSON, not an envelope, wrong media type, no write access', async () => {
    const before = a.taxii.count(COLL);
    const big = JSON.stringify({ objects: Array.from({ length: 2000 }, (_, i) => ({ ...ENVELOPE.objects[0] as object, id: `indicator--00000000-0000-4000-8000-${String(i).padStart(12, '0')}` })) });
    const tooBig = await a.send('POST', OBJ, { ...basic(), 'content-type': TAXII }, big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.json()).toMatchObject({ title: 'Request too large', http_status: '413' });
    const badJson = await a.send('POST', OBJ, { ...basic(), 'content-type': TAXII }, '{"objects": [');
    expect(badJson.status).toBe(400);
    expect(badJson.json()).toMatchObject({ http_status: '400' });
    for (const body of ['[]', '{"objects": {}}', '"x"', 'null']) {
      const r = await a.send('POST', OBJ, { ...basic(), 'content-type': TAXII }, body);
      expect(r.status, body).toBe(400);
      expect(r.json(), body).toMatchObject({ http_status: '400' });
    }
    const wrongType = await a.send('POST', OBJ, { ...basic(), 'content-type': 'text/xml' }, '<x/>');
    expect(wrongType.status).toBe(415);
    expect(wrongType.json()).toMatchObject({ http_status: '415' });
    const ro = a.taxii.collection('read-only')!;
    const denied = await a.send('POST', `${ROOT}collections/${ro.id}/objects/`, { ...basic(a.peerToken), 'content-type': TAXII }, JSON.stringify({ objects: [] }));
    expect(denied.status).toBe(403);
    expect(denied.json()).toMatchObject({ http_status: '403' });
    expect(a.taxii.count(COLL)).toBe(before);
    const unknown = await get('/taxii2/wardwatch/nothing-here/');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toBe(TAXII);
  });

  it('deletes an object (all versions) and then answers 404 for it', async () => {
    const path = `${ROOT}collections/${COLL}/objects/indicator--c410e480-e42b-47d1-9476-85307c12bcbf/`;
    const d = await a.send('DELETE', path, basic());
    expect(d.status).toBe(200);
    expect((await get(path)).status).toBe(404);
  });
});
