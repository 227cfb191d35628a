import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { IngestResult, ParserDef } from '../../core/components.js';
import { parseDuration } from '../../core/duration.js';
import { WardError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { splitJsonArray } from '../../parsers/common/json-array.js';
import { parsers } from '../../pipeline/builtins.js';
import type { Runtime } from '../../pipeline/runtime.js';
import { jsonSchema, validate } from '../validate.js';

const query = z.strictObject({
  /** Parser for each record; NDJSON lines and JSON array elements are records. */
  format: z.string().default('json'),
  /** Name of the sender, kept with each record (and its dead letters). */
  source: z.string().max(200).optional(),
  /** Idempotency key of this batch (same rules as the `Idempotency-Key` header, which it may replace). */
  batch: z.string().optional(),
});

/**
 * What an idempotency key may be: 1–128 characters of letters, digits and `._:~+/=-` (a UUID, a
 * ULID, base64, or `sender:counter`), so keys are never confused by encodings or whitespace.
 */
const KEY = /^[A-Za-z0-9._:~+/=-]{1,128}$/;

/** The answer of a batch, as replayed. */
type Answer = { accepted: number; events: number; deadLetters: number };
const toAnswer = (r: IngestResult): Answer => ({ accepted: r.records, events: r.events, deadLetters: r.deadLetters });

/** The key of a request from the header or the `batch` parameter; both must agree. */
function batchKey(header: string | string[] | undefined, param: string | undefined): string | undefined {
  if (Array.isArray(header)) throw new WardError('request.invalid', 'send one Idempotency-Key header', 'headers.idempotency-key');
  if (header !== undefined && param !== undefined && header !== param) {
    throw new WardError('request.invalid', 'Idempotency-Key header and batch parameter differ', 'query.batch');
  }
  const key = header ?? param;
  if (key === undefined) return undefined;
  if (!KEY.test(key)) {
    throw new WardError('request.invalid', 'idempotency key must be 1-128 characters of A-Z a-z 0-9 . _ : ~ + / = -', header !== undefined ? 'headers.idempotency-key' : 'query.batch');
  }
  return key;
}

const errorBody = { type: 'object', properties: { error: { type: 'string' }, message: { type: 'string' } } };

/**
 * Split a body into records: by the parser's framing (whole body, or its own splitter),
 * else a JSON array's elements, or the lines of NDJSON.
 */
function toRecords(body: string, contentType: string, source: string, peer: string, framing: ParserDef['framing']): RawRecord[] {
  const now = Date.now();
  if (framing === 'document') return body.length ? [{ data: body, source, offset: 1, receivedAt: now, peer }] : [];
  if (typeof framing === 'function') return framing(body).map((data, i) => ({ data, source, offset: i + 1, receivedAt: now, peer }));
  const trimmed = body.trimStart();
  if (contentType.includes('application/json') && trimmed.startsWith('[')) {
    // Cut the array into its elements' own text without parsing it: nothing deep is ever built
    // or re-serialised here, and each element's parser bounds its depth and dead-letters it.
    const elements = splitJsonArray(body);
    // Not one well-formed array: keep the body as one record, so it is dead-lettered, not lost.
    if (!elements) return [{ data: body, source, offset: 1, receivedAt: now, peer }];
    return elements.map((data, i) => ({ data, source, offset: i + 1, receivedAt: now, peer }));
  }
  const out: RawRecord[] = [];
  let line = 0;
  let start = 0;
  while (start <= body.length) {
    let nl = body.indexOf('\n', start);
    if (nl < 0) nl = body.length;
    line++;
    let end = nl;
    if (end > start && body.charCodeAt(end - 1) === 13) end--;
    if (end > start) out.push({ data: body.slice(start, end), source, offset: line, receivedAt: now, peer });
    start = nl + 1;
  }
  return out;
}

/**
 * `POST /api/ingest`: NDJSON or a JSON array. Answers 202 only after the batch is durably
 * stored; 413 when the body is over the limit, 429 with `Retry-After` when the pipeline is
 * full, 503 with `Retry-After` when shutting down or the store fails. Never a silent drop.
 *
 * A batch may carry an idempotency key (`Idempotency-Key` header or `batch` parameter). The key
 * is committed in the same transaction as the batch's events; a batch sent again with a key
 * already stored (within `store.ingestKeyTtl`) is not stored again: the first answer is
 * returned with `Idempotency-Replayed: true`. The same key with a different body is refused
 * with 422. So a client that resends what a crash left unanswered stores each event once.
 */
export function ingestRoutes(app: FastifyInstance, rt: Runtime): void {
  const tele = rt.telemetry.component('source', 'http');
  const ttlMs = parseDuration(rt.loaded.config.store.ingestKeyTtl, 'store.ingestKeyTtl');
  /** Keyed batches being stored now: a concurrent resend waits for the first and replays its answer. */
  const inflight = new Map<string, { fingerprint: string; done: Promise<Answer | undefined> }>();
  for (const type of ['application/x-ndjson', 'application/ndjson', 'application/json', 'text/plain', 'message/rfc822', 'application/mbox', 'application/xml', 'application/fhir+json', 'application/fhir+xml', 'application/hl7-v2']) {
    app.removeContentTypeParser(type);
    app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => done(null, body));
  }
  app.post('/api/ingest', {
    config: { perm: 'ingest' },
    schema: {
      summary: 'Send events (NDJSON or a JSON array)',
      tags: ['ingest'],
      querystring: jsonSchema(query),
      consumes: ['application/x-ndjson', 'application/json'],
      response: {
        202: {
          type: 'object',
          properties: { accepted: { type: 'integer' }, events: { type: 'integer' }, deadLetters: { type: 'integer' } },
        },
        400: errorBody,
        413: errorBody,
        422: errorBody,
        429: errorBody,
        503: errorBody,
      },
    },
  }, async (req, reply) => {
    const q = validate(query, req.query, 'query');
    const key = batchKey(req.headers['idempotency-key'], q.batch);
    const parser = rt.ingestor.parser(q.format, 'query.format');
    const body = typeof req.body === 'string' ? req.body : '';
    // What the key stands for: the body and how it is read.
    const fingerprint = key ? createHash('sha256').update(`${q.format}\n${q.source ?? ''}\n`).update(body).digest('hex') : '';
    const replay = (fp: string, answer: Answer) => {
      if (fp !== fingerprint) {
        return reply.code(422).send({ error: 'ingest.key_reused', message: 'this idempotency key was used for a different batch; use a new key per batch' });
      }
      tele.dropped('replayed', answer.accepted);
      return reply.code(202).header('Idempotency-Replayed', 'true').send(answer);
    };
    if (key) {
      const running = inflight.get(key);
      if (running) {
        const answer = await running.done;
        if (answer) return replay(running.fingerprint, answer);
      } else {
        const stored = rt.store.batchKey(key, Date.now() - ttlMs);
        if (stored) return replay(stored.fingerprint, toAnswer(JSON.parse(stored.answer) as IngestResult));
      }
    }
    const admission = rt.ingestor.admission();
    if (admission !== 'ok') {
      tele.dropped(admission === 'busy' ? 'backpressure' : 'shutting_down');
      return reply
        .code(admission === 'busy' ? 429 : 503)
        .header('Retry-After', admission === 'busy' ? '1' : '5')
        .send({ error: admission === 'busy' ? 'ingest.busy' : 'ingest.unavailable', message: admission === 'busy' ? 'the pipeline is full; retry after the indicated seconds' : 'shutting down; retry later' });
    }
    const framing = parsers.has(q.format) ? parsers.get(q.format).framing : undefined;
    const records = toRecords(body, req.headers['content-type'] ?? '', `http:${q.source ?? 'api'}`, req.ip, framing);
    tele.received(records.length);
    let settle: (a: Answer | undefined) => void = () => {};
    if (key) {
      const done = new Promise<Answer | undefined>((r) => { settle = r; });
      inflight.set(key, { fingerprint, done });
    }
    try {
      const r = toAnswer(await rt.ingestor.ingest(records, parser, key ? { key: { key, fingerprint } } : {}));
      tele.emitted(records.length);
      settle(r);
      return reply.code(202).send(r);
    } catch (err) {
      settle(undefined);
      tele.error();
      req.log.error({ err }, 'ingest store failed');
      return reply.code(503).header('Retry-After', '5').send({ error: 'ingest.unavailable', message: 'the store could not take the batch; retry later' });
    } finally {
      if (key) inflight.delete(key);
    }
  });
}
