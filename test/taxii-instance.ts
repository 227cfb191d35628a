import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { buildApi, type ApiOptions } from '../src/api/server.js';
import { createToken, ensureAdminToken } from '../src/api/tokens.js';
import { IntelStore } from '../src/intel/store/intel-store.js';
import { TaxiiStore } from '../src/intel/taxii/collections.js';
import { loadConfigObject } from '../src/pipeline/config-loader.js';
import { openRuntime, type Runtime } from '../src/pipeline/runtime.js';
import { TOKEN, tempDir } from './helpers.js';

/** An answer as received (body as text). */
export interface Answer { status: number; headers: http.IncomingHttpHeaders; body: string; json: () => Record<string, unknown> }

/** A running Wardwatch API (one per suite) with its intel store open, for TAXII tests. */
export interface Instance {
  dir: string;
  url: string;
  rt: Runtime;
  app: FastifyInstance;
  intel: IntelStore;
  taxii: TaxiiStore;
  /** A second API token, named `peer`. */
  peerToken: string;
  send: (method: string, path: string, headers?: Record<string, string>, body?: string | Buffer) => Promise<Answer>;
  close: () => Promise<void>;
}

/** Start one instance on a free loopback port. */
export async function startInstance(opts: Partial<ApiOptions> = {}): Promise<Instance> {
  const tmp = tempDir('ww-taxii-');
  const rt = await openRuntime(loadConfigObject({ sources: [], pipeline: { workers: 0 } }), { dataDir: tmp.dir });
  ensureAdminToken(tmp.dir, TOKEN);
  const peerToken = createToken(tmp.dir, 'peer');
  const app = await buildApi(rt, { bodyLimitBytes: 1_000_000, ...opts });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const intel = IntelStore.open(tmp.dir);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const send: Instance['send'] = (method, path, headers = {}, body) => new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: { ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode!, headers: res.headers, body: text, json: () => JSON.parse(text) as Record<string, unknown> });
      });
      res.on('error', reject);
    });
    // The server may answer (413) and close before a large body is sent: the answer is what counts.
    req.on('error', reject);
    req.end(body);
  });
  return {
    dir: tmp.dir, url: `http://127.0.0.1:${port}`, rt, app, intel, taxii: new TaxiiStore(intel), peerToken, send,
    close: async () => { agent.destroy(); intel.close(); await app.close(); await rt.close(); tmp.cleanup(); },
  };
}

/** Headers of a TAXII 2.1 client authenticating with HTTP Basic, an API token as the password. */
export const basic = (token: string = TOKEN): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`taxii-user:${token}`).toString('base64')}`,
  accept: 'application/taxii+json;version=2.1',
});
