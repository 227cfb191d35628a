import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { routePolicy } from './route-policy.js';

describe('routePolicy', () => {
  it('fails the build listing every route that declares neither public nor perm', async () => {
    const app = Fastify();
    const policy = routePolicy(app);
    app.get('/api/ok', { config: { perm: 'read' } }, async () => 'ok');
    app.get('/api/open', { config: { public: true } }, async () => 'ok');
    app.get('/api/forgotten', async () => 'ok');
    app.post('/api/also', { config: {} }, async () => 'ok');
    expect(() => policy.assertAllDeclared()).toThrow(/GET \/api\/forgotten.*POST \/api\/also/);
    await app.close();
  });

  it('declares the routes a plugin registers while `declaring` runs, and only those', async () => {
    const app = Fastify();
    const policy = routePolicy(app);
    await policy.declaring({ public: true }, () => app.register(async (p) => {
      p.get('/static/*', async () => 'file');
      p.get('/static-admin', { config: { perm: 'admin' } }, async (req) => ({ ...req.routeOptions.config }));
    }));
    app.get('/api/x', async () => 'x');
    const seen = policy.routes();
    expect(seen.find((r) => r.url === '/static/*' && r.method === 'GET')?.declared).toBe(true);
    expect(seen.find((r) => r.url === '/api/x')?.declared).toBe(false);
    // A route that declared its own permission is not made public by the plugin's declaration.
    expect(app.findRoute({ method: 'GET', url: '/static-admin' })).toBeTruthy();
    await app.ready();
    const config = (await app.inject({ method: 'GET', url: '/static-admin' })).json() as { perm?: string; public?: boolean };
    expect(config.perm).toBe('admin');
    expect(config.public).toBeUndefined();
    // Fastify adds HEAD for GET; it inherits the declaration.
    expect(seen.find((r) => r.url === '/static/*' && r.method === 'HEAD')?.declared).toBe(true);
    await app.close();
  });
});
