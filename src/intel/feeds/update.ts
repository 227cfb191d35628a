import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { emptyReport, importPath, storeParsed, type ImportReport } from '../importers/run.js';
import { readStix } from '../importers/stix.js';
import type { WarningLists } from '../importers/warninglists.js';
import type { IntelStore } from '../store/intel-store.js';
import type { StixValidator } from '../stix/validate.js';
import { getObjectsPage, MAX_TAXII_RESPONSE, TaxiiClientError } from '../taxii/client.js';
import type { Feed, FeedRegistry } from './registry.js';

/** What one feed's update did. */
export interface UpdateResult {
  name: string;
  outcome: 'updated' | 'unchanged' | 'failed' | 'waiting';
  /** Objects (TAXII) or bytes' worth of entries (url) received, and indicator values loaded. */
  received: number;
  loaded: number;
  problems: number;
  message: string;
}

/** Options of {@link updateFeed}. */
export interface UpdateOptions {
  dataDir: string;
  now?: number;
  /** Poll even if the feed is backing off after failures. */
  force?: boolean;
  validator?: StixValidator | undefined;
  warningLists?: WarningLists | undefined;
  env?: NodeJS.ProcessEnv;
  /** Most pages one TAXII poll follows (a server that never says `more: false` must not loop forever). */
  maxPages?: number;
}

/** Wait after `failures` failures in a row: 1 min, doubling, at most 6 h. */
export const backoffMs = (failures: number): number => Math.min(60_000 * 2 ** Math.max(0, failures - 1), 6 * 3_600_000);

const iso = (ms: number) => new Date(ms).toISOString();

function secretOf(feed: Feed, env: NodeJS.ProcessEnv): string | undefined {
  if (!feed.def.secretEnv) return undefined;
  const v = env[feed.def.secretEnv];
  if (!v) throw new TaxiiClientError(0, `environment variable ${feed.def.secretEnv} (the feed's ${feed.def.user ? 'password' : 'token'}) is not set`);
  return v;
}

async function pollTaxii(store: IntelStore, feed: Feed, o: UpdateOptions, now: number): Promise<Omit<UpdateResult, 'name'>> {
  const src = { apiRoot: feed.def.url, collection: feed.def.collection ?? '', user: feed.def.user, secret: secretOf(feed, o.env ?? process.env) };
  const objects: Array<Record<string, unknown>> = [];
  let next: string | undefined;
  let last = feed.state.addedAfter;
  for (let page = 0; ; page++) {
    if (page >= (o.maxPages ?? 10_000)) throw new TaxiiClientError(0, `more than ${o.maxPages ?? 10_000} pages: stopped (nothing of this poll was loaded)`);
    const p = await getObjectsPage(src, { addedAfter: feed.state.addedAfter, next });
    objects.push(...p.objects);
    if (p.dateAddedLast) last = p.dateAddedLast;
    if (!p.more || !p.next || !p.objects.length) break;
    next = p.next;
  }
  if (!objects.length) return { outcome: 'unchanged', received: 0, loaded: 0, problems: 0, message: `nothing added since ${feed.state.addedAfter ?? 'the start'}` };
  const source = `taxii:${feed.def.name}`;
  const parsed = readStix(JSON.stringify({ type: 'bundle', id: `bundle--00000000-0000-4000-8000-${String(now % 1e12).padStart(12, '0')}`, objects }), { source, now, ttlDays: 0, validator: o.validator });
  // added_after moves only after the import has committed: a crash in between re-polls (imports are
  // idempotent), never skips.
  let report: ImportReport | undefined;
  store.transaction(() => {
    report = storeParsed(store, parsed, emptyReport(`${feed.def.url} collection ${feed.def.collection}`, 'stix', source), now, o.warningLists);
    feed.state.addedAfter = last;
  });
  return {
    outcome: 'updated', received: objects.length, loaded: report!.loaded, problems: report!.problems.length,
    message: `${objects.length} objects, ${report!.loaded} indicator values loaded, ${report!.problems.length} objects refused${report!.problems[0] ? ` (first: ${report!.problems[0].object} ${report!.problems[0].path}: ${report!.problems[0].message})` : ''}`,
  };
}

async function pollUrl(store: IntelStore, feed: Feed, o: UpdateOptions, now: number): Promise<Omit<UpdateResult, 'name'>> {
  const secret = secretOf(feed, o.env ?? process.env);
  const h: Record<string, string> = {};
  if (secret !== undefined) h.authorization = feed.def.user !== undefined ? `Basic ${Buffer.from(`${feed.def.user}:${secret}`).toString('base64')}` : `Bearer ${secret}`;
  const dir = join(o.dataDir, 'feeds');
  const ext = extname(new URL(feed.def.url).pathname).toLowerCase() || (feed.def.format === 'csv' ? '.csv' : feed.def.format === 'plain' ? '.txt' : '.json');
  const good = join(dir, `${feed.def.name}${ext}`);
  // Conditional GET only when the last good copy is still there to fall back on.
  if (existsSync(good)) {
    if (feed.state.etag) h['if-none-match'] = feed.state.etag;
    if (feed.state.lastModified) h['if-modified-since'] = feed.state.lastModified;
  }
  let res: Response;
  try {
    res = await fetch(feed.def.url, { headers: h, signal: AbortSignal.timeout(120_000) });
  } catch (err) {
    throw new TaxiiClientError(0, `cannot reach ${feed.def.url}: ${(err as Error).message}`);
  }
  if (res.status === 304) return { outcome: 'unchanged', received: 0, loaded: 0, problems: 0, message: 'not modified since the last download' };
  if (!res.ok) throw new TaxiiClientError(res.status, `${feed.def.url} answered ${res.status} ${res.statusText}`);
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.length > 8 * MAX_TAXII_RESPONSE) throw new TaxiiClientError(res.status, `download of ${buf.length} bytes is over the limit`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${feed.def.name}.download${ext}`);
  writeFileSync(tmp, buf, { mode: 0o600 });
  let r: ImportReport | undefined;
  try {
    [r] = importPath(store, tmp, { format: feed.def.format, source: feed.def.name, now, ttlDays: feed.def.ttlDays, validator: o.validator, warningLists: o.warningLists });
  } finally {
    if (!r || r.failed) rmSync(tmp, { force: true });
  }
  if (!r || r.failed) throw new TaxiiClientError(res.status, `the download is not a readable feed: ${r?.failed ?? 'no file'}`);
  renameSync(tmp, good);
  chmodSync(good, 0o600);
  feed.state.etag = res.headers.get('etag') ?? undefined;
  feed.state.lastModified = res.headers.get('last-modified') ?? undefined;
  return { outcome: 'updated', received: buf.length, loaded: r.loaded, problems: r.problems.length, message: `${r.loaded} values loaded (${r.warningListed} on warning lists, ${r.problems.length} problems); copy kept in ${good}` };
}

/**
 * Poll one feed: a TAXII collection (objects added after the last poll, every page, imported
 * in one transaction with the new `added_after`) or a URL (downloaded, imported, and kept as
 * the last good copy in `DATA_DIR/feeds/`). A failure changes nothing that was loaded: the
 * result and the feed's state say what failed and since when the last good data dates, and
 * the feed backs off (1 min doubling to 6 h) unless forced.
 *
 * @example const r = await updateFeed(store, registry, feed, { dataDir: './data' });
 */
export async function updateFeed(store: IntelStore, registry: FeedRegistry, feed: Feed, o: UpdateOptions): Promise<UpdateResult> {
  const now = o.now ?? Date.now();
  if (!o.force && feed.state.retryAfter && Date.parse(feed.state.retryAfter) > now) {
    return { name: feed.def.name, outcome: 'waiting', received: 0, loaded: 0, problems: 0, message: `backing off after ${feed.state.failures} failures until ${feed.state.retryAfter} (last error: ${feed.state.lastError ?? '?'}); --force polls now` };
  }
  feed.state.lastAttempt = iso(now);
  try {
    const r = feed.def.kind === 'taxii' ? await pollTaxii(store, feed, o, now) : await pollUrl(store, feed, o, now);
    feed.state = { ...feed.state, lastSuccess: iso(now), lastError: undefined, failures: 0, retryAfter: undefined, lastLoaded: r.loaded, totalObjects: feed.state.totalObjects + r.received };
    registry.save(feed);
    return { name: feed.def.name, ...r };
  } catch (err) {
    const msg = (err as Error).message.slice(0, 500);
    feed.state.failures++;
    feed.state.lastError = msg;
    feed.state.retryAfter = iso(now + backoffMs(feed.state.failures));
    registry.save(feed);
    const kept = feed.state.lastSuccess ? `keeping what the last good update (${feed.state.lastSuccess}) loaded` : 'nothing was ever loaded from this feed';
    return { name: feed.def.name, outcome: 'failed', received: 0, loaded: 0, problems: 0, message: `${msg}; ${kept}; next try after ${feed.state.retryAfter}` };
  }
}
