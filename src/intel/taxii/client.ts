import { TAXII_MEDIA } from './media.js';

/** How to reach a TAXII 2.1 collection (what `wardwatch intel feed add --taxii` records). */
export interface TaxiiSource {
  /** The API root URL, ending in `/` (e.g. `https://isac.example/taxii2/api1/`). */
  apiRoot: string;
  /** The collection id. */
  collection: string;
  /** HTTP Basic user name (the password is `secret`). */
  user?: string | undefined;
  /** Password (Basic) or bearer token; read from the environment, never stored. */
  secret?: string | undefined;
}

/** One page of a TAXII objects request. */
export interface TaxiiPage {
  objects: Array<Record<string, unknown>>;
  more: boolean;
  next?: string | undefined;
  /** `X-TAXII-Date-Added-Last`: where the next poll's `added_after` starts. */
  dateAddedLast?: string | undefined;
}

/** Largest TAXII answer read (a hostile or broken server must not exhaust memory). */
export const MAX_TAXII_RESPONSE = 64 * 1024 * 1024;

/** A failed TAXII request: the HTTP status (0 when the request never got an answer) and what the server said. */
export class TaxiiClientError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'TaxiiClientError';
  }
}

function headers(s: TaxiiSource): Record<string, string> {
  const h: Record<string, string> = { accept: TAXII_MEDIA };
  if (s.secret !== undefined) {
    h.authorization = s.user !== undefined ? `Basic ${Buffer.from(`${s.user}:${s.secret}`).toString('base64')}` : `Bearer ${s.secret}`;
  }
  return h;
}

async function readCapped(res: Response, cap: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > cap) throw new TaxiiClientError(res.status, `answer of ${declared} bytes is over the ${cap}-byte limit`);
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel();
      throw new TaxiiClientError(res.status, `answer over the ${cap}-byte limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Sends one TAXII request and parses the answer, failing with the server's TAXII error message
 * (title, description) or what went wrong on the way. Shared by GET and POST.
 */
async function taxiiRequest(url: string, init: RequestInit, timeoutMs: number): Promise<{ doc: Record<string, unknown>; res: Response }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (err) {
    throw new TaxiiClientError(0, `cannot reach ${url}: ${(err as Error).message}`);
  }
  const text = await readCapped(res, MAX_TAXII_RESPONSE);
  let doc: Record<string, unknown> = {};
  try {
    doc = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    throw new TaxiiClientError(res.status, `${url} answered ${res.status} with something that is not JSON`);
  }
  if (!res.ok) {
    const title = typeof doc.title === 'string' ? doc.title : res.statusText;
    const desc = typeof doc.description === 'string' ? `: ${doc.description}` : '';
    throw new TaxiiClientError(res.status, `${url} answered ${res.status} ${title}${desc}`.slice(0, 500));
  }
  return { doc, res };
}

/** A collection's objects endpoint under the source's API root. */
function objectsUrl(s: TaxiiSource): URL {
  return new URL(`collections/${encodeURIComponent(s.collection)}/objects/`, s.apiRoot.endsWith('/') ? s.apiRoot : `${s.apiRoot}/`);
}

/**
 * GET a TAXII resource and parse it, failing with the server's TAXII error message (title,
 * description) or what went wrong on the way.
 */
export async function taxiiGet(s: TaxiiSource, url: string, timeoutMs = 60_000): Promise<{ doc: Record<string, unknown>; headers: Headers }> {
  const { doc, res } = await taxiiRequest(url, { headers: headers(s) }, timeoutMs);
  if (!/^application\/(taxii\+)?json/i.test(res.headers.get('content-type') ?? '')) {
    throw new TaxiiClientError(res.status, `${url} did not answer TAXII JSON (content type ${res.headers.get('content-type') ?? 'none'})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new TaxiiClientError(res.status, `${url} answered JSON that is not a TAXII resource`);
  return { doc, headers: res.headers };
}

/**
 * One page of a collection's objects added after `addedAfter` (all versions, so a peer's
 * history arrives whole), continuing at `next`.
 *
 * @example const page = await getObjectsPage(src, { addedAfter: '2026-12-01T00:00:00.000000Z' });
 */
export async function getObjectsPage(s: TaxiiSource, o: { addedAfter?: string | undefined; next?: string | undefined; limit?: number } = {}): Promise<TaxiiPage> {
  const u = objectsUrl(s);
  u.searchParams.set('limit', String(o.limit ?? 1000));
  u.searchParams.set('match[version]', 'all');
  if (o.addedAfter) u.searchParams.set('added_after', o.addedAfter);
  if (o.next) u.searchParams.set('next', o.next);
  const { doc, headers: h } = await taxiiGet(s, u.toString());
  const objects = doc.objects === undefined ? [] : doc.objects;
  if (!Array.isArray(objects)) throw new TaxiiClientError(200, `${u.pathname}: "objects" is not an array`);
  return {
    objects: objects as Array<Record<string, unknown>>,
    more: doc.more === true,
    next: typeof doc.next === 'string' ? doc.next : undefined,
    dateAddedLast: h.get('x-taxii-date-added-last') ?? undefined,
  };
}

/**
 * POST an envelope to a peer's collection (TAXII 2.1 §5.4) and answer its status resource;
 * a refusal fails with the server's TAXII error title and description.
 *
 * @example const status = await postEnvelope(src, bundle.objects);
 */
export async function postEnvelope(s: TaxiiSource, objects: readonly unknown[], timeoutMs = 60_000): Promise<Record<string, unknown>> {
  const url = objectsUrl(s).toString();
  const { doc } = await taxiiRequest(url, { method: 'POST', headers: { ...headers(s), 'content-type': TAXII_MEDIA }, body: JSON.stringify({ objects }) }, timeoutMs);
  return doc;
}
