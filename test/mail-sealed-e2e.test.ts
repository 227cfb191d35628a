import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/api/auth/passwords.js';
import { buildApi } from '../src/api/server.js';
import { ensureAdminToken } from '../src/api/tokens.js';
import { loadConfigObject } from '../src/pipeline/config-loader.js';
import { openRuntime, type Runtime } from '../src/pipeline/runtime.js';
import { UserRepo } from '../src/store/sqlite/users.js';
import { TOKEN, auth, tempDir } from './helpers.js';

const PASSWORD = 'mail-sealed-test-password-1';
const ORG = 'stmarys-hospital.org';
// Markers that stand for patient details in a subject, a body and a link's query string.
const SUBJECT_MARK = 'SUBJMARKER7731';
const BODY_MARK = 'BODYMARKER4419';
const URL_MARK = 'URLMARKER5502';
const PHISH = [
  '"PayPal Security" <service@paypa1.com>'.replace(/^/, 'From: '),
  `To: nurse.jones@${ORG}`,
  `Subject: Your account has been limited ${SUBJECT_MARK}`,
  'Date: Mon, 05 Jan 2026 10:00:00 +0000',
  'Message-ID: <s1@paypa1.com>',
  'Content-Type: text/html',
  '',
  `<p>Dear customer, we detected unusual activity on the record of ${BODY_MARK}. Please verify your account within 24 hours or it will be suspended.</p>`,
  `<a href="http://140.130.108.11/webscr/login.php?pt=${URL_MARK}">https://www.paypal.com/signin</a>`,
  '',
].join('\r\n');

/** Issue 16: mail is PHI — stored sealed, scored all the same, opened only by the privacy officer. */
describe('e-mail sealed at rest', () => {
  const tmp = tempDir();
  let rt: Runtime;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    rt = await openRuntime(loadConfigObject({ sources: [], pipeline: { workers: 0 } }), { dataDir: tmp.dir });
    ensureAdminToken(tmp.dir, TOKEN);
    const users = new UserRepo(rt.store.db);
    const hash = await hashPassword(PASSWORD);
    for (const [name, role] of [['ana', 'analyst'], ['aud', 'auditor'], ['priv', 'privacy_officer'], ['adm', 'admin']] as const) users.create(name, role, hash);
    await rt.ingestor.ingest([{ data: PHISH, source: 'smtp:test', receivedAt: Date.now() }], rt.ingestor.parser('email'));
    const app = await buildApi(rt, { bodyLimitBytes: 1_000_000 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    close = async () => { await app.close(); await rt.close(); };
  }, 60_000);
  afterAll(async () => { await close(); tmp.cleanup(); });

  async function signIn(username: string): Promise<Record<string, string>> {
    const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    expect(r.status).toBe(200);
    const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return { cookie, 'x-csrf-token': ((await r.json()) as { csrf: string }).csrf, 'content-type': 'application/json' };
  }
  const eventId = () => rt.store.searchEvents({ category: 'email', limit: 10 }).items[0]!.event.event.id;

  it('keeps no subject, body or URL query of the message in clear in the SQLite files', async () => {
    const stored = rt.store.searchEvents({ category: 'email', limit: 10 }).items[0]!.event;
    const email = stored.email as Record<string, any>;
    expect(email.body.sealed).toMatch(/^v1\./);
    expect(email.subject).toBeUndefined();
    // Features stay in clear: addresses, link domains, auth, lengths.
    expect(email.from.address).toEqual(['service@paypa1.com']);
    expect(email.urls[0]).toMatchObject({ domain: '140.130.108.11', mismatch: true });
    expect(email.urls[0].url).toBeUndefined();
    rt.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const files = readdirSync(tmp.dir).filter((f) => f.startsWith('wardwatch.db'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const bytes = readFileSync(join(tmp.dir, f)).toString('latin1');
      for (const mark of [SUBJECT_MARK, BODY_MARK, URL_MARK]) expect(bytes.includes(mark), `${mark} in ${f}`).toBe(false);
    }
  });

  it('still raises the phishing alert, scored from the sealed content opened in process', async () => {
    let items: Array<{ title: string; explanation: { factors: Array<{ feature: string }> } }> = [];
    for (let i = 0; i < 100 && items.length === 0; i++) {
      items = rt.store.listAlerts({ detector: 'phishing', limit: 10 }).items as typeof items;
      if (items.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(items).toHaveLength(1);
    expect(items[0]!.title).toBe(`Phishing e-mail from service@paypa1.com to nurse.jones@${ORG}`);
    // url.text_mismatch needs the full URL, which is only in the sealed part.
    expect(items[0]!.explanation.factors.map((f) => f.feature)).toEqual(expect.arrayContaining(['sender.lookalike', 'url.text_mismatch']));
  });

  it('lets only the privacy officer open the sealed message, with a reason, audited', async () => {
    const id = eventId();
    const open = (h: Record<string, string>, body: unknown) => fetch(`${url}/api/events/${id}/email`, { method: 'POST', headers: { 'content-type': 'application/json', ...h }, body: JSON.stringify(body) });
    for (const h of [auth, await signIn('ana'), await signIn('aud'), await signIn('adm')]) {
      const r = await open(h, { reason: 'checking a reported message' });
      expect(r.status).toBe(403);
      expect(await r.text()).not.toContain(BODY_MARK);
    }
    const priv = await signIn('priv');
    expect((await open(priv, {})).status).toBe(400);
    const r = await open(priv, { reason: 'patient complaint 42' });
    expect(r.status).toBe(200);
    const got = (await r.json()) as { message: { subject: string; html: string; urls: Array<{ url: string }> } };
    expect(got.message.subject).toContain(SUBJECT_MARK);
    expect(got.message.html).toContain(BODY_MARK);
    expect(got.message.urls[0]!.url).toContain(URL_MARK);
    const audit = rt.store.listAudit(50).filter((a) => a.action === 'view_email_message');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: expect.stringContaining('priv'), target: `event:${id}`, detail: { reason: 'patient complaint 42', found: true } });
    expect((await fetch(`${url}/api/events/nope/email`, { method: 'POST', headers: priv, body: JSON.stringify({ reason: 'looking around' }) })).status).toBe(404);
  });
});
