import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../src/api/auth/passwords.js';
import { buildApi, type ApiOptions } from '../../src/api/server.js';
import { ensureAdminToken } from '../../src/api/tokens.js';
import { loadConfigObject } from '../../src/pipeline/config-loader.js';
import { openRuntime, type Runtime } from '../../src/pipeline/runtime.js';
import { UserRepo, type Role } from '../../src/store/sqlite/users.js';
import type { Alert } from '../../src/core/alert.js';
import { TOKEN, tempDir } from '../helpers.js';

/** The one stored alert the routes with an `{id}` are called with. */
export const ALERT_ID = 'al_sec_000001';

function alert(): Alert {
  const t = '2026-03-01T00:00:00.000Z';
  return {
    id: ALERT_ID, time: t, created: t, title: 'Brute force against account u1', severity: 'high', detector: 'auth.bruteforce', rule: 'auth.bruteforce',
    entities: [{ type: 'user', id: 'u1' }], techniques: ['T1110.001'], status: 'open', firstSeen: t, lastSeen: t,
    explanation: { summary: 's', factors: [{ feature: 'failed_logins', label: 'failed logins', observed: 12, threshold: 10 }], evidence: [], evidenceCount: 0, text: '12 failed logins' },
  };
}

export const PASSWORD = 'security-test-password-1';
/** One user per role; `adm` is an admin person (the token is the admin machine). */
export const PEOPLE: ReadonlyArray<readonly [string, Role]> = [['adm', 'admin'], ['ana', 'analyst'], ['priv', 'privacy_officer'], ['aud', 'auditor'], ['bio', 'biomed']];

export interface Answer { status: number; headers: http.IncomingHttpHeaders; body: string }

/** A running API on a free port with a user per role, a stored alert and a tiny console build. */
export interface Harness {
  rt: Runtime;
  app: FastifyInstance;
  port: number;
  users: UserRepo;
  /** Send a request with the path exactly as given (no client-side normalisation of `/./`, `%61`…). */
  send: (method: string, path: string, headers?: Record<string, string>, body?: string) => Promise<Answer>;
  signIn: (username: string) => Promise<{ cookie: string; csrf: string }>;
  close: () => Promise<void>;
}

/** Start one server for a suite (call in `beforeAll`). */
export async function startHarness(opts: Partial<ApiOptions> | ((rt: Runtime) => Partial<ApiOptions>) = {}): Promise<Harness> {
  const tmp = tempDir('ww-sec-');
  const rt = await openRuntime(loadConfigObject({ sources: [], pipeline: { workers: 0 } }), { dataDir: tmp.dir });
  ensureAdminToken(tmp.dir, TOKEN);
  const users = new UserRepo(rt.store.db);
  const hash = await hashPassword(PASSWORD);
  for (const [name, role] of PEOPLE) users.create(name, role, hash);
  rt.store.insertAlerts([alert()]);
  const web = join(tmp.dir, 'web');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Wardwatch</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
  const app = await buildApi(rt, { bodyLimitBytes: 1_000_000, webRoot: web, ...(typeof opts === 'function' ? opts(rt) : opts) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

  const send: Harness['send'] = (method, path, headers = {}, body) => new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: { ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers } }, (res) => {
      // A live stream (SSE) never ends: its status and headers are the answer.
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.destroy();
        resolve({ status: res.statusCode!, headers: res.headers, body: '' });
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });

  const signIn: Harness['signIn'] = async (username) => {
    const r = await send('POST', '/api/auth/login', {}, JSON.stringify({ username, password: PASSWORD }));
    if (r.status !== 200) throw new Error(`sign-in of ${username} answered ${r.status}: ${r.body}`);
    const set = ([] as string[]).concat(r.headers['set-cookie'] ?? []);
    return { cookie: set.map((c) => c.split(';')[0]).join('; '), csrf: (JSON.parse(r.body) as { csrf: string }).csrf };
  };

  return {
    rt, app, port, users, send, signIn,
    close: async () => { agent.destroy(); await app.close(); await rt.close(); tmp.cleanup(); },
  };
}
