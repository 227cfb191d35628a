import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SEVERITY_RANK, type Alert } from '../../core/alert.js';
import { WardError, errorMessage } from '../../core/errors.js';
import type { WardEvent } from '../../core/event.js';
import type { DeadLetter } from '../../core/record.js';
import type {
  AlertQuery, AuditEntry, DeadLetterRow, EventQuery, Page, Store, StoreCounts, StoredBatchKey, StoredEvent,
} from '../store.js';
import { MIGRATIONS } from './migrations.js';
import { EVENT_COLUMNS, EventPacker, entityHash, type PackedBatch } from './pack.js';

export interface SqliteStoreOptions {
  /** `full` fsyncs each commit; `normal` is durable across a process crash but not power loss. */
  synchronous?: 'full' | 'normal';
  readonly?: boolean;
}

type Row = Record<string, unknown>;

/**
 * The embedded default store: one SQLite file in WAL mode (`DATA_DIR/wardwatch.db`),
 * writes batched into transactions, schema versioned by migrations.
 *
 * @example
 * const store = SqliteStore.open('./data');
 * store.appendEvents([event]);
 */
export class SqliteStore implements Store {
  readonly db: Database.Database;
  private readonly packer = new EventPacker();
  private readonly stmts;

  static open(dataDir: string, opts: SqliteStoreOptions = {}): SqliteStore {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    return new SqliteStore(SqliteStore.file(dataDir), opts);
  }

  /** The database file inside a data directory. */
  static file(dataDir: string): string {
    return join(dataDir, 'wardwatch.db');
  }

  /** Options this store was opened with (a writer thread opens its connection the same way). */
  readonly options: SqliteStoreOptions;

  constructor(readonly path: string, opts: SqliteStoreOptions = {}) {
    this.options = opts;
    const file = path;
    try {
      this.db = new Database(file, { readonly: opts.readonly ?? false });
    } catch (err) {
      throw new WardError('store.failed', `cannot open database: ${errorMessage(err)}`, file);
    }
    this.db.pragma('busy_timeout = 10000');
    if (!opts.readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${opts.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
      // Let the WAL grow to ~64 MiB before a commit pays for a checkpoint; the runtime also
      // checkpoints passively in the background (see checkpointWal).
      this.db.pragma('wal_autocheckpoint = 16384');
      this.migrate();
    }
    this.db.pragma('cache_size = -65536');
    const db = this.db;
    this.stmts = {
      insertEvent: db.prepare(
        `INSERT INTO events (id, ts, category, action, outcome, user_name, host_name, source_ip, destination_ip, message, doc, raw)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertEntity: db.prepare('INSERT OR IGNORE INTO event_entities (ent, seq) VALUES (?, ?)'),
      insertDead: db.prepare(
        'INSERT INTO dead_letters (received, source, offset, parser, reason, data) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      eventsAfter: db.prepare('SELECT seq, doc FROM events WHERE seq > ? ORDER BY seq LIMIT ?'),
      lastSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM events').pluck(),
      insertAlert: db.prepare(
        'INSERT OR IGNORE INTO alerts (id, ts, created, severity, detector, status, title, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertAlertEntity: db.prepare('INSERT INTO alert_entities (alert_id, type, entity_id) VALUES (?, ?, ?)'),
      getAlert: db.prepare('SELECT doc FROM alerts WHERE id = ?').pluck(),
      eventById: db.prepare('SELECT doc FROM events WHERE id = ?').pluck(),
      loadState: db.prepare('SELECT key, state FROM detector_state WHERE detector = ?'),
      upsertState: db.prepare(
        'INSERT INTO detector_state (detector, key, state) VALUES (?, ?, ?) ON CONFLICT (detector, key) DO UPDATE SET state = excluded.state',
      ),
      clearState: db.prepare('DELETE FROM detector_state WHERE detector = ?'),
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      setMeta: db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      audit: db.prepare('INSERT INTO audit (time, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)'),
      listAudit: db.prepare('SELECT time, actor, action, target, detail FROM audit ORDER BY id DESC LIMIT ?'),
      upsertEntity: db.prepare(
        `INSERT INTO entities (type, id, first_seen, last_seen) VALUES (?, ?, ?, ?)
         ON CONFLICT (type, id) DO UPDATE SET last_seen = MAX(last_seen, excluded.last_seen),
           first_seen = MIN(first_seen, excluded.first_seen)`,
      ),
      deadLetters: db.prepare(
        'SELECT id, received, source, offset, parser, reason, data FROM dead_letters ORDER BY id DESC LIMIT ?',
      ),
      deadLetter: db.prepare('SELECT id, received, source, offset, parser, reason, data FROM dead_letters WHERE id = ?'),
      retention: db.prepare('DELETE FROM events WHERE ts < ?'),
      // A key seen again after it expired starts afresh (its old row is replaced).
      upsertBatchKey: db.prepare(
        `INSERT INTO ingest_keys (key, created, fingerprint, answer) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET created = excluded.created, fingerprint = excluded.fingerprint, answer = excluded.answer`,
      ),
      batchKey: db.prepare('SELECT key, created, fingerprint, answer FROM ingest_keys WHERE key = ? AND created >= ?'),
      pruneBatchKeys: db.prepare('DELETE FROM ingest_keys WHERE created < ?'),
    };
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]!);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  appendEvents(events: WardEvent[], raws: (string | undefined)[] = []): number[] {
    return this.appendBatch(events, raws, []);
  }

  appendDeadLetters(items: DeadLetter[]): void {
    this.appendBatch([], [], items);
  }

  appendBatch(events: WardEvent[], raws: (string | undefined)[], dead: DeadLetter[], docs?: string[], keys?: StoredBatchKey[]): number[] {
    const batch = this.packer.pack(events, docs, raws, dead);
    if (keys?.length) batch.keys = keys;
    return this.appendPacked(batch);
  }

  batchKey(key: string, since: number): StoredBatchKey | undefined {
    return this.stmts.batchKey.get(key, since) as StoredBatchKey | undefined;
  }

  pruneBatchKeys(before: number): number {
    return this.stmts.pruneBatchKeys.run(before).changes;
  }

  /** Write a packed batch in one transaction; returns the events' sequence numbers. */
  appendPacked(p: PackedBatch): number[] {
    const n = p.rows.length / EVENT_COLUMNS;
    const seqs: number[] = new Array(n);
    const { insertEvent, insertDead, insertEntity, upsertEntity, upsertBatchKey } = this.stmts;
    this.db.transaction(() => {
      for (let i = 0, r = 0; i < n; i++, r += EVENT_COLUMNS) {
        const c = p.rows;
        seqs[i] = Number(insertEvent.run(c[r], c[r + 1], c[r + 2], c[r + 3], c[r + 4], c[r + 5], c[r + 6], c[r + 7], c[r + 8], c[r + 9], c[r + 10], c[r + 11]).lastInsertRowid);
      }
      for (let k = 0; k < p.ents.length; k += 2) insertEntity.run(p.ents[k + 1], seqs[p.ents[k]!]);
      for (const d of p.dead) {
        insertDead.run(d.receivedAt, d.source, d.offset ?? null, d.parser, d.reason, Buffer.from(d.data, 'utf8'));
      }
      for (const e of p.entities) upsertEntity.run(e);
      for (const k of p.keys ?? []) upsertBatchKey.run(k.key, k.created, k.fingerprint, k.answer);
    })();
    return seqs;
  }

  eventsAfter(seq: number, limit: number): StoredEvent[] {
    return (this.stmts.eventsAfter.all(seq, limit) as Row[]).map((r) => ({
      seq: r.seq as number,
      event: JSON.parse(r.doc as string) as WardEvent,
    }));
  }

  lastSeq(): number {
    return this.stmts.lastSeq.get() as number;
  }

  searchEvents(q: EventQuery): Page<StoredEvent> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.from) { where.push('ts >= ?'); args.push(Date.parse(q.from)); }
    if (q.to) { where.push('ts < ?'); args.push(Date.parse(q.to)); }
    if (q.entity) {
      where.push('seq IN (SELECT seq FROM event_entities WHERE ent = ?)');
      where.push('(user_name = ? OR host_name = ? OR source_ip = ? OR destination_ip = ?)');
      args.push(entityHash(q.entity), q.entity, q.entity, q.entity, q.entity);
    }
    if (q.category) { where.push('category = ?'); args.push(q.category); }
    if (q.text) {
      where.push("(message LIKE ? ESCAPE '\\' OR raw LIKE ? ESCAPE '\\')");
      const like = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      args.push(like, like);
    }
    if (q.cursor) { where.push('seq < ?'); args.push(Number(q.cursor)); }
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
    const sql = `SELECT seq, doc FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, limit + 1) as Row[];
    const items = rows.slice(0, limit).map((r) => ({ seq: r.seq as number, event: JSON.parse(r.doc as string) as WardEvent }));
    const last = items[items.length - 1];
    return rows.length > limit && last ? { items, next: String(last.seq) } : { items };
  }

  getEvents(ids: string[]): WardEvent[] {
    const out: WardEvent[] = [];
    for (const id of ids) {
      const doc = this.stmts.eventById.get(id) as string | undefined;
      if (doc) out.push(JSON.parse(doc) as WardEvent);
    }
    return out;
  }

  insertAlerts(alerts: Alert[]): number {
    let added = 0;
    this.db.transaction(() => {
      for (const a of alerts) {
        const info = this.stmts.insertAlert.run(
          a.id, Date.parse(a.time), Date.parse(a.created), SEVERITY_RANK[a.severity], a.detector, a.status, a.title,
          JSON.stringify(a),
        );
        if (info.changes === 0) continue;
        added++;
        for (const ent of a.entities) this.stmts.insertAlertEntity.run(a.id, ent.type, ent.id);
      }
    })();
    return added;
  }

  listAlerts(q: AlertQuery): Page<Alert> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.from) { where.push('ts >= ?'); args.push(Date.parse(q.from)); }
    if (q.to) { where.push('ts < ?'); args.push(Date.parse(q.to)); }
    if (q.severity?.length) {
      where.push(`severity IN (${q.severity.map(() => '?').join(',')})`);
      args.push(...q.severity.map((s) => SEVERITY_RANK[s]));
    }
    if (q.detector) { where.push('detector = ?'); args.push(q.detector); }
    if (q.status) { where.push('status = ?'); args.push(q.status); }
    if (q.entity) { where.push('id IN (SELECT alert_id FROM alert_entities WHERE entity_id = ?)'); args.push(q.entity); }
    if (q.cursor) {
      // Cursor: "<ts>:<id>" for a stable newest-first order.
      const [ts, id] = q.cursor.split(':');
      where.push('(ts < ? OR (ts = ? AND id < ?))');
      args.push(Number(ts), Number(ts), id ?? '');
    }
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
    const sql = `SELECT id, ts, doc FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ts DESC, id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, limit + 1) as Row[];
    const page = rows.slice(0, limit);
    const items = page.map((r) => JSON.parse(r.doc as string) as Alert);
    const last = page[page.length - 1];
    return rows.length > limit && last ? { items, next: `${last.ts as number}:${last.id as string}` } : { items };
  }

  /** Alerts with their time in [from, to), oldest first, read lazily (incident correlation). */
  *alertsInOrder(q: { from?: string; to?: string } = {}): IterableIterator<Alert> {
    const where: string[] = [];
    const args: number[] = [];
    if (q.from) { where.push('ts >= ?'); args.push(Date.parse(q.from)); }
    if (q.to) { where.push('ts < ?'); args.push(Date.parse(q.to)); }
    const sql = `SELECT doc FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ts, id`;
    for (const doc of this.db.prepare(sql).pluck().iterate(...args)) yield JSON.parse(doc as string) as Alert;
  }

  getAlert(id: string): Alert | undefined {
    const doc = this.stmts.getAlert.get(id) as string | undefined;
    return doc ? (JSON.parse(doc) as Alert) : undefined;
  }

  listDeadLetters(limit: number): DeadLetterRow[] {
    return (this.stmts.deadLetters.all(limit) as Row[]).map(deadLetterRow);
  }

  getDeadLetter(id: number): DeadLetterRow | undefined {
    const r = this.stmts.deadLetter.get(id) as Row | undefined;
    return r ? deadLetterRow(r) : undefined;
  }

  loadDetectorState(detector: string): { checkpoint: number; states: Array<[string, unknown]> } {
    const rows = this.stmts.loadState.all(detector) as Row[];
    return {
      checkpoint: this.checkpoint(),
      states: rows.map((r) => [r.key as string, JSON.parse(r.state as string)]),
    };
  }

  saveDetectorStates(
    checkpoint: number,
    detectors: string[],
    states: Array<{ detector: string; key: string; state: unknown }>,
  ): void {
    this.db.transaction(() => {
      for (const d of detectors) this.stmts.clearState.run(d);
      for (const s of states) this.stmts.upsertState.run(s.detector, s.key, JSON.stringify(s.state));
      this.stmts.setMeta.run('checkpoint', String(checkpoint));
    })();
  }

  /** Copy the WAL back into the database without blocking writers (call when idle or on a timer). */
  checkpointWal(): void {
    this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  checkpoint(): number {
    const v = this.stmts.getMeta.get('checkpoint') as string | undefined;
    return v ? Number(v) : 0;
  }

  setCheckpoint(seq: number): void {
    this.stmts.setMeta.run('checkpoint', String(seq));
  }

  getMeta(key: string): string | undefined {
    return this.stmts.getMeta.get(key) as string | undefined;
  }

  setMeta(key: string, value: string): void {
    this.stmts.setMeta.run(key, value);
  }

  audit(entry: AuditEntry): void {
    this.stmts.audit.run(entry.time, entry.actor, entry.action, entry.target ?? null, entry.detail ? JSON.stringify(entry.detail) : null);
  }

  listAudit(limit: number): AuditEntry[] {
    return (this.stmts.listAudit.all(limit) as Row[]).map((r) => ({
      time: r.time as string,
      actor: r.actor as string,
      action: r.action as string,
      ...(r.target ? { target: r.target as string } : {}),
      ...(r.detail ? { detail: JSON.parse(r.detail as string) as Record<string, unknown> } : {}),
    }));
  }

  listEntities(type: string, limit: number): Array<{ type: string; id: string; firstSeen: string; lastSeen: string }> {
    return (this.db.prepare('SELECT type, id, first_seen, last_seen FROM entities WHERE type = ? ORDER BY last_seen DESC LIMIT ?').all(type, limit) as Row[])
      .map((r) => ({ type: r.type as string, id: r.id as string, firstSeen: r.first_seen as string, lastSeen: r.last_seen as string }));
  }

  upsertEntities(entities: Array<{ type: string; id: string; seen: string }>): void {
    this.db.transaction(() => {
      for (const e of entities) this.stmts.upsertEntity.run(e.type, e.id, e.seen, e.seen);
    })();
  }

  resealDeadLetters(seal: (d: DeadLetterRow) => { data: string; reason: string } | undefined): number {
    // Sealed letters start with "v1." (hex 76312E): only the others are read, so a start after the
    // first costs one scan of a column prefix, not a read of every letter.
    const rows = this.db.prepare("SELECT id, received, source, offset, parser, reason, data FROM dead_letters WHERE hex(substr(data, 1, 3)) != '76312E'").all() as Row[];
    const update = this.db.prepare('UPDATE dead_letters SET data = ?, reason = ? WHERE id = ?');
    let n = 0;
    this.db.transaction(() => {
      for (const r of rows) {
        const d = deadLetterRow(r);
        const next = seal(d);
        if (!next) continue;
        update.run(Buffer.from(next.data, 'utf8'), next.reason, d.id);
        n++;
      }
    })();
    return n;
  }

  applyRetention(cutoffIso: string): number {
    const cutoff = Date.parse(cutoffIso);
    return this.db.transaction(() => {
      const n = this.stmts.retention.run(cutoff).changes;
      // Entity rows of deleted events (late events may leave a few behind; searches re-check rows).
      if (n > 0) {
        const oldest = this.db.prepare('SELECT MIN(seq) FROM events').pluck().get() as number | null;
        this.db.prepare('DELETE FROM event_entities WHERE seq < ?').run(oldest ?? Number.MAX_SAFE_INTEGER);
      }
      return n;
    })();
  }

  counts(): StoreCounts {
    const one = (sql: string) => this.db.prepare(sql).pluck().get() as number;
    return {
      events: one('SELECT COUNT(*) FROM events'),
      alerts: one('SELECT COUNT(*) FROM alerts'),
      deadLetters: one('SELECT COUNT(*) FROM dead_letters'),
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function deadLetterRow(r: Row): DeadLetterRow {
  return {
    id: r.id as number,
    receivedAt: r.received as number,
    source: r.source as string,
    ...(r.offset === null ? {} : { offset: r.offset as number }),
    parser: r.parser as string,
    reason: r.reason as string,
    data: (r.data as Buffer).toString('utf8'),
  };
}
