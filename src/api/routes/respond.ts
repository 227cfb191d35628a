import type { FastifyInstance, FastifyReply } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { RespondSettings } from '../../core/config.js';
import { ACTION_STATES, EngineRefusal, feedAddress, type ResponseEngine } from '../../respond/index.js';
import { principalOf } from '../auth/principal.js';
import { jsonSchema, validate } from '../validate.js';

const decision = z.strictObject({ note: z.string().max(4000).optional() });
const idParam = z.object({ id: z.string().min(1).max(100) });
const listQuery = z.object({ state: z.enum(ACTION_STATES).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) });
const feedQuery = z.object({ list: z.string().regex(/^[\w-]+$/).max(64).default('default'), token: z.string().max(200).optional() });
const killBody = z.strictObject({ on: z.boolean() });

/** A feed token matches the configured SHA-256 digest (constant-time; an unknown list costs the same). */
function tokenOk(settings: RespondSettings, list: string, token: string | undefined): boolean {
  const want = Buffer.from(settings.feeds[list]?.tokenSha256 ?? '0'.repeat(64), 'hex');
  const got = createHash('sha256').update(token ?? '').digest();
  return timingSafeEqual(want, got) && settings.feeds[list] !== undefined && token !== undefined && token.length > 0;
}

async function decide<T>(reply: FastifyReply, fn: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof EngineRefusal)) throw err;
    const status = { not_found: 404, conflict: 409, forbidden: 403, failed: 502, invalid: 400 }[err.code];
    await reply.code(status).send({ error: `respond.${err.code}`, message: err.message });
    return undefined;
  }
}

/**
 * Response actions and the blocklist feed.
 * - `GET /api/actions` (read): the action history, newest first, `?state=`.
 * - `POST /api/actions/:id/approve|reject|undo` (perm `respond`: admin, analyst, biomed), with a note;
 *   an approval must also come from the role the action waits for (`biomed` for critical assets) or admin.
 * - `GET|PUT /api/respond/kill-switch` (read / admin).
 * - `GET /api/blocklist.txt|.json?list=NAME&token=…` — public routes that check the list's own token
 *   (query or `Authorization: Bearer`), for firewalls that pull URL tables / external dynamic lists.
 */
export function respondRoutes(app: FastifyInstance, engine: ResponseEngine, settings: RespondSettings): void {
  app.get('/api/actions', {
    schema: { summary: 'List response actions (newest first)', tags: ['respond'], querystring: jsonSchema(listQuery) },
    config: { perm: 'read' },
  }, async (req) => {
    const q = validate(listQuery, req.query, 'query');
    return { items: engine.repo.list({ ...(q.state ? { state: q.state } : {}), limit: q.limit }), mode: engine.mode, killSwitch: engine.killSwitch() };
  });

  for (const verb of ['approve', 'reject', 'undo'] as const) {
    app.post(`/api/actions/:id/${verb}`, {
      schema: { summary: `${verb[0]!.toUpperCase()}${verb.slice(1)} a response action, with a note`, tags: ['respond'], body: jsonSchema(decision) },
      config: { perm: 'respond' },
    }, async (req, reply) => {
      const { id } = validate(idParam, req.params, 'params');
      const { note } = validate(decision, req.body ?? {}, 'body');
      const p = principalOf(req);
      const who = { actor: p.actor, role: p.role };
      return decide(reply, () => (verb === 'approve' ? engine.approve(id, who, note) : verb === 'reject' ? engine.reject(id, who, note) : engine.undo(id, who, note)));
    });
  }

  app.get('/api/respond/kill-switch', { schema: { summary: 'Whether the response kill switch is on', tags: ['respond'] }, config: { perm: 'read' } },
    async () => ({ on: engine.killSwitch(), mode: engine.mode }));
  app.put('/api/respond/kill-switch', {
    schema: { summary: 'Switch all automatic response off (or back on)', tags: ['respond'], body: jsonSchema(killBody) },
    config: { perm: 'admin' },
  }, async (req) => {
    const { on } = validate(killBody, req.body, 'body');
    const p = principalOf(req);
    engine.setKillSwitch(on, { actor: p.actor, role: p.role });
    return { on: engine.killSwitch() };
  });

  const feed = (format: 'txt' | 'json') => app.get(`/api/blocklist.${format}`, {
    schema: { summary: `Blocklist feed (${format}) for firewalls; needs the list's token`, tags: ['respond'], querystring: jsonSchema(feedQuery), security: [] },
    // Public to the session/token check: the feed has its own per-list tokens, checked below.
    config: { public: true },
  }, async (req, reply) => {
    const q = validate(feedQuery, req.query, 'query');
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!tokenOk(settings, q.list, q.token ?? bearer)) {
      return reply.code(401).send({ error: 'auth.unauthorized', message: 'this list needs its feed token (?token= or Authorization: Bearer)' });
    }
    const now = Date.now();
    const entries = engine.repo.list({ state: 'done', limit: 100_000 })
      .filter((a) => (a.params.list ?? 'default') === q.list && (!a.expiresAt || Date.parse(a.expiresAt) > now))
      .map((a) => ({ address: feedAddress(a), expiresAt: a.expiresAt, playbook: a.playbook, actionId: a.id }))
      .filter((e): e is typeof e & { address: string } => e.address !== undefined);
    reply.header('cache-control', 'no-store');
    if (format === 'json') return { list: q.list, generated: new Date(now).toISOString(), entries };
    // One address or CIDR per line: what pfSense/OPNsense URL tables, FortiGate threat feeds and PAN-OS EDLs read.
    return reply.type('text/plain; charset=utf-8').send(entries.map((e) => e.address).join('\n') + (entries.length ? '\n' : ''));
  });
  feed('txt');
  feed('json');
}
