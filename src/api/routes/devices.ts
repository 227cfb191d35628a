import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { WardError } from '../../core/errors.js';
import { CRITICALITIES, DEVICE_TYPES, DeviceRepo, catalogueCache, viewOf, type DeviceView } from '../../devices/index.js';
import type { Runtime } from '../../pipeline/runtime.js';
import { principalOf } from '../auth/principal.js';
import { jsonSchema, validate } from '../validate.js';

const listQuery = z.strictObject({
  type: z.enum(DEVICE_TYPES).optional(),
  criticality: z.enum(CRITICALITIES).optional(),
  minRisk: z.coerce.number().int().min(0).max(100).optional(),
  /** Free text: id, IP, MAC, host name, vendor or AE title contains it. */
  q: z.string().max(200).optional(),
  /** Comma-separated IPs/MACs: the devices holding them now (an alert's entities). */
  addr: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
const idParam = z.object({ id: z.string().min(1).max(200) });
const patchBody = z.strictObject({
  type: z.enum(DEVICE_TYPES).nullable().optional(),
  criticality: z.enum(CRITICALITIES).nullable().optional(),
});

/** Without peers and vulnerabilities' detail: the inventory table's row. */
function summary(v: DeviceView): Omit<DeviceView, 'peers'> & { peers: number } {
  return { ...v, peers: v.peers.length };
}

/**
 * The device inventory.
 * - `GET /api/devices` (read): devices with type, criticality, risk; filters `type`, `criticality`, `minRisk`, `q`, `addr`.
 * - `GET /api/devices/:id` (read): one device (id, IP or MAC) with peers, evidence and vulnerabilities.
 * - `PATCH /api/devices/:id` (perm `devices`: admin, biomed): override type and/or criticality
 *   (`null` clears); kept over the classifier, honoured by the respond gate, audited.
 */
export function deviceRoutes(app: FastifyInstance, rt: Runtime): void {
  const repo = new DeviceRepo(rt.store.db);
  const catalogue = catalogueCache(rt.dataDir);
  // What the tracker folded but has not written yet is shown too: flush before reading.
  const fresh = () => rt.devices.flush();

  app.get('/api/devices', {
    schema: { summary: 'List inventoried devices (riskiest first)', tags: ['devices'], querystring: jsonSchema(listQuery) },
    config: { perm: 'read' },
  }, async (req) => {
    const q = validate(listQuery, req.query, 'query');
    fresh();
    const overrides = repo.overrides();
    const cat = catalogue();
    const only = q.addr ? new Set(repo.idsOf(q.addr.split(',').map((a) => a.trim()).filter(Boolean)).values()) : undefined;
    const text = q.q?.toLowerCase();
    const items = repo.all()
      .filter((r) => !only || only.has(r.id))
      .map((r) => viewOf(r, overrides.get(r.id), cat))
      .filter((v) => (!q.type || v.type === q.type) && (!q.criticality || v.criticality === q.criticality) && v.risk >= (q.minRisk ?? 0))
      .filter((v) => !text || [v.id, v.vendor ?? '', ...v.ips, ...v.hostnames, ...v.aeTitles].some((s) => s.toLowerCase().includes(text)))
      .sort((a, b) => b.risk - a.risk || a.id.localeCompare(b.id));
    return { items: items.slice(0, q.limit).map(summary), total: items.length, catalogue: cat.loaded };
  });

  app.get('/api/devices/:id', {
    schema: { summary: 'One device with its peers, evidence and vulnerabilities', tags: ['devices'] },
    config: { perm: 'read' },
  }, async (req) => {
    const { id } = validate(idParam, req.params, 'params');
    fresh();
    const rec = repo.get(id);
    if (!rec) throw new WardError('not_found', `no device ${id}`);
    const override = repo.overrides().get(rec.id);
    return { ...viewOf(rec, override, catalogue()), override: override ?? null };
  });

  app.patch('/api/devices/:id', {
    schema: { summary: 'Override a device\'s type and/or criticality (null clears)', tags: ['devices'], body: jsonSchema(patchBody) },
    config: { perm: 'devices' },
  }, async (req) => {
    const { id } = validate(idParam, req.params, 'params');
    const body = validate(patchBody, req.body, 'body');
    if (body.type === undefined && body.criticality === undefined) throw new WardError('request.invalid', 'give type and/or criticality (null clears an override)', 'body');
    fresh();
    const rec = repo.get(id);
    if (!rec) throw new WardError('not_found', `no device ${id}`);
    const p = principalOf(req);
    const override = repo.setOverride(rec.id, body, p.actor);
    rt.store.audit({ time: new Date().toISOString(), actor: p.actor, action: 'device.override', target: rec.id, detail: { type: body.type, criticality: body.criticality } });
    return { ...viewOf(rec, override, catalogue()), override: override ?? null };
  });
}
