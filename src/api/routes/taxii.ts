import { existsSync } from 'node:fs';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WardError } from '../../core/errors.js';
import { IntelStore } from '../../intel/store/intel-store.js';
import { DEFAULT_SCHEMA_DIR, StixValidator } from '../../intel/stix/validate.js';
import {
  ENDPOINT_FILTERS, STIX_MEDIA, TAXII_MEDIA, TaxiiError, TaxiiStore, acceptsTaxii, addEnvelope, allowed, formatMicros,
  isTaxiiContent, parseFilters, type CollectionRecord, type Entry, type Page,
} from '../../intel/taxii/index.js';
import type { Runtime } from '../../pipeline/runtime.js';
import { principalOf } from '../auth/principal.js';
import type { Permission } from '../auth/roles.js';

/** Where TAXII lives: discovery at `/taxii2/`, the one API root below it. */
export const TAXII_DISCOVERY = '/taxii2/';
export const TAXII_ROOT = '/taxii2/wardwatch/';
/** Default `max_content_length` of the API root: the largest envelope POST accepted. */
export const TAXII_MAX_CONTENT = 10 * 1024 * 1024;

/** Options of {@link taxiiRoutes}. */
export interface TaxiiOptions {
  /** Largest request body (bytes), announced as the API root's `max_content_length`. */
  maxContentLength?: number;
  /** Where the STIX 2.1 JSON Schemas are (POSTed objects are validated when present). */
  schemaDir?: string;
}

/**
 * Send a TAXII document. As bytes: Fastify rewrites the content type of a string or object it
 * sends (`version="2.1"; charset=utf-8`), which strict TAXII clients compare literally.
 */
function body(reply: FastifyReply, doc: unknown): FastifyReply {
  return reply.header('content-type', TAXII_MEDIA).header('cache-control', 'no-store').send(Buffer.from(JSON.stringify(doc)));
}

/** Send a TAXII error message resource. */
export function sendTaxiiError(reply: FastifyReply, err: TaxiiError): FastifyReply {
  if (err.status === 401) reply.header('WWW-Authenticate', 'Basic realm="wardwatch-taxii", Bearer realm="wardwatch-taxii"');
  return body(reply.code(err.status), err.toResource());
}

const send = (reply: FastifyReply, doc: unknown, status = 200) => body(reply.code(status), doc);

function errorHandler(this: unknown, err: FastifyError, req: FastifyRequest, reply: FastifyReply, limit: number): FastifyReply {
  if (err instanceof TaxiiError) return sendTaxiiError(reply, err);
  if (err instanceof WardError && err.code === 'request.invalid') return sendTaxiiError(reply, new TaxiiError(400, 'Bad JSON', `${err.message}${err.where ? ` (${err.where})` : ''}`));
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return sendTaxiiError(reply, new TaxiiError(413, 'Request too large', `the body is larger than this API root's max_content_length of ${limit} bytes; send fewer objects per envelope`));
  }
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return sendTaxiiError(reply, new TaxiiError(415, 'Unsupported media type', `send the envelope as ${TAXII_MEDIA}`));
  }
  if (err.statusCode && err.statusCode < 500) return sendTaxiiError(reply, new TaxiiError(err.statusCode, 'Bad request', err.message));
  req.log.error({ err }, 'TAXII request failed');
  return sendTaxiiError(reply, new TaxiiError(500, 'Internal error', 'the server could not answer this request'));
}

const rootUrl = (req: FastifyRequest) => `${req.protocol}://${req.host}${TAXII_ROOT}`;

function dateHeaders(reply: FastifyReply, entries: readonly Entry[]): void {
  const first = entries[0];
  const last = entries[entries.length - 1];
  if (!first || !last) return;
  // First and last of the page, by date added (entries are in that order).
  reply.header('X-TAXII-Date-Added-First', formatMicros(first.added));
  reply.header('X-TAXII-Date-Added-Last', formatMicros(last.added));
}

const paging = (p: Page) => ({ more: p.more, ...(p.next ? { next: p.next } : {}) });

/**
 * The TAXII 2.1 server (OASIS TAXII 2.1, §4–5): discovery, one API root (`/taxii2/wardwatch/`),
 * its collections, objects (GET with `added_after`, `limit`, `next` and `match[id|type|version|
 * spec_version]`; POST of an envelope, answered with a status resource), manifests, versions,
 * single objects (GET, DELETE) and status. Every answer and error is `application/taxii+json;
 * version=2.1`; errors are TAXII error messages. Callers authenticate with the API's tokens —
 * as a Bearer token, or as the password of HTTP Basic (what taxii2-client and most TAXII tools
 * send) — or with a console session; each collection then says which roles / tokens may read
 * and write it (`wardwatch intel collection`).
 */
export function taxiiRoutes(app: FastifyInstance, rt: Runtime, opts: TaxiiOptions = {}): void {
  const limit = opts.maxContentLength ?? TAXII_MAX_CONTENT;
  let intel: IntelStore | undefined;
  let taxii: TaxiiStore | undefined;
  const store = (): TaxiiStore => {
    if (!taxii) {
      intel = IntelStore.open(rt.dataDir);
      taxii = new TaxiiStore(intel);
    }
    return taxii;
  };
  app.addHook('onClose', async () => intel?.close());
  let validator: StixValidator | undefined | null = null;
  const schemas = (): StixValidator | undefined => {
    if (validator === null) {
      const dir = opts.schemaDir ?? DEFAULT_SCHEMA_DIR;
      validator = existsSync(dir) ? StixValidator.load(dir) : undefined;
      if (!validator) app.log.warn(`TAXII: STIX 2.1 schemas not found in ${dir}; POSTed objects get basic checks only`);
    }
    return validator;
  };

  app.removeContentTypeParser('application/taxii+json');
  app.addContentTypeParser('application/taxii+json', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const route = (method: 'GET' | 'POST' | 'DELETE', url: string, perm: Permission, summary: string, handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => {
    app.route({
      method, url, handler,
      config: { perm, taxii: true },
      ...(method === 'POST' ? { bodyLimit: limit } : {}),
      schema: { summary, tags: ['taxii'] },
      errorHandler: (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => errorHandler(err, req, reply, limit),
      preHandler: async (req) => {
        if (!acceptsTaxii(req.headers.accept)) throw new TaxiiError(406, 'Not acceptable', `this server answers ${TAXII_MEDIA}`);
      },
    });
  };

  const caller = (req: FastifyRequest) => {
    const p = principalOf(req);
    return { role: p.role, token: p.kind === 'token' ? p.actor : undefined };
  };
  /** The collection of the path, if the caller may see it (else 404: its existence is not shown). */
  const collectionFor = (req: FastifyRequest, need: 'read' | 'write' | 'see'): CollectionRecord => {
    const { collectionId } = req.params as { collectionId: string };
    const c = store().collection(collectionId);
    const who = caller(req);
    const r = c ? allowed(c.readers, who) : false;
    const w = c ? allowed(c.writers, who) : false;
    if (!c || (!r && !w)) throw new TaxiiError(404, 'Collection not found', `no collection ${collectionId.slice(0, 80)} on this API root that you may use`);
    if (need === 'read' && !r) throw new TaxiiError(403, 'Forbidden', `you may not read collection ${c.id}`);
    if (need === 'write' && !w) throw new TaxiiError(403, 'Forbidden', `you may not write to collection ${c.id}`);
    return c;
  };
  const describe = (c: CollectionRecord, req: FastifyRequest) => {
    const who = caller(req);
    return {
      id: c.id, title: c.title, ...(c.description ? { description: c.description } : {}), alias: c.alias,
      can_read: allowed(c.readers, who), can_write: allowed(c.writers, who), media_types: [STIX_MEDIA],
    };
  };
  const query = (req: FastifyRequest, endpoint: keyof typeof ENDPOINT_FILTERS) => parseFilters(req.query as Record<string, unknown>, ENDPOINT_FILTERS[endpoint]);

  route('GET', TAXII_DISCOVERY, 'read', 'TAXII 2.1 server discovery', async (req, reply) => send(reply, {
    title: 'Wardwatch TAXII server',
    description: 'Threat intelligence shared by this Wardwatch instance (STIX 2.1). PHI never leaves: see docs/intel.md.',
    default: rootUrl(req),
    api_roots: [rootUrl(req)],
  }));

  route('GET', TAXII_ROOT, 'read', 'TAXII 2.1 API root information', async (_req, reply) => send(reply, {
    title: 'Wardwatch',
    description: 'Indicator collections of this Wardwatch instance',
    versions: [TAXII_MEDIA],
    max_content_length: limit,
  }));

  route('GET', `${TAXII_ROOT}status/:statusId/`, 'read', 'TAXII 2.1 status of an envelope POST', async (req, reply) => {
    const { statusId } = req.params as { statusId: string };
    const s = store().status(statusId);
    const c = s ? store().collection(s.collection) : undefined;
    const who = caller(req);
    if (!s || !c || !(allowed(c.readers, who) || allowed(c.writers, who))) throw new TaxiiError(404, 'Status not found', `no status ${statusId.slice(0, 80)}`);
    return send(reply, s.doc);
  });

  route('GET', `${TAXII_ROOT}collections/`, 'read', 'TAXII 2.1 collections of the API root', async (req, reply) => {
    const who = caller(req);
    const list = store().collections().filter((c) => allowed(c.readers, who) || allowed(c.writers, who)).map((c) => describe(c, req));
    return send(reply, list.length ? { collections: list } : {});
  });

  route('GET', `${TAXII_ROOT}collections/:collectionId/`, 'read', 'TAXII 2.1 collection', async (req, reply) => send(reply, describe(collectionFor(req, 'see'), req)));

  route('GET', `${TAXII_ROOT}collections/:collectionId/manifest/`, 'read', 'TAXII 2.1 manifest: which object versions a collection holds', async (req, reply) => {
    const c = collectionFor(req, 'read');
    const page = store().query(c.id, query(req, 'manifest'));
    dateHeaders(reply, page.entries);
    if (!page.entries.length) return send(reply, {});
    return send(reply, {
      ...paging(page),
      objects: page.entries.map((e) => ({ id: e.id, date_added: formatMicros(e.added), version: e.version, media_type: `application/stix+json;version=${e.specVersion}` })),
    });
  });

  route('GET', `${TAXII_ROOT}collections/:collectionId/objects/`, 'read', 'TAXII 2.1 objects of a collection (filters: added_after, limit, next, match[…])', async (req, reply) => {
    const c = collectionFor(req, 'read');
    const page = store().query(c.id, query(req, 'objects'));
    dateHeaders(reply, page.entries);
    if (!page.entries.length) return send(reply, {});
    return send(reply, { ...paging(page), objects: store().documents(page.entries) });
  });

  route('POST', `${TAXII_ROOT}collections/:collectionId/objects/`, 'ingest', 'TAXII 2.1 add an envelope of objects to a collection (answers a status resource)', async (req, reply) => {
    const c = collectionFor(req, 'write');
    if (!isTaxiiContent(req.headers['content-type'])) throw new TaxiiError(415, 'Unsupported media type', `send the envelope as ${TAXII_MEDIA}`);
    let body: unknown = req.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch (err) {
        throw new TaxiiError(400, 'Bad JSON', `the body is not valid JSON: ${(err as Error).message.slice(0, 200)}`);
      }
    }
    const status = addEnvelope(store(), c, body, { validator: schemas() });
    rt.store.audit({
      time: new Date().toISOString(), actor: principalOf(req).actor, action: 'taxii_add', target: `taxii collection ${c.id}`,
      detail: { alias: c.alias, status: status.id, total: status.total_count, added: status.success_count, failed: status.failure_count },
    });
    return send(reply, status, 202);
  });

  route('GET', `${TAXII_ROOT}collections/:collectionId/objects/:objectId/`, 'read', 'TAXII 2.1 one object (its versions by match[version])', async (req, reply) => {
    const c = collectionFor(req, 'read');
    const { objectId } = req.params as { objectId: string };
    if (!store().has(c.id, objectId)) throw new TaxiiError(404, 'Object not found', `collection ${c.id} holds no object ${objectId.slice(0, 100)}`);
    const page = store().query(c.id, query(req, 'object'), { id: objectId });
    dateHeaders(reply, page.entries);
    if (!page.entries.length) return send(reply, {});
    return send(reply, { ...paging(page), objects: store().documents(page.entries) });
  });

  route('DELETE', `${TAXII_ROOT}collections/:collectionId/objects/:objectId/`, 'ingest', 'TAXII 2.1 delete an object (all versions, or those of match[version])', async (req, reply) => {
    const c = collectionFor(req, 'write');
    // A DELETE names what it removes in the path and filters; a body suggests a client that meant something else.
    if (req.body !== undefined && req.body !== '' && req.body !== null) throw new TaxiiError(400, 'Unexpected body', 'DELETE of an object takes no body (use match[version] to remove some versions)');
    const { objectId } = req.params as { objectId: string };
    const f = query(req, 'delete');
    if (!(req.query as Record<string, unknown>)['match[version]']) f.versions = [{ kind: 'all' }];
    if (!store().has(c.id, objectId)) throw new TaxiiError(404, 'Object not found', `collection ${c.id} holds no object ${objectId.slice(0, 100)}`);
    const entries = store().query(c.id, { ...f, limit: 1_000_000 }, { id: objectId }).entries;
    const n = store().remove(c.id, entries);
    rt.store.audit({ time: new Date().toISOString(), actor: principalOf(req).actor, action: 'taxii_delete', target: `taxii collection ${c.id}`, detail: { object: objectId, versions: n } });
    return send(reply, {});
  });

  route('GET', `${TAXII_ROOT}collections/:collectionId/objects/:objectId/versions/`, 'read', 'TAXII 2.1 versions of an object', async (req, reply) => {
    const c = collectionFor(req, 'read');
    const { objectId } = req.params as { objectId: string };
    if (!store().has(c.id, objectId)) throw new TaxiiError(404, 'Object not found', `collection ${c.id} holds no object ${objectId.slice(0, 100)}`);
    const page = store().query(c.id, { ...query(req, 'versions'), versions: [{ kind: 'all' }] }, { id: objectId });
    dateHeaders(reply, page.entries);
    if (!page.entries.length) return send(reply, {});
    return send(reply, { ...paging(page), versions: page.entries.map((e) => e.version) });
  });
}
