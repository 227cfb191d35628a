import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { FeedRegistry } from '../../intel/feeds/registry.js';
import { ShareService } from '../../intel/share/service.js';
import { IntelStore } from '../../intel/store/intel-store.js';
import { TLP_LEVELS } from '../../intel/stix/tlp.js';
import { DEFAULT_SCHEMA_DIR, StixValidator } from '../../intel/stix/validate.js';
import { TaxiiStore } from '../../intel/taxii/collections.js';
import type { Runtime } from '../../pipeline/runtime.js';
import { SHARE_STATES, type ShareDraftRecord } from '../../store/sqlite/intel-share.js';
import { technique } from '../attack.js';
import { principalOf } from '../auth/principal.js';
import { isoTime, jsonSchema, validate } from '../validate.js';

const proposeBody = z.strictObject({
  incidentId: z.string().regex(/^inc_[0-9a-f]{16}$/),
  tlp: z.enum(TLP_LEVELS),
  /** A local TAXII collection (alias or id). */
  collection: z.string().min(1).max(100).optional(),
  /** A peer named in `intel.share.remotes`. */
  remote: z.string().min(1).max(64).optional(),
  note: z.string().min(1).max(2000).optional(),
  from: isoTime.optional(),
});
const listQuery = z.strictObject({
  state: z.string().regex(new RegExp(`^(${SHARE_STATES.join('|')})(,(${SHARE_STATES.join('|')}))*$`)).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const idParams = z.object({ shareId: z.string().regex(/^shr_[0-9a-f]{16}$/) });
const rejectBody = z.strictObject({ reason: z.string().min(1).max(2000) });

/** A draft without its bundle's objects (the list view); the object count stays. */
const summary = (d: ShareDraftRecord) => ({ ...d, bundle: { id: d.bundle.id, objects: d.bundle.objects.length } });

/**
 * Sharing incidents out (src/intel/share) and the console's intel page:
 * `GET /api/intel/overview` (collections with object counts, feeds and their last update, intel
 * matches), `GET/POST /api/intel/share` (drafts; propose from an incident, perm `intel:share`),
 * `GET /api/intel/share/:shareId` (one draft with its bundle and the stripped-items report),
 * `POST …/approve` and `…/reject` (perm `intel:share:approve`; the proposer may not approve).
 */
export function intelShareRoutes(app: FastifyInstance, rt: Runtime): void {
  let intel: IntelStore | undefined;
  const intelStore = () => (intel ??= IntelStore.open(rt.dataDir));
  let validator: StixValidator | undefined | null = null;
  const schemas = () => {
    if (validator === null) validator = existsSync(DEFAULT_SCHEMA_DIR) ? StixValidator.load() : undefined;
    return validator;
  };
  const service = () => new ShareService({ store: rt.store, dataDir: rt.dataDir, config: rt.loaded.config, intel: intelStore(), validator: schemas(), techniqueName: (id) => technique(id).name });
  app.addHook('onClose', async () => intel?.close());

  app.get('/api/intel/overview', {
    schema: { summary: 'Threat intel at a glance: TAXII collections and their object counts, feeds and their last update, indicator stats and recent intel matches', tags: ['intel'] },
    config: { perm: 'read' },
  }, async () => {
    const store = intelStore();
    const taxii = new TaxiiStore(store);
    const matches = [...rt.store.listAlerts({ detector: 'intel.match', limit: 50 }).items, ...rt.store.listAlerts({ detector: 'intel.retro-hunt', limit: 50 }).items]
      .sort((a, b) => b.time.localeCompare(a.time)).slice(0, 50)
      .map((a) => ({ id: a.id, time: a.time, title: a.title, severity: a.severity, detector: a.detector, text: a.explanation.text }));
    return {
      collections: taxii.collections().map((c) => ({ id: c.id, alias: c.alias, title: c.title, objects: taxii.count(c.id), readers: c.readers, writers: c.writers })),
      feeds: new FeedRegistry(store).list().map((f) => ({ name: f.def.name, kind: f.def.kind, url: f.def.url, collection: f.def.collection ?? null, ...f.state })),
      stats: store.stats(Date.now()),
      matches,
      share: { amberCollections: rt.loaded.config.intel.share.amberCollections, remotes: Object.entries(rt.loaded.config.intel.share.remotes).map(([name, r]) => ({ name, maxTlp: r.maxTlp })) },
    };
  });

  app.get('/api/intel/share', {
    schema: { summary: 'Share drafts (incidents proposed for sharing as STIX), newest first', tags: ['intel'], querystring: jsonSchema(listQuery) },
    config: { perm: 'read' },
  }, async (req) => {
    const q = validate(listQuery, req.query, 'query');
    const s = service();
    return { items: s.list(q.state?.split(',') as ShareDraftRecord['state'][] | undefined, q.limit).map(summary) };
  });

  app.get('/api/intel/share/:shareId', {
    schema: { summary: 'One share draft: the STIX bundle, what was removed and why, who proposed and decided', tags: ['intel'] },
    config: { perm: 'read' },
  }, async (req) => {
    const { shareId } = validate(idParams, req.params, 'params');
    return service().get(shareId);
  });

  app.post('/api/intel/share', {
    schema: { summary: 'Propose sharing an incident: drafts a STIX 2.1 bundle with PHI and internal identifiers stripped, for a second person to approve (audited)', tags: ['intel'], body: jsonSchema(proposeBody) },
    config: { perm: 'intel:share' },
  }, async (req, reply) => {
    const b = validate(proposeBody, req.body, 'body');
    const d = service().propose({ incidentId: b.incidentId, tlp: b.tlp, targets: { collection: b.collection, remote: b.remote }, note: b.note, from: b.from }, principalOf(req).actor);
    return reply.code(201).send(d);
  });

  app.post('/api/intel/share/:shareId/approve', {
    schema: { summary: 'Approve a share draft (not your own): checked again, then published to its TAXII collection and/or remote peer (audited)', tags: ['intel'], body: jsonSchema(z.strictObject({})) },
    config: { perm: 'intel:share:approve' },
  }, async (req) => {
    const { shareId } = validate(idParams, req.params, 'params');
    validate(z.strictObject({}), req.body ?? {}, 'body');
    return service().approve(shareId, principalOf(req).actor);
  });

  app.post('/api/intel/share/:shareId/reject', {
    schema: { summary: 'Reject a share draft with a reason (audited)', tags: ['intel'], body: jsonSchema(rejectBody) },
    config: { perm: 'intel:share:approve' },
  }, async (req) => {
    const { shareId } = validate(idParams, req.params, 'params');
    const b = validate(rejectBody, req.body, 'body');
    return service().reject(shareId, principalOf(req).actor, b.reason);
  });
}
