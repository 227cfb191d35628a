import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { Runtime } from '../../pipeline/runtime.js';
import { principalOf } from '../auth/principal.js';
import { auditEhrView, isEhrAlert } from '../ehr-audit.js';

/**
 * `GET /api/alerts/stream`: new alerts as Server-Sent Events (`event: alerts`, data = JSON array).
 * A comment every 15 s keeps proxies from closing the stream; shutting the server ends them.
 */
export function streamRoutes(app: FastifyInstance, rt: Runtime): void {
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => { for (const res of open) res.end(); });

  app.get('/api/alerts/stream', {
    schema: { summary: 'Live alerts (Server-Sent Events)', tags: ['alerts'] },
    config: { perm: 'read' },
  }, (req, reply) => {
    const who = principalOf(req);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n: connected\n\n');
    open.add(res);
    const off = rt.onAlerts((alerts) => {
      const ehr = alerts.filter(isEhrAlert).map((a) => a.id);
      if (ehr.length) auditEhrView(rt.store, who, 'view_ehr_alert', ehr, 'alert-stream');
      res.write(`event: alerts\ndata: ${JSON.stringify(alerts)}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    const done = () => { clearInterval(ping); off(); open.delete(res); };
    req.raw.on('close', done);
    res.on('close', done);
  });
}
