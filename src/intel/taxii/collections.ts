import { randomUUID } from 'node:crypto';
import type { IntelStore } from '../store/intel-store.js';
import type { Cursor, TaxiiFilters } from './filters.js';
import { encodeCursor } from './filters.js';
import { formatMicros, parseMicros } from './media.js';

/** A TAXII collection as stored: who may read and write it (`*`, role names or `token:<name>`). */
export interface CollectionRecord {
  id: string;
  alias: string;
  title: string;
  description?: string | undefined;
  readers: string[];
  writers: string[];
  /** Objects written to it are also imported as indicators (source `taxii:<alias>`). */
  import: boolean;
}

/** One object version held by a collection (the TAXII manifest record). */
export interface Entry {
  id: string;
  version: string;
  /** date_added, µs since the epoch. */
  added: number;
  type: string;
  specVersion: string;
}

/** A page of entries. */
export interface Page { entries: Entry[]; more: boolean; next?: string }

/** Who is asking, as far as collection access goes. */
export interface Caller { role: string; token?: string | undefined }

/**
 * Whether a caller is on an access list. A token matches `token:<its name>` and, since API
 * tokens act as admin everywhere in Wardwatch, `admin`; a console user matches their role.
 *
 * @example allowed(['analyst', 'token:peer-b'], { role: 'admin', token: 'peer-b' }) // true
 */
export function allowed(list: readonly string[], who: Caller): boolean {
  return list.some((x) => x === '*' || x === who.role || (who.token !== undefined && x === `token:${who.token}`));
}

const micros = () => Date.now() * 1000;

type Row = { id: string; version: string; added: number; type: string; spec_version: string };
const toEntry = (r: Row): Entry => ({ id: r.id, version: r.version, added: r.added, type: r.type, specVersion: r.spec_version });

/**
 * TAXII 2.1 collections in `intel.db`: their access lists, the object versions each holds with a
 * date added that is unique and increasing within the collection (so `added_after` alone pages
 * exactly), and the status resources of envelopes POSTed to them. Object documents are the
 * shared `stix_objects` rows, so an object in several collections is stored once.
 *
 * @example
 * const t = new TaxiiStore(IntelStore.open('./data'));
 * const c = t.createCollection({ alias: 'outbox', title: 'Shared indicators' });
 */
export class TaxiiStore {
  constructor(readonly intel: IntelStore) {}

  private get db() {
    return this.intel.db;
  }

  /** Make a collection (readers default to every signed-in role, writers to admins and tokens). */
  createCollection(c: { alias: string; title: string; description?: string | undefined; readers?: string[] | undefined; writers?: string[] | undefined; import?: boolean | undefined; id?: string | undefined }): CollectionRecord {
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(c.alias)) throw new Error(`a collection alias is 1-64 lower-case letters, digits, . _ -: ${c.alias}`);
    const rec: CollectionRecord = {
      id: c.id ?? randomUUID(), alias: c.alias, title: c.title, description: c.description,
      readers: c.readers ?? ['*'], writers: c.writers ?? ['admin'], import: c.import ?? true,
    };
    this.db.prepare('INSERT INTO taxii_collections (id, alias, title, description, readers, writers, import, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(rec.id, rec.alias, rec.title, rec.description ?? null, JSON.stringify(rec.readers), JSON.stringify(rec.writers), rec.import ? 1 : 0, Date.now());
    return rec;
  }

  /** Remove a collection and its entries (the object documents stay for other collections). */
  removeCollection(idOrAlias: string): boolean {
    const c = this.collection(idOrAlias);
    if (!c) return false;
    this.intel.transaction(() => {
      this.db.prepare('DELETE FROM taxii_entries WHERE collection = ?').run(c.id);
      this.db.prepare('DELETE FROM taxii_collections WHERE id = ?').run(c.id);
    });
    return true;
  }

  /** Every collection, in creation order. */
  collections(): CollectionRecord[] {
    return (this.db.prepare('SELECT * FROM taxii_collections ORDER BY created, rowid').all() as Array<Record<string, unknown>>).map(toCollection);
  }

  /** A collection by id or alias. */
  collection(idOrAlias: string): CollectionRecord | undefined {
    const r = this.db.prepare('SELECT * FROM taxii_collections WHERE id = ? OR alias = ?').get(idOrAlias, idOrAlias) as Record<string, unknown> | undefined;
    return r ? toCollection(r) : undefined;
  }

  /** Number of object versions in a collection. */
  count(collection: string): number {
    return Number(this.db.prepare('SELECT COUNT(*) FROM taxii_entries WHERE collection = ?').pluck().get(collection));
  }

  /**
   * Add one object version to a collection (call inside a transaction for a batch). A version
   * the collection already holds is left as it was (`added: false`).
   */
  addObject(collection: string, o: { id: string; type: string; [k: string]: unknown }, source: string, at?: number): { version: string; added: boolean; dateAdded: number } {
    // `at` (µs) keeps a date added from elsewhere (a copied collection); otherwise now, kept increasing.
    const last = at === undefined ? Number(this.db.prepare('SELECT MAX(added) FROM taxii_entries WHERE collection = ?').pluck().get(collection) ?? 0) : 0;
    const dateAdded = at ?? Math.max(micros(), last + 1);
    const version = typeof o.modified === 'string' ? o.modified : typeof o.created === 'string' ? o.created : formatMicros(dateAdded);
    const existing = this.db.prepare('SELECT added FROM taxii_entries WHERE collection = ? AND id = ? AND version = ?').pluck().get(collection, o.id, version) as number | undefined;
    if (existing !== undefined) return { version, added: false, dateAdded: existing };
    const spec = typeof o.spec_version === 'string' ? o.spec_version : '2.0';
    this.db.prepare('INSERT OR IGNORE INTO stix_objects (id, version, type, source, added, doc) VALUES (?, ?, ?, ?, ?, ?)').run(o.id, version, o.type, source, Math.floor(dateAdded / 1000), JSON.stringify(o));
    this.db.prepare('INSERT INTO taxii_entries (collection, id, version, vkey, added, type, spec_version) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(collection, o.id, version, parseMicros(version) ?? dateAdded, dateAdded, o.type, spec);
    return { version, added: true, dateAdded };
  }

  /**
   * The entries of a collection that pass the filters, in date-added order, one page at a
   * time (`next` continues after the last entry returned).
   */
  query(collection: string, f: TaxiiFilters, opts: { id?: string } = {}): Page {
    const where: string[] = ['e.collection = ?'];
    const args: unknown[] = [collection];
    const inList = (col: string, values: readonly string[]) => {
      where.push(`${col} IN (${values.map(() => '?').join(',')})`);
      args.push(...values);
    };
    if (opts.id) inList('e.id', [opts.id]);
    if (f.ids) inList('e.id', f.ids);
    if (f.types) inList('e.type', f.types);
    if (f.specVersions) inList('e.spec_version', f.specVersions);
    if (f.addedAfter !== undefined) {
      where.push('e.added > ?');
      args.push(f.addedAfter);
    }
    // Without match[spec_version], each object is shown in the latest spec version it has (spec §3.4.1).
    if (!f.specVersions) where.push('e.spec_version = (SELECT MAX(x.spec_version) FROM taxii_entries x WHERE x.collection = e.collection AND x.id = e.id)');
    const specSub = f.specVersions ? ` AND x.spec_version IN (${f.specVersions.map(() => '?').join(',')})` : ' AND x.spec_version = e.spec_version';
    const vs: string[] = [];
    const vargs: unknown[] = [];
    for (const v of f.versions) {
      if (v.kind === 'all') {
        vs.length = 0;
        vargs.length = 0;
        break;
      }
      if (v.kind === 'at') {
        vs.push('e.vkey = ?');
        vargs.push(v.micros);
      } else {
        vs.push(`e.vkey = (SELECT ${v.kind === 'last' ? 'MAX' : 'MIN'}(x.vkey) FROM taxii_entries x WHERE x.collection = e.collection AND x.id = e.id${specSub})`);
        vargs.push(...(f.specVersions ?? []));
      }
    }
    if (vs.length) {
      where.push(`(${vs.join(' OR ')})`);
      args.push(...vargs);
    }
    const c: Cursor | undefined = f.next;
    if (c) {
      where.push('(e.added, e.id, e.version) > (?, ?, ?)');
      args.push(c.added, c.id, c.version);
    }
    const rows = this.db.prepare(`SELECT e.id, e.version, e.added, e.type, e.spec_version FROM taxii_entries e WHERE ${where.join(' AND ')} ORDER BY e.added, e.id, e.version LIMIT ?`)
      .all(...args, f.limit + 1) as Row[];
    const more = rows.length > f.limit;
    const entries = rows.slice(0, f.limit).map(toEntry);
    const lastEntry = entries[entries.length - 1];
    return { entries, more, ...(more && lastEntry ? { next: encodeCursor({ added: lastEntry.added, id: lastEntry.id, version: lastEntry.version }) } : {}) };
  }

  /** Whether a collection holds any version of an object. */
  has(collection: string, id: string): boolean {
    return this.db.prepare('SELECT 1 FROM taxii_entries WHERE collection = ? AND id = ? LIMIT 1').get(collection, id) !== undefined;
  }

  /** The documents of entries, in the entries' order. */
  documents(entries: readonly Entry[]): Array<Record<string, unknown>> {
    const get = this.db.prepare('SELECT doc FROM stix_objects WHERE id = ? AND version = ?').pluck();
    return entries.flatMap((e) => {
      const d = get.get(e.id, e.version) as string | undefined;
      return d ? [JSON.parse(d) as Record<string, unknown>] : [];
    });
  }

  /** Remove the given versions of an object from a collection; how many were removed. */
  remove(collection: string, entries: readonly Entry[]): number {
    const del = this.db.prepare('DELETE FROM taxii_entries WHERE collection = ? AND id = ? AND version = ?');
    return this.intel.transaction(() => entries.reduce((n, e) => n + del.run(collection, e.id, e.version).changes, 0));
  }

  /** Keep a status resource. */
  putStatus(collection: string, doc: { id: string }): void {
    this.db.prepare('INSERT OR REPLACE INTO taxii_status (id, collection, at, doc) VALUES (?, ?, ?, ?)').run(doc.id, collection, Date.now(), JSON.stringify(doc));
  }

  /** A status resource and the collection it concerns. */
  status(id: string): { collection: string; doc: Record<string, unknown> } | undefined {
    const r = this.db.prepare('SELECT collection, doc FROM taxii_status WHERE id = ?').get(id) as { collection: string; doc: string } | undefined;
    return r ? { collection: r.collection, doc: JSON.parse(r.doc) as Record<string, unknown> } : undefined;
  }
}

function toCollection(r: Record<string, unknown>): CollectionRecord {
  return {
    id: r.id as string, alias: r.alias as string, title: r.title as string, description: (r.description as string | null) ?? undefined,
    readers: JSON.parse(r.readers as string) as string[], writers: JSON.parse(r.writers as string) as string[], import: r.import === 1,
  };
}
