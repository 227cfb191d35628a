import type { FeedFormat } from '../importers/types.js';
import type { IntelStore } from '../store/intel-store.js';

/** A feed `wardwatch intel update` polls: a TAXII 2.1 collection or a file at a URL. */
export interface FeedDef {
  name: string;
  kind: 'taxii' | 'url';
  /** TAXII: the API root URL; url: the file's URL. */
  url: string;
  /** TAXII: the collection id. */
  collection?: string | undefined;
  /** HTTP Basic user name; without it the secret is sent as a bearer token. */
  user?: string | undefined;
  /** Name of the environment variable holding the password / token (secrets are never stored). */
  secretEnv?: string | undefined;
  /** url: the file's format (default: detected). */
  format?: FeedFormat | undefined;
  /** url: lifetime of entries without their own expiry (days). */
  ttlDays?: number | undefined;
}

/** What the last polls of a feed did: shown by `intel feed list`, used for `added_after` and backoff. */
export interface FeedState {
  /** TAXII: `added_after` of the next poll (the last `X-TAXII-Date-Added-Last` seen). */
  addedAfter?: string | undefined;
  /** url: validators of the last good download, for a conditional GET. */
  etag?: string | undefined;
  lastModified?: string | undefined;
  lastAttempt?: string | undefined;
  lastSuccess?: string | undefined;
  lastError?: string | undefined;
  /** Failures since the last success (the backoff doubles with each). */
  failures: number;
  /** No poll before this time unless forced. */
  retryAfter?: string | undefined;
  /** Objects / values loaded by the last successful poll, and in all. */
  lastLoaded: number;
  totalObjects: number;
}

/** A feed with its state. */
export interface Feed { def: FeedDef; state: FeedState }

/**
 * The feeds in `intel.db` (table `feed_state`): definitions and polling state, one row each.
 *
 * @example new FeedRegistry(store).add({ name: 'isac', kind: 'taxii', url: 'https://isac.example/taxii2/api1/', collection: '…' })
 */
export class FeedRegistry {
  constructor(private readonly store: IntelStore) {}

  /** Add a feed (its name must be new). */
  add(def: FeedDef): void {
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(def.name)) throw new Error(`a feed name is 1-64 lower-case letters, digits, . _ -: ${def.name}`);
    if (this.get(def.name)) throw new Error(`a feed named ${def.name} exists (remove it first)`);
    const state: FeedState = { failures: 0, lastLoaded: 0, totalObjects: 0 };
    this.store.db.prepare('INSERT INTO feed_state (name, state) VALUES (?, ?)').run(def.name, JSON.stringify({ def, state }));
  }

  /** Remove a feed (what it loaded stays, and expires as its entries say). */
  remove(name: string): boolean {
    return this.store.db.prepare('DELETE FROM feed_state WHERE name = ?').run(name).changes > 0;
  }

  /** Every feed, by name. */
  list(): Feed[] {
    return (this.store.db.prepare('SELECT state FROM feed_state ORDER BY name').pluck().all() as string[]).map((s) => JSON.parse(s) as Feed);
  }

  /** One feed. */
  get(name: string): Feed | undefined {
    const s = this.store.db.prepare('SELECT state FROM feed_state WHERE name = ?').pluck().get(name) as string | undefined;
    return s ? (JSON.parse(s) as Feed) : undefined;
  }

  /** Save a feed's state. */
  save(feed: Feed): void {
    this.store.db.prepare('UPDATE feed_state SET state = ? WHERE name = ?').run(JSON.stringify(feed), feed.def.name);
  }
}
