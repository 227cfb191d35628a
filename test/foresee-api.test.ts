import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.js';
import { ensureAdminToken } from '../src/api/tokens.js';
import { loadConfigObject } from '../src/pipeline/config-loader.js';
import { openRuntime, type Runtime } from '../src/pipeline/runtime.js';
import { LOGINS, PATIENT_MRN, PATIENT_NAME, seedBoardStore } from './board-seed.js';
import { TOKEN, auth, tempDir } from './helpers.js';

const DAY = 86_400_000;

describe('Foresee API', () => {
  const tmp = tempDir('ww-foresee-');
  let rt: Runtime, url: string, close: () => Promise<void>;

  beforeAll(async () => {
    // 120 days of seeded alerts with a month of phishing in radiology at the end, and the roster.
    const to = Date.UTC(2026, 8, 1);
    seedBoardStore(tmp.dir, { from: to - 120 * DAY, to, surgeFrom: to - 30 * DAY, surgeTo: to });
    rt = await openRuntime(loadConfigObject({ sources: [], pipeline: { workers: 0 } }), { dataDir: tmp.dir });
    ensureAdminToken(tmp.dir, TOKEN);
    const app = await buildApi(rt, { bodyLimitBytes: 1_000_000 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    close = async () => { await app.close(); await rt.close(); };
  }, 60_000);
  afterAll(async () => { await close(); tmp.cleanup(); });

  it('returns the trend, a forecast with intervals, risk ranges and ranked advice, with no PHI', async () => {
    const r = await fetch(`${url}/api/foresee?days=90&horizon=14&iterations=1000`, { headers: auth });
    expect(r.status).toBe(200);
    const text = await r.text();
    for (const s of [PATIENT_NAME, PATIENT_MRN, ...Object.values(LOGINS)]) expect(text).not.toContain(s);
    const doc = JSON.parse(text) as { trend: { values: number[] }; forecast: { model: string; points: Array<{ lo95: number; mean: number; hi95: number }> }; risk: { total: { p5: number; p95: number } }; advice: Array<{ control: string }>; controls: Array<{ id: string }> };
    expect(doc.trend.values).toHaveLength(120);
    expect(doc.forecast.model).toMatch(/^ETS/);
    expect(doc.forecast.points).toHaveLength(14);
    for (const p of doc.forecast.points) expect(p.lo95 <= p.mean && p.mean <= p.hi95).toBe(true);
    expect(doc.risk.total.p95).toBeGreaterThan(doc.risk.total.p5);
    expect(doc.advice.find((a) => a.control.startsWith('phishing-training:'))!.control).toBe('phishing-training:radiology');
    expect(doc.controls.map((c) => c.id)).toContain('mfa-coverage');
  }, 60_000);

  it('what-if: making MFA ten times dearer drops it down the list; a bad body is refused', async () => {
    const ask = async (body: unknown) => fetch(`${url}/api/foresee/what-if`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const rank = async (body: unknown) => {
      const r = await ask(body);
      expect(r.status).toBe(200);
      return ((await r.json()) as { advice: Array<{ control: string }> }).advice.findIndex((a) => a.control === 'mfa-coverage');
    };
    const base = await rank({ days: 90, iterations: 1000 });
    const dear = await rank({ days: 90, iterations: 1000, controls: [{ id: 'mfa-coverage', costScale: 10, effectiveness: { low: 0.05, high: 0.1 } }] });
    expect(dear).toBeGreaterThan(base);
    expect((await ask({ days: 90, controls: [{ id: 'x', effectiveness: { low: 0.9, high: 0.1 } }] })).status).toBe(400);
    expect((await fetch(`${url}/api/foresee`)).status).toBe(401);
  }, 60_000);
});
