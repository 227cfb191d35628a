import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN } from '../helpers.js';
import { PASSWORD, startHarness, type Harness } from './harness.js';

const base = (h: Record<string, unknown>) => {
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('no-referrer');
  const csp = String(h['content-security-policy']);
  expect(csp).toContain("frame-ancestors 'none'");
  const script = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
  expect(script).toBe("'self'");
  expect(csp).toContain("object-src 'none'");
  return csp;
};

describe('security headers', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h?.close(); });

  it('are on the console, the API, refusals and 404s, without HSTS over plain HTTP', async () => {
    for (const [path, headers, status] of [
      ['/', {}, 200], ['/assets/app.js', {}, 200], ['/alerts/x', {}, 200], ['/api/health', {}, 200],
      ['/api/alerts', {}, 401], ['/api/alerts', { authorization: `Bearer ${TOKEN}` }, 200], ['/api/nope', {}, 404], ['//x', {}, 400],
    ] as const) {
      const a = await h.send('GET', path, headers);
      expect(a.status, path).toBe(status);
      base(a.headers);
      expect(a.headers['strict-transport-security'], path).toBeUndefined();
    }
    expect((await h.send('GET', '/api/alerts', { authorization: `Bearer ${TOKEN}` })).headers['cache-control']).toBe('no-store');
  });

  it('scope the Swagger UI policy to /api/docs, still without inline script', async () => {
    const ui = await h.send('GET', '/api/docs');
    expect(ui.status).toBe(200);
    const csp = base(ui.headers);
    expect(csp).toContain('img-src');
    expect(ui.body).not.toMatch(/<script>(?!\s*<\/script>)/);
    expect(/img-src ([^;]*)/.exec(csp)?.[1]).toContain('blob:');
    const app = await h.send('GET', '/');
    expect(/img-src ([^;]*)/.exec(String(app.headers['content-security-policy']))?.[1]).not.toContain('blob:');
  });

  it('ignore X-Forwarded-* when no proxy is trusted', async () => {
    const a = await h.send('GET', '/api/health', { 'x-forwarded-proto': 'https' });
    expect(a.headers['strict-transport-security']).toBeUndefined();
    const r = await h.send('POST', '/api/auth/login', { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.77' }, JSON.stringify({ username: 'ana', password: PASSWORD }));
    expect(r.status).toBe(200);
    const cookies = ([] as string[]).concat(r.headers['set-cookie'] ?? []);
    expect(cookies.find((c) => c.startsWith('ww_session='))).not.toMatch(/;\s*Secure/i);
    expect(h.rt.store.listAudit(5).find((e) => e.action === 'login')?.detail).toMatchObject({ ip: '127.0.0.1' });
  });
});

describe('api.trustProxy behind a TLS-terminating proxy', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({ trustProxy: ['127.0.0.1'] }); });
  afterAll(async () => { await h?.close(); });

  it('sends HSTS and Secure cookies when the proxy says https, and records the client address', async () => {
    const a = await h.send('GET', '/', { 'x-forwarded-proto': 'https' });
    expect(a.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    expect((await h.send('GET', '/', { 'x-forwarded-proto': 'http' })).headers['strict-transport-security']).toBeUndefined();
    const r = await h.send('POST', '/api/auth/login', { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.77' }, JSON.stringify({ username: 'ana', password: PASSWORD }));
    expect(r.status).toBe(200);
    const cookies = ([] as string[]).concat(r.headers['set-cookie'] ?? []);
    expect(cookies.find((c) => c.startsWith('ww_session='))).toMatch(/;\s*Secure/i);
    expect(cookies.find((c) => c.startsWith('ww_csrf='))).toMatch(/;\s*Secure/i);
    expect(h.rt.store.listAudit(5).find((e) => e.action === 'login')?.detail).toMatchObject({ ip: '198.51.100.77' });
  });
});
