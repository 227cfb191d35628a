import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, auth, tempDir } from '../../../test/helpers.js';
import { loadConfigObject } from '../../pipeline/config-loader.js';
import { openRuntime, type Runtime } from '../../pipeline/runtime.js';
import { UserRepo } from '../../store/sqlite/users.js';
import { hashPassword } from '../auth/passwords.js';
import { buildApi } from '../server.js';
import { ensureAdminToken } from '../tokens.js';

const PASSWORD = 'dead-letter-test-password-1';
/** An EHR export row with a patient in it, and a JSON record naming one, both unreadable. */
const EHR_ROW = 'nurse7,not-a-time,MRN-000123';
const FHIR_JSON = '{"resourceType":"AuditEvent","entity":[{"what":{"reference":"Patient/MRN-000456"}}],"@timestamp":"MRN-000456 sometime"}';
const CLEAR = 'CEF:broken';

/**
 * Issue 12: dead letters of records that may carry PHI are sealed at rest, served to readers as
 * metadata only, and opened only by the privacy officer, with a reason, audited.
 */
describe('dead letters: sealed at rest, raw bytes for the privacy officer only', () => {
  const tmp = tempDir();
  let rt: Runtime;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const loaded = loadConfigObject({ sources: [], pipeline: { workers: 0 }, parsers: { 'ehr-csv': { columns: { user: 'user', time: 'time', patient: 'mrn' }, header: ['user', 'time', 'mrn'] } } });
    rt = await openRuntime(loaded, { dataDir: tmp.dir });
    ensureAdminToken(tmp.dir, TOKEN);
    const users = new UserRepo(rt.store.db);
    const hash = await hashPassword(PASSWORD);
    for (const [name, role] of [['ana', 'analyst'], ['aud', 'auditor'], ['priv', 'privacy_officer'], ['adm', 'admin']] as const) users.create(name, role, hash);
    const now = Date.now();
    await rt.ingestor.ingest([{ data: EHR_ROW, source: 'file:ehr.csv', offset: 2, receivedAt: now }], rt.ingestor.parser('ehr-csv'));
    await rt.ingestor.ingest([{ data: FHIR_JSON, source: 'http:ehr', offset: 1, receivedAt: now }], rt.ingestor.parser('json'));
    await rt.ingestor.ingest([{ data: CLEAR, source: 'syslog-tcp:x', offset: 1, receivedAt: now }], rt.ingestor.parser('cef'));
    const app = await buildApi(rt, { bodyLimitBytes: 1_000_000 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    close = async () => { await app.close(); await rt.close(); };
  });
  afterAll(async () => { await close(); tmp.cleanup(); });

  async function signIn(username: string): Promise<Record<string, string>> {
    const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    expect(r.status).toBe(200);
    const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return { cookie, 'x-csrf-token': ((await r.json()) as { csrf: string }).csrf, 'content-type': 'application/json' };
  }
  type Item = { id: number; parser: string; sealed: boolean; size: number; reason: string; data?: string };
  const list = async (h: Record<string, string>) => ((await (await fetch(`${url}/api/dead-letters`, { headers: h })).json()) as { items: Item[] }).items;

  it('stores PHI-bearing dead letters sealed, and a CEF one in clear', () => {
    const stored = rt.store.listDeadLetters(10);
    const by = (p: string) => stored.find((d) => d.parser === p)!;
    expect(by('ehr-csv').data).toMatch(/^v1\./);
    expect(by('json').data).toMatch(/^v1\./);
    expect(JSON.stringify(stored)).not.toContain('MRN-000');
    expect(by('cef').data).toBe(CLEAR);
  });

  it('serves every reader the metadata, and the bytes only of unsealed dead letters', async () => {
    for (const h of [auth, await signIn('ana'), await signIn('aud'), await signIn('priv'), await signIn('adm')]) {
      const items = await list(h);
      expect(items).toHaveLength(3);
      const text = JSON.stringify(items);
      expect(text).not.toContain('MRN-000');
      expect(text).not.toContain('nurse7');
      for (const i of items.filter((x) => x.parser !== 'cef')) {
        expect(i).toMatchObject({ sealed: true });
        expect(i.data).toBeUndefined();
        expect(i.size).toBeGreaterThan(0);
        expect(i.reason.length).toBeGreaterThan(5);
      }
      expect(items.find((x) => x.parser === 'cef')).toMatchObject({ sealed: false, data: CLEAR });
    }
  });

  it('lets only the privacy officer open the raw bytes, with a reason, audited', async () => {
    const items = await list(auth);
    const ehr = items.find((i) => i.parser === 'ehr-csv')!;
    const body = JSON.stringify({ reason: 'parser fix for ticket 88' });
    for (const h of [auth, await signIn('ana'), await signIn('aud'), await signIn('adm')]) {
      expect((await fetch(`${url}/api/dead-letters/${ehr.id}/raw`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body })).status).toBe(403);
    }
    const priv = await signIn('priv');
    expect((await fetch(`${url}/api/dead-letters/${ehr.id}/raw`, { method: 'POST', headers: priv, body: JSON.stringify({}) })).status).toBe(400);
    const r = await fetch(`${url}/api/dead-letters/${ehr.id}/raw`, { method: 'POST', headers: priv, body });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ id: ehr.id, parser: 'ehr-csv', sealed: true, data: EHR_ROW });
    expect((await fetch(`${url}/api/dead-letters/999999/raw`, { method: 'POST', headers: priv, body })).status).toBe(404);
    const audit = rt.store.listAudit(20).filter((a) => a.action === 'view_dead_letter_raw');
    expect(audit).toEqual(expect.arrayContaining([
      expect.objectContaining({ actor: 'user:priv', target: `dead-letter:${ehr.id}`, detail: expect.objectContaining({ reason: 'parser fix for ticket 88', found: true, parser: 'ehr-csv' }) }),
      expect.objectContaining({ actor: 'user:priv', target: 'dead-letter:999999', detail: expect.objectContaining({ found: false }) }),
    ]));
  });
});
