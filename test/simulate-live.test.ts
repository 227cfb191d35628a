import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.js';
import { ensureAdminToken } from '../src/api/tokens.js';
import { loadConfigObject } from '../src/pipeline/config-loader.js';
import { openRuntime, type Runtime } from '../src/pipeline/runtime.js';
import { LiveOutput, simulate } from '../src/simulate/index.js';
import { TOKEN, tempDir } from './helpers.js';

// `simulate --to`: the generated day goes into a running server through POST /api/ingest.
describe('simulate streaming live to a server', () => {
  const tmp = tempDir();
  let rt: Runtime;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    // A small queue, so the server answers 429 now and then and the sender has to wait.
    const loaded = loadConfigObject({ sources: [], pipeline: { workers: 0, queueEvents: 200 }, detectors: [{ type: 'auth.spray' }] });
    rt = await openRuntime(loaded, { dataDir: tmp.dir });
    ensureAdminToken(tmp.dir, TOKEN);
    const app = await buildApi(rt, { bodyLimitBytes: 4_000_000 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    close = async () => { await app.close(); await rt.close(); };
  });
  afterAll(async () => { await close(); tmp.cleanup(); });

  it('delivers every sent record and the spray is detected', async () => {
    const live = new LiveOutput({ url, token: TOKEN, batch: 300 });
    await simulate({
      profile: 'clinic', days: 1, seed: '11', scenarios: ['spray'], intensity: 0.9, corpora: false,
      skip: ['telemetry', 'mail', 'zeek-conn', 'zeek-dns', 'zeek-http', 'zeek-smb-files', 'hl7', 'ehr', 'fhir'], outputs: [live],
    });
    expect(live.sent).toBeGreaterThan(100);
    expect(live.accepted).toBe(live.sent);
    await rt.detection.drain();
    const alerts = rt.store.listAlerts({ detector: 'auth.spray' }).items;
    expect(alerts.length).toBeGreaterThanOrEqual(1);
  });
});
