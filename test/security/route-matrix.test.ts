import { DeviceRepo } from '../../src/devices/repo.js';
import { newRecord } from '../../src/devices/inventory.js';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Permission } from '../../src/api/auth/roles.js';
import type { Role } from '../../src/store/sqlite/users.js';
import { IntelStore } from '../../src/intel/store/intel-store.js';
import { TaxiiStore } from '../../src/intel/taxii/collections.js';
import { ShareDraftRepo } from '../../src/store/sqlite/intel-share.js';
import { TOKEN } from '../helpers.js';
import { ALERT_ID, PEOPLE, startHarness, type Harness } from './harness.js';
import { BreachRepo } from '../../src/compliance/breach/index.js';
import { breachCaseFixture } from '../../src/compliance/breach/fixture.js';

/**
 * Every route of the OpenAPI document (plus /metrics) × every kind of caller × every spelling of
 * the path, each with the exact class of answer expected. Unsafe requests carry a body that fails
 * validation, so a caller who is let through gets a 400 and changes nothing; one who is not must
 * get 401/403 before any handler runs. Nothing may answer 500, and no refused request may change
 * the store.
 */

type Caller = { name: string; headers: (unsafe: boolean) => Record<string, string>; role?: Role; anonymous?: boolean; csrf?: boolean };
type Route = { method: string; path: string; perm?: Permission; public?: boolean };
type Variant = { name: string; apply: (path: string) => string; expect: 'same' | 404 | 400 };

// Encodes the first letter of the path (`/api/…` → `/%61pi/…`): the spelling of the original bypass.
const pct = (p: string) => `/%${p.charCodeAt(1).toString(16)}${p.slice(2)}`;
const VARIANTS: Variant[] = [
  { name: 'plain', apply: (p) => p, expect: 'same' },
  { name: 'percent-encoded', apply: pct, expect: 'same' },
  { name: 'all letters encoded', apply: (p) => p.replace(/[a-z]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`), expect: 'same' },
  { name: 'double-encoded', apply: (p) => pct(p).replace('%', '%25'), expect: 404 },
  { name: 'mixed case', apply: (p) => p.replace(/^\/(\w)(\w)/, (_m, a: string, b: string) => `/${a.toUpperCase()}${b}`), expect: 404 },
  { name: 'trailing slash', apply: (p) => `${p}/`, expect: 404 },
  { name: 'double slash', apply: (p) => `/${p}`, expect: 400 },
  { name: 'inner double slash', apply: (p) => p.replace(/^(\/\w+)(\/|$)/, '$1//'), expect: 400 },
  { name: 'dot segment', apply: (p) => p.replace(/^(\/\w+)/, '$1/.'), expect: 400 },
  { name: 'encoded dot-dot', apply: (p) => `/api/%2e%2e${p}`, expect: 400 },
  { name: ';param', apply: (p) => `${p};jsessionid=1`, expect: 400 },
];

// Path parameters filled with things that exist, so an allowed GET answers 2xx.
const FILL: Record<string, string> = {
  id: ALERT_ID, type: 'user', name: 'auth.bruteforce', pseudonym: 'pt_abcdef123456',
  // The TAXII collection, object and status made in beforeAll.
  collectionId: '2f6c4a9e-1b7d-4c3e-9a5f-0d8e7b6c5a41', objectId: 'indicator--cd981c25-8042-4166-8945-51178443bdac', statusId: '7e1d2c3b-4a5f-4e6d-8c7b-9a0b1c2d3e4f',
};
const QUERY: Record<string, string> = { '/api/entities': '?type=user', '/api/incidents/{id}': '?from=2026-01-01T00:00:00Z' };
// The incident the harness's one alert forms (its id is a hash of its first alert's id).
const DEVICE_ADDR = '10.30.0.7';
const INCIDENT_ID = `inc_${createHash('sha256').update(ALERT_ID).digest('hex').slice(0, 16)}`;
// A breach case on that incident, stored in beforeAll, so the breach routes have one to answer with.
const BREACH_ID = 'br_0123456789abcdef';
// Unsafe routes whose handler takes no body: an allowed caller gets 2xx.
/**
 * The access model, written down: what each route must require. A new route fails the first test
 * until it is added here, so a change of who may do what is always a deliberate, reviewed edit.
 */
const PERMS: Record<string, { perm?: Permission; public?: true }> = {
  'GET /api/health': { public: true },
  'GET /api/health/details': { perm: 'read' },
  'POST /api/auth/login': { public: true },
  'GET /metrics': { perm: 'read' },
  'GET /api/pipeline': { perm: 'read' },
  'GET /api/foresee': { perm: 'read' },
  'POST /api/foresee/what-if': { perm: 'read' },
  'GET /api/compliance/controls': { perm: 'compliance:read' },
  'GET /api/compliance/controls/{id}': { perm: 'compliance:read' },
  'POST /api/compliance/attestations': { perm: 'compliance:attest' },
  'PUT /api/compliance/attestations/{id}': { perm: 'compliance:attest' },
  'GET /api/compliance/report': { perm: 'compliance:read' },
  'GET /api/ehr/templates': { perm: 'audit' },
  'PATCH /api/ehr/templates/{id}': { perm: 'ehr:templates' },
  'POST /api/ingest': { perm: 'ingest' },
  'GET /api/events': { perm: 'read' },
  'GET /api/dead-letters': { perm: 'read' },
  'POST /api/dead-letters/{id}/raw': { perm: 'reveal' },
  'POST /api/events/{id}/email': { perm: 'reveal' },
  'GET /api/alerts': { perm: 'read' },
  'GET /api/alerts/counts': { perm: 'read' },
  'GET /api/alerts/{id}': { perm: 'read' },
  'GET /api/alerts/stream': { perm: 'read' },
  'PATCH /api/alerts/{id}/triage': { perm: 'triage' },
  'POST /api/alerts/triage': { perm: 'triage' },
  'GET /api/incidents': { perm: 'read' },
  'GET /api/incidents/{id}': { perm: 'read' },
  'PATCH /api/incidents/{id}': { perm: 'triage' },
  'GET /api/risk': { perm: 'read' },
  'GET /api/suppressions': { perm: 'read' },
  'POST /api/suppressions': { perm: 'triage' },
  'DELETE /api/suppressions/{id}': { perm: 'triage' },
  'GET /api/rules/stats': { perm: 'read' },
  'POST /api/auth/logout': { perm: 'read' },
  'GET /api/auth/me': { perm: 'read' },
  'POST /api/auth/password': { perm: 'read' },
  'GET /api/users': { perm: 'admin' },
  'POST /api/users': { perm: 'admin' },
  'PATCH /api/users/{id}': { perm: 'admin' },
  'POST /api/users/{id}/unlock': { perm: 'admin' },
  'GET /api/overview': { perm: 'read' },
  'GET /api/sources': { perm: 'read' },
  'GET /api/rules': { perm: 'read' },
  'PUT /api/rules/{name}/enabled': { perm: 'admin' },
  'GET /api/entities': { perm: 'read' },
  'GET /api/entities/{type}/{id}': { perm: 'read' },
  'POST /api/patients/{pseudonym}/reveal': { perm: 'reveal' },
  'GET /api/audit': { perm: 'audit' },
  'POST /api/incidents/{id}/breach': { perm: 'breach:manage' },
  'GET /api/incidents/{id}/breach': { perm: 'breach:read' },
  'GET /api/breaches': { perm: 'breach:read' },
  'GET /api/breaches/{id}': { perm: 'breach:read' },
  'PATCH /api/breaches/{id}': { perm: 'breach:manage' },
  'GET /api/breaches/{id}/pack': { perm: 'breach:read' },
  'POST /api/breaches/{id}/pack/reidentify': { perm: 'phi:reidentify' },
  'GET /api/privacy': { perm: 'read' },
  'GET /api/actions': { perm: 'read' },
  'GET /api/alerts/{id}/actions': { perm: 'read' },
  'POST /api/alerts/{id}/actions': { perm: 'respond' },
  'POST /api/actions/{id}/approve': { perm: 'respond' },
  'POST /api/actions/{id}/reject': { perm: 'respond' },
  'POST /api/actions/{id}/undo': { perm: 'respond' },
  'GET /api/respond/kill-switch': { perm: 'read' },
  'PUT /api/respond/kill-switch': { perm: 'admin' },
  'GET /api/devices': { perm: 'read' },
  'GET /api/devices/{id}': { perm: 'read' },
  'PATCH /api/devices/{id}': { perm: 'devices' },
  'GET /api/blocklist.txt': { public: true },
  'GET /api/blocklist.json': { public: true },
  'GET /taxii2/': { perm: 'read' },
  'GET /taxii2/wardwatch/': { perm: 'read' },
  'GET /taxii2/wardwatch/status/{statusId}/': { perm: 'read' },
  'GET /taxii2/wardwatch/collections/': { perm: 'read' },
  'GET /taxii2/wardwatch/collections/{collectionId}/': { perm: 'read' },
  'GET /taxii2/wardwatch/collections/{collectionId}/manifest/': { perm: 'read' },
  'GET /taxii2/wardwatch/collections/{collectionId}/objects/': { perm: 'read' },
  'POST /taxii2/wardwatch/collections/{collectionId}/objects/': { perm: 'ingest' },
  'GET /taxii2/wardwatch/collections/{collectionId}/objects/{objectId}/': { perm: 'read' },
  'DELETE /taxii2/wardwatch/collections/{collectionId}/objects/{objectId}/': { perm: 'ingest' },
  'GET /taxii2/wardwatch/collections/{collectionId}/objects/{objectId}/versions/': { perm: 'read' },
  'GET /api/intel/overview': { perm: 'read' },
  'GET /api/intel/share': { perm: 'read' },
  'GET /api/intel/share/{shareId}': { perm: 'read' },
  'POST /api/intel/share': { perm: 'intel:share' },
  'POST /api/intel/share/{shareId}/approve': { perm: 'intel:share:approve' },
  'POST /api/intel/share/{shareId}/reject': { perm: 'intel:share:approve' },
};
// Public to the session check, but guarded by their own per-list token: no caller here holds one.
const TOKEN_FEEDS = new Set(['GET /api/blocklist.txt', 'GET /api/blocklist.json']);
const NO_BODY = new Set(['POST /api/auth/logout', 'POST /api/users/{id}/unlock']);
// Unsafe routes for which any JSON is valid (ingest stores it as a record): an allowed caller gets 2xx.
const ANY_BODY = new Set(['POST /api/ingest']);

describe('route matrix: routes × callers × path spellings', () => {
  let h: Harness;
  let routes: Route[];
  const sessions = new Map<string, { cookie: string; csrf: string }>();
  let callers: Caller[];
  let adminId = 0;

  beforeAll(async () => {
    h = await startHarness();
    // A TAXII collection readable by every role, holding one object, and one status resource.
    const intel = IntelStore.open(h.rt.dataDir);
    const taxii = new TaxiiStore(intel);
    taxii.createCollection({ id: FILL.collectionId, alias: 'matrix', title: 'Route matrix' });
    taxii.addObject(FILL.collectionId!, { type: 'indicator', spec_version: '2.1', id: FILL.objectId!, created: '2014-05-08T09:00:00.000Z', modified: '2014-05-08T09:00:00.000Z', pattern: "[ipv4-addr:value = '198.51.100.1']", pattern_type: 'stix', valid_from: '2014-05-08T09:00:00.000Z' }, 'test');
    taxii.putStatus(FILL.collectionId!, { id: FILL.statusId! });
    new BreachRepo(h.rt.store.db).insert(breachCaseFixture(BREACH_ID, INCIDENT_ID));
    intel.close();
    // A share draft to read (its bundle is empty: only the routes' access is tested here).
    FILL.shareId = new ShareDraftRepo(h.rt.store.db).create({ incidentId: INCIDENT_ID, tlp: 'green', targets: { collection: 'matrix' }, bundle: { type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects: [] }, removed: [], counts: {}, note: null, proposedBy: 'test' }).id;
    // One inventoried device, addressed by its IP.
    new DeviceRepo(h.rt.store.db).save([{ record: { ...newRecord(`ip:${DEVICE_ADDR}`, '2026-01-01T00:00:00.000Z'), ips: [DEVICE_ADDR] }, type: 'unknown', criticality: 'operational' }]);
    for (const [name] of PEOPLE) sessions.set(name, await h.signIn(name));
    adminId = h.users.findForLogin('adm')!.user.id;
    const doc = JSON.parse((await h.send('GET', '/api/docs/json')).body) as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })));
    if (!routes.some((r) => r.path === '/metrics')) routes.push({ method: 'GET', path: '/metrics' });
    for (const r of routes) Object.assign(r, PERMS[`${r.method} ${r.path}`] ?? {});
    callers = [
      { name: 'no credentials', headers: () => ({}), anonymous: true },
      { name: 'wrong bearer token', headers: () => ({ authorization: 'Bearer ww_not-the-token-000000000000' }), anonymous: true },
      { name: 'malformed authorization', headers: () => ({ authorization: `Basic ${Buffer.from('adm:x').toString('base64')}` }), anonymous: true },
      { name: 'valid token', headers: () => ({ authorization: `Bearer ${TOKEN}` }), role: 'admin' },
      ...PEOPLE.map(([name, role]): Caller => ({
        name: `session ${role}`, role, csrf: true,
        headers: (unsafe) => ({ cookie: sessions.get(name)!.cookie, ...(unsafe ? { 'x-csrf-token': sessions.get(name)!.csrf } : {}) }),
      })),
      { name: 'admin session without CSRF token', role: 'admin', csrf: false, headers: () => ({ cookie: sessions.get('adm')!.cookie }) },
      { name: 'admin session, CSRF token but foreign Origin', role: 'admin', csrf: false, headers: (unsafe) => ({ cookie: sessions.get('adm')!.cookie, origin: 'http://evil.example', ...(unsafe ? { 'x-csrf-token': sessions.get('adm')!.csrf } : {}) }) },
    ];
  });
  afterAll(async () => { await h?.close(); });

  it('finds every API route in the OpenAPI document, each in the access table', () => {
    expect(routes.length).toBeGreaterThan(20);
    for (const p of ['GET /api/users', 'POST /api/users', 'PATCH /api/users/{id}', 'GET /api/audit', 'GET /api/overview', 'POST /api/ingest', 'GET /metrics', 'POST /api/users/{id}/unlock']) {
      expect(routes.map((r) => `${r.method} ${r.path}`)).toContain(p);
    }
    const unknown = routes.filter((r) => !PERMS[`${r.method} ${r.path}`]).map((r) => `${r.method} ${r.path}`);
    expect(unknown, 'routes missing from the PERMS table of this test').toEqual([]);
  });

  /** The one class of answer allowed for this caller on this route spelled this way. */
  function expected(r: Route, c: Caller, v: Variant): string {
    if (v.expect === 400) return '400';
    // TAXII paths end in `/`: one more makes `//`, which is refused as ambiguous before routing.
    if (v.name === 'trailing slash' && r.path.endsWith('/')) return '400';
    if (v.expect === 404) return '404';
    const unsafe = r.method !== 'GET' && r.method !== 'HEAD';
    const key = `${r.method} ${r.path}`;
    const ok = !unsafe || NO_BODY.has(key) || ANY_BODY.has(key) ? '2xx' : '400';
    if (TOKEN_FEEDS.has(key)) return '401';
    if (r.public) return r.path === '/api/auth/login' && c.csrf === false && unsafe && c.name.includes('Origin') ? '403' : ok;
    if (c.anonymous) return '401';
    if (unsafe && c.csrf === false) return '403';
    return can(c.role!, r.perm!) ? ok : '403';
  }
  const classOf = (s: number) => (s >= 200 && s < 300 ? '2xx' : String(s));

  const snapshot = () => JSON.stringify(h.rt.store.db.prepare(
    "SELECT (SELECT json_group_array(json_array(id, username, role, disabled, password_hash)) FROM users) u, (SELECT COUNT(*) FROM events) e, (SELECT COUNT(*) FROM triage) t, (SELECT COUNT(*) FROM rule_settings) r, (SELECT COUNT(*) FROM audit WHERE action IN ('user_create','user_update','patient_reveal_attempt','rule_switch','triage')) a",
  ).get());

  it('answers each caller × spelling with exactly the expected class, never 500, never a refused side effect', async () => {
    const wrong: string[] = [];
    let n = 0;
    const probe = async (r: Route, c: Caller, v: Variant, checkStore: boolean) => {
      const unsafe = r.method !== 'GET';
      // `{id}` means a different thing under each resource: one real id per path prefix, else FILL.
      const ids: Array<[string, string]> = [['/api/users', String(adminId)], ['/api/entities', 'u1'], ['/api/incidents', INCIDENT_ID], ['/api/devices', DEVICE_ADDR], ['/api/breaches', BREACH_ID], ['/api/compliance/controls', 'hipaa-312-b']];
      const concrete = r.path.replace(/\{(\w+)\}/g, (_m, k: string) => (k === 'id' ? ids.find(([prefix]) => r.path.startsWith(prefix))?.[1] : undefined) ?? FILL[k]!);
      const path = v.apply(concrete) + (QUERY[r.path] ?? '');
      const body = unsafe && !NO_BODY.has(`${r.method} ${r.path}`) ? JSON.stringify({ __not_a_field__: true }) : unsafe ? '' : undefined;
      const want = expected(r, c, v);
      const before = checkStore && want !== '2xx' ? snapshot() : '';
      const a = await h.send(r.method, path, c.headers(unsafe), body);
      n++;
      const got = classOf(a.status);
      if (got !== want) wrong.push(`${r.method} ${path} as ${c.name} (${v.name}): got ${a.status}, want ${want} ${a.body.slice(0, 120)}`);
      if (a.status >= 500) wrong.push(`${r.method} ${path} as ${c.name}: 500`);
      if (before && snapshot() !== before) wrong.push(`${r.method} ${path} as ${c.name} (${v.name}): refused (${a.status}) but the store changed`);
      if (want !== '2xx' && a.status >= 400 && !/^application\/(taxii\+)?json/.test(String(a.headers['content-type']))) wrong.push(`${r.method} ${path} as ${c.name}: error answer not JSON`);
      // Signing out ends a session: sign that person in again for the rest of the matrix.
      if (r.path === '/api/auth/logout' && got === '2xx' && c.name.startsWith('session ')) {
        const person = PEOPLE.find(([, role]) => role === c.role)![0];
        sessions.set(person, await h.signIn(person));
      }
    };
    for (const r of routes) {
      const cases = callers.flatMap((c) => VARIANTS.map((v) => [c, v] as const));
      if (r.method === 'GET') {
        // Reads change nothing: probe them concurrently, and check the store once around the lot.
        const before = snapshot();
        for (let i = 0; i < cases.length; i += 16) await Promise.all(cases.slice(i, i + 16).map(([c, v]) => probe(r, c, v, false)));
        if (snapshot() !== before) wrong.push(`GET ${r.path}: a read changed the store`);
      } else {
        // Changes one at a time, each refused one checked for a side effect.
        for (const [c, v] of cases) await probe(r, c, v, true);
      }
    }
    expect(n).toBe(routes.length * callers.length * VARIANTS.length);
    expect(wrong).toEqual([]);
  }, 60_000);

  it('keeps the console public, and unknown paths a JSON 404 however spelled', async () => {
    expect((await h.send('GET', '/')).status).toBe(200);
    expect((await h.send('GET', '/assets/app.js')).status).toBe(200);
    expect((await h.send('GET', '/alerts/al_1')).body).toContain('<title>Wardwatch');
    for (const p of ['/api/nope', '/API/users', '/%61pi/nope', '/%2561pi/users', '/api/users/', '/metrics/', '/Metrics', '/api']) {
      const a = await h.send('GET', p);
      expect(a.status, p).toBe(404);
      expect(a.body, p).not.toContain('<');
    }
    expect((await h.send('GET', '/assets/../../etc/passwd')).status).toBe(400);
    expect((await h.send('GET', '/%ZZ')).status).toBe(400);
  });

  it('routes encoded separators inside a parameter to the same route and check', async () => {
    for (const id of ['CORP%5Calice', 'a%2Fb', '100%25']) {
      expect((await h.send('GET', `/api/entities/user/${id}`)).status, id).toBe(401);
      expect((await h.send('GET', `/api/entities/user/${id}`, { authorization: `Bearer ${TOKEN}` })).status, id).toBe(200);
    }
  });
});
