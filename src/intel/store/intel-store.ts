import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Atom, AtomKind } from '../pattern/extract.js';
import { INTEL_MIGRATIONS } from './schema.js';

/** One matchable indicator value, as imported. */
export interface IndicatorRecord extends Atom {
  source: string;
  stixId: string;
  name?: string | undefined;
  confidence?: number | undefined;
  validFrom: number;
  validUntil?: number | undefined;
  tlp?: string | undefined;
  techniques?: string[] | undefined;
}

/** A stored indicator with its row number and import time (what the matcher loads). */
export interface StoredIndicator extends IndicatorRecord {
  seq: number;
  imported: number;
}

/** A STIX object kept for export and TAXII. */
export interface StoredObject {
  id: string;
  version: string;
  type: string;
  doc: Record<string, unknown>;
}

/** Counts for `wardwatch intel stats`. */
export interface IntelStats {
  version: number;
  indicators: number;
  active: number;
  expired: number;
  byKind: Record<string, number>;
  bySource: Array<{ source: string; indicators: number; lastImport: string | undefined }>;
  objects: number;
  sightings: number;
}

const rowToIndicator = (r: Record<string, unknown>): StoredIndicator => ({
  seq: r.seq as number,
  kind: r.kind as AtomKind,
  value: r.value as string,
  ...(r.subdomains ? { subdomains: true } : {}),
  ...(r.alg ? { alg: r.alg as string } : {}),
  source: r.source as string,
  stixId: r.stix_id as string,
  name: (r.name as string | null) ?? undefined,
  confidence: (r.confidence as number | null) ?? undefined,
  validFrom: r.valid_from as number,
  validUntil: (r.valid_until as number | null) ?? undefined,
  imported: r.imported as number,
  tlp: (r.tlp as string | null) ?? undefined,
  techniques: r.techniques ? (r.techniques as string).split(',') : undefined,
});

/**
 * Indicators, STIX objects and sightings in `DATA_DIR/intel.db` (mode 0600). Importers write
 * one transaction per import; detector threads open it read-only and reload when `version()`
 * moves.
 *
 * @example
 * const s = IntelStore.open('./data');
 * s.transaction(() => s.putIndicator({ kind: 'ip', value: '203.0.113.7', source: 'ipsum', stixId, validFrom: Date.now() }, Date.now()));
 */
export class IntelStore {
  readonly db: Database.Database;
  private readonly q;

  /** The database file of a data directory. */
  static file(dataDir: string): string {
    return join(dataDir, 'intel.db');
  }

  /** Open (creating it, private to the owner) `DATA_DIR/intel.db`. */
  static open(dataDir: string, opts: { readonly?: boolean } = {}): IntelStore {
    if (!opts.readonly) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    return new IntelStore(IntelStore.file(dataDir), opts);
  }

  /** True if a data directory has an intel database (readers skip loading otherwise). */
  static exists(dataDir: string): boolean {
    return existsSync(IntelStore.file(dataDir));
  }

  constructor(file: string, opts: { readonly?: boolean } = {}) {
    const fresh = !existsSync(file);
    this.db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
    this.db.pragma('busy_timeout = 10000');
    if (!opts.readonly) {
      if (fresh) chmodSync(file, 0o600);
      this.db.pragma('journal_mode = WAL');
      const v = this.db.pragma('user_version', { simple: true }) as number;
      for (let i = v; i < INTEL_MIGRATIONS.length; i++) {
        this.db.transaction(() => {
          this.db.exec(INTEL_MIGRATIONS[i]!);
          this.db.pragma(`user_version = ${i + 1}`);
        })();
      }
    }
    const db = this.db;
    this.q = {
      put: opts.readonly ? undefined : db.prepare(`INSERT INTO indicators (kind, value, subdomains, alg, source, stix_id, name, confidence, valid_from, valid_until, imported, tlp, techniques)
        VALUES (@kind, @value, @subdomains, @alg, @source, @stix_id, @name, @confidence, @valid_from, @valid_until, @imported, @tlp, @techniques)
        ON CONFLICT (source, kind, value) DO UPDATE SET subdomains = excluded.subdomains, alg = excluded.alg, stix_id = excluded.stix_id,
          name = excluded.name, confidence = excluded.confidence, valid_from = excluded.valid_from, valid_until = excluded.valid_until,
          imported = excluded.imported, tlp = excluded.tlp, techniques = excluded.techniques`),
      putObject: opts.readonly ? undefined : db.prepare('INSERT OR IGNORE INTO stix_objects (id, version, type, source, added, doc) VALUES (?, ?, ?, ?, ?, ?)'),
      version: db.prepare("SELECT value FROM meta WHERE key = 'version'").pluck(),
      bump: opts.readonly ? undefined : db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'version'"),
      sight: opts.readonly ? undefined : db.prepare(`INSERT INTO sightings (indicator_seq, observed, field, first_seen, last_seen, count, last_event) VALUES (?, ?, ?, ?, ?, 1, ?)
        ON CONFLICT (indicator_seq, observed, field) DO UPDATE SET count = count + 1, first_seen = MIN(first_seen, excluded.first_seen),
          last_seen = MAX(last_seen, excluded.last_seen), last_event = excluded.last_event`),
      logImport: opts.readonly ? undefined : db.prepare('INSERT INTO imports (at, source, file, format, report) VALUES (?, ?, ?, ?, ?)'),
    };
  }

  private w<T>(s: T | undefined): T {
    if (!s) throw new Error('intel store opened read-only');
    return s;
  }

  /** Run `fn` in one transaction: an import is all or nothing. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Insert or refresh one indicator value (keyed by source, kind and value). */
  putIndicator(r: IndicatorRecord, imported: number): void {
    this.w(this.q.put).run({
      kind: r.kind, value: r.value, subdomains: r.subdomains ? 1 : 0, alg: r.alg ?? null, source: r.source, stix_id: r.stixId,
      name: r.name ?? null, confidence: r.confidence ?? null, valid_from: r.validFrom, valid_until: r.validUntil ?? null,
      imported, tlp: r.tlp ?? null, techniques: r.techniques?.length ? r.techniques.join(',') : null,
    });
  }

  /** Keep a STIX object (one row per id and version; a version seen again is ignored). */
  putObject(o: { id: string; type: string; [k: string]: unknown }, source: string, added: number): void {
    const version = (o.modified as string | undefined) ?? (o.created as string | undefined) ?? new Date(added).toISOString();
    this.w(this.q.putObject).run(o.id, version, o.type, source, added, JSON.stringify(o));
  }

  /** Record an import run (inside the import's transaction) and bump the version readers watch. */
  finishImport(at: number, source: string, file: string, format: string, report: unknown): void {
    this.w(this.q.logImport).run(at, source, file, format, JSON.stringify(report));
    this.w(this.q.bump).run();
  }

  /** A counter that moves on every import: readers reload their sets when it changes. */
  version(): number {
    return Number(this.q.version.get() ?? 0);
  }

  /** Indicators valid at `now` (started, not expired), streamed in row order. */
  *active(now: number): Generator<StoredIndicator> {
    const stmt = this.db.prepare('SELECT * FROM indicators WHERE valid_from <= ? AND (valid_until IS NULL OR valid_until > ?) ORDER BY seq');
    for (const r of stmt.iterate(now, now)) yield rowToIndicator(r as Record<string, unknown>);
  }

  /**
   * Just what the lookup sets need of the indicators valid at `now` (row number, kind, value,
   * subdomain flag), streamed: building the sets never holds the full rows.
   */
  *keys(now: number, minConfidence = 0, importedSince?: number): Generator<{ seq: number; kind: AtomKind; value: string; subdomains?: boolean }> {
    // `importedSince`: only indicators written by imports at or after that time (a retro-hunt's new ones).
    const stmt = this.db.prepare(`SELECT seq, kind, value, subdomains FROM indicators WHERE valid_from <= ? AND (valid_until IS NULL OR valid_until > ?)${minConfidence > 0 ? ' AND COALESCE(confidence, 100) >= ?' : ''}${importedSince !== undefined ? ' AND imported >= ?' : ''}`).raw();
    const args = [now, now, ...(minConfidence > 0 ? [minConfidence] : []), ...(importedSince !== undefined ? [importedSince] : [])];
    for (const r of stmt.iterate(...args) as Iterable<[number, AtomKind, string, number]>) {
      yield r[3] ? { seq: r[0], kind: r[1], value: r[2], subdomains: true } : { seq: r[0], kind: r[1], value: r[2] };
    }
  }

  /** Indicator rows by row number (the explanation of a hit). */
  bySeq(seqs: readonly number[]): StoredIndicator[] {
    if (!seqs.length) return [];
    return (this.db.prepare(`SELECT * FROM indicators WHERE seq IN (${seqs.map(() => '?').join(',')}) ORDER BY seq`).all(...seqs) as Array<Record<string, unknown>>).map(rowToIndicator);
  }

  /** Every indicator of a value (all sources), for explanations and `intel export`. */
  byValue(kind: AtomKind, value: string): StoredIndicator[] {
    return (this.db.prepare('SELECT * FROM indicators WHERE kind = ? AND value = ?').all(kind, value) as Array<Record<string, unknown>>).map(rowToIndicator);
  }

  /** Count a sighting of an indicator in an event. */
  recordSighting(seq: number, observed: string, field: string, at: number, eventId: string): void {
    this.w(this.q.sight).run(seq, observed, field, at, at, eventId);
  }

  /** Sightings, most recent first. */
  sightings(limit = 100): Array<{ indicator: StoredIndicator; observed: string; field: string; firstSeen: number; lastSeen: number; count: number }> {
    const rows = this.db.prepare('SELECT s.*, s.count AS n, i.* FROM sightings s JOIN indicators i ON i.seq = s.indicator_seq ORDER BY s.last_seen DESC LIMIT ?').all(limit) as Array<Record<string, unknown>>;
    return rows.map((r) => ({ indicator: rowToIndicator(r), observed: r.observed as string, field: r.field as string, firstSeen: r.first_seen as number, lastSeen: r.last_seen as number, count: r.n as number }));
  }

  /** STIX objects, optionally added after a time, in date-added order. */
  objects(opts: { addedAfter?: number; type?: string; limit?: number } = {}): StoredObject[] {
    const rows = this.db.prepare(`SELECT id, version, type, doc FROM stix_objects WHERE added > ? ${opts.type ? 'AND type = ?' : ''} ORDER BY added, id LIMIT ?`)
      .all(...[opts.addedAfter ?? -1, ...(opts.type ? [opts.type] : []), opts.limit ?? 1e9]) as Array<{ id: string; version: string; type: string; doc: string }>;
    return rows.map((r) => ({ id: r.id, version: r.version, type: r.type, doc: JSON.parse(r.doc) as Record<string, unknown> }));
  }

  /** Counts by kind and source, active vs expired at `now`. */
  stats(now: number): IntelStats {
    const one = (sql: string, ...a: unknown[]) => Number(this.db.prepare(sql).pluck().get(...a) ?? 0);
    const byKind: Record<string, number> = {};
    for (const r of this.db.prepare('SELECT kind, COUNT(*) n FROM indicators GROUP BY kind ORDER BY kind').all() as Array<{ kind: string; n: number }>) byKind[r.kind] = r.n;
    const bySource = (this.db.prepare('SELECT source, COUNT(*) n, MAX(imported) last FROM indicators GROUP BY source ORDER BY source').all() as Array<{ source: string; n: number; last: number | null }>)
      .map((r) => ({ source: r.source, indicators: r.n, lastImport: r.last ? new Date(r.last).toISOString() : undefined }));
    return {
      version: this.version(),
      indicators: one('SELECT COUNT(*) FROM indicators'),
      active: one('SELECT COUNT(*) FROM indicators WHERE valid_from <= ? AND (valid_until IS NULL OR valid_until > ?)', now, now),
      expired: one('SELECT COUNT(*) FROM indicators WHERE valid_until IS NOT NULL AND valid_until <= ?', now),
      byKind,
      bySource,
      objects: one('SELECT COUNT(*) FROM stix_objects'),
      sightings: one('SELECT COUNT(*) FROM sightings'),
    };
  }

  close(): void {
    this.db.close();
  }
}
