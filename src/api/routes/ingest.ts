import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ParserDef } from '../../core/components.js';
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
});

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
 */
export function ingestRoutes(app: FastifyInstance, rt: Runtime): void {
  const tele = rt.telemetry.component('source', 'http');
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
        413: errorBody,
        429: errorBody,
        503: errorBody,
      },
    },
  }, async (req, reply) => {
    const q = validate(query, req.query, 'query');
    const parser = rt.ingestor.parser(q.format, 'query.format');
    const admission = rt.ingestor.admission();
    if (admission !== 'ok') {
      tele.dropped(admission === 'busy' ? 'backpressure' : 'shutting_down');
      return reply
        .code(admission === 'busy' ? 429 : 503)
        .header('Retry-After', admission === 'busy' ? '1' : '5')
        .send({ error: admission === 'busy' ? 'ingest.busy' : 'ingest.unavailable', message: admission === 'busy' ? 'the pipeline is full; retry after the indicated seconds' : 'shutting down; retry later' });
    }
    const body = typeof req.body === 'string' ? req.body : '';
    const framing = parsers.has(q.format) ? parsers.get(q.format).framing : undefined;
    const records = toRecords(body, req.headers['content-type'] ?? '', `http:${q.source ?? 'api'}`, req.ip, framing);
    tele.received(records.length);
    try {
      const r = await rt.ingestor.ingest(records, parser);
      tele.emitted(records.length);
      return reply.code(202).send({ accepted: r.records, events: r.events, deadLetters: r.deadLetters });
    } catch (err) {
      tele.error();
      req.log.error({ err }, 'ingest store failed');
      return reply.code(503).header('Retry-After', '5').send({ error: 'ingest.unavailable', message: 'the store could not take the batch; retry later' });
    }
  });
}
