import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseName, type ContextLookup, type PatientInfo, type Relationship, type StaffInfo } from '../../core/context.js';
import type { PatientPseudonym } from '../../core/event.js';

/** Schema of the clinical-context database (its own file: loaded in bulk, read by every detector thread). */
const CONTEXT_MIGRATIONS = [
  `
  CREATE TABLE patients (
    id TEXT PRIMARY KEY, vip INTEGER NOT NULL, sensitivity TEXT NOT NULL, deceased INTEGER NOT NULL,
    deceased_at TEXT, family_key TEXT, address_key TEXT, name_key TEXT, birth_key TEXT, staff_id TEXT
  ) WITHOUT ROWID;
  CREATE TABLE patient_alias (alias TEXT PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE staff (
    id TEXT PRIMARY KEY, name TEXT, department TEXT, role TEXT, shifts TEXT NOT NULL,
    active_from TEXT, active_to TEXT, patient_id TEXT, family_key TEXT, address_key TEXT
  ) WITHOUT ROWID;
  CREATE TABLE staff_login (login TEXT PRIMARY KEY, staff_id TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE relationships (
    patient TEXT NOT NULL, staff_id TEXT NOT NULL, department TEXT NOT NULL, kind TEXT NOT NULL,
    from_ts TEXT, to_ts TEXT, source TEXT NOT NULL,
    PRIMARY KEY (patient, source, staff_id, department)
  ) WITHOUT ROWID;
  `,
  `
  -- Pseudonym → identity, encrypted (AES-256-GCM); read only through the audited reveal call.
  CREATE TABLE reidentification (
    pseudonym TEXT PRIMARY KEY, kind TEXT NOT NULL, iv BLOB NOT NULL, tag BLOB NOT NULL,
    ciphertext BLOB NOT NULL, created TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  `
  -- Street without the house number (neighbours), beside the household address key.
  ALTER TABLE patients ADD COLUMN street_key TEXT;
  ALTER TABLE staff ADD COLUMN street_key TEXT;
  `,
];

type Row = Record<string, unknown>;

/**
 * Patients (by pseudonym), staff and treatment relationships in `DATA_DIR/context.db`. Loaders
 * write in bulk; each detector thread opens it read-only and looks up by key, with a small cache.
 *
 * @example
 * const ctx = ContextStore.open('./data');
 * ctx.load({ patients: [...], staff: [...], relationships: [...] });
 * ctx.relationships('pt_…');
 */
export class ContextStore implements ContextLookup {
  /** Staff rows by normalised name, with the database version they reflect (see staffByName). */
  private nameIndex: { version: string; byName: Map<string, Row[]> } | undefined;
  readonly db: Database.Database;
  private readonly q;
  private readonly relCache = new Map<string, Relationship[]>();
  private readonly patientCache = new Map<string, PatientInfo | null>();
  private readonly staffCache = new Map<string, StaffInfo | null>();
  private dataVersion = -1;

  static open(dataDir: string, opts: { readonly?: boolean } = {}): ContextStore {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    return new ContextStore(join(dataDir, 'context.db'), opts);
  }

  constructor(file: string, opts: { readonly?: boolean } = {}) {
    this.db = new Database(file, {});
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('journal_mode = WAL');
    const v = this.db.pragma('user_version', { simple: true }) as number;
    for (let i = v; i < CONTEXT_MIGRATIONS.length; i++) {
      this.db.transaction(() => {
        this.db.exec(CONTEXT_MIGRATIONS[i]!);
        this.db.pragma(`user_version = ${i + 1}`);
      })();
    }
    if (opts.readonly) this.db.pragma('query_only = ON');
    const db = this.db;
    this.q = {
      patient: db.prepare('SELECT * FROM patients WHERE id = ?'),
      alias: db.prepare('SELECT id FROM patient_alias WHERE alias = ?').pluck(),
      staffByLogin: db.prepare('SELECT s.* FROM staff_login l JOIN staff s ON s.id = l.staff_id WHERE l.login = ?'),
      staffNamed: db.prepare('SELECT * FROM staff WHERE name IS NOT NULL'),
      // Changes by any connection (data_version) or by this one (total_changes): the name index is stale.
      namesVersion: db.prepare("SELECT (SELECT data_version FROM pragma_data_version) || ':' || total_changes()").pluck(),
      logins: db.prepare('SELECT login FROM staff_login WHERE staff_id = ?').pluck(),
      rels: db.prepare('SELECT * FROM relationships WHERE patient = ?'),
      putPatient: db.prepare(`INSERT INTO patients (id, vip, sensitivity, deceased, deceased_at, family_key, address_key, name_key, birth_key, staff_id, street_key)
        VALUES (@id, @vip, @sensitivity, @deceased, @deceased_at, @family_key, @address_key, @name_key, @birth_key, @staff_id, @street_key)
        ON CONFLICT (id) DO UPDATE SET vip = excluded.vip, sensitivity = excluded.sensitivity, deceased = excluded.deceased,
          deceased_at = excluded.deceased_at, family_key = COALESCE(excluded.family_key, family_key),
          address_key = COALESCE(excluded.address_key, address_key), name_key = COALESCE(excluded.name_key, name_key),
          birth_key = COALESCE(excluded.birth_key, birth_key), staff_id = COALESCE(excluded.staff_id, staff_id),
          street_key = COALESCE(excluded.street_key, street_key)`),
      putAlias: db.prepare('INSERT OR REPLACE INTO patient_alias (alias, id) VALUES (?, ?)'),
      putStaff: db.prepare(`INSERT INTO staff (id, name, department, role, shifts, active_from, active_to, patient_id, family_key, address_key, street_key)
        VALUES (@id, @name, @department, @role, @shifts, @active_from, @active_to, @patient_id, @family_key, @address_key, @street_key)
        ON CONFLICT (id) DO UPDATE SET name = COALESCE(excluded.name, name), department = COALESCE(excluded.department, department),
          role = COALESCE(excluded.role, role), shifts = CASE WHEN excluded.shifts = '[]' THEN shifts ELSE excluded.shifts END,
          active_from = COALESCE(excluded.active_from, active_from), active_to = COALESCE(excluded.active_to, active_to),
          patient_id = COALESCE(excluded.patient_id, patient_id), family_key = COALESCE(excluded.family_key, family_key),
          address_key = COALESCE(excluded.address_key, address_key), street_key = COALESCE(excluded.street_key, street_key)`),
      putLogin: db.prepare('INSERT OR REPLACE INTO staff_login (login, staff_id) VALUES (?, ?)'),
      putRel: db.prepare(`INSERT OR REPLACE INTO relationships (patient, staff_id, department, kind, from_ts, to_ts, source)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
      counts: db.prepare(`SELECT (SELECT COUNT(*) FROM patients) AS patients, (SELECT COUNT(*) FROM staff) AS staff,
        (SELECT COUNT(*) FROM relationships) AS relationships`),
    };
  }

  /** Write patients, staff and relationships in one transaction (upserts: later feeds refine earlier ones). */
  load(data: { patients?: Array<PatientInfo & { aliases?: string[] }>; staff?: StaffInfo[]; relationships?: Relationship[] }): void {
    this.db.transaction(() => {
      for (const p of data.patients ?? []) {
        this.q.putPatient.run({
          id: p.id, vip: p.vip ? 1 : 0, sensitivity: JSON.stringify(p.sensitivity), deceased: p.deceased ? 1 : 0,
          deceased_at: p.deceasedAt ?? null, family_key: p.keys.family ?? null, address_key: p.keys.address ?? null,
          name_key: p.keys.name ?? null, birth_key: p.keys.birthDate ?? null, staff_id: p.staffId ?? null, street_key: p.keys.street ?? null,
        });
        for (const a of p.aliases ?? []) if (a !== p.id) this.q.putAlias.run(a, p.id);
      }
      for (const s of data.staff ?? []) {
        this.q.putStaff.run({
          id: s.id, name: s.name ?? null, department: s.department ?? null, role: s.role ?? null, shifts: JSON.stringify(s.shifts),
          active_from: s.active?.from ?? null, active_to: s.active?.to ?? null, patient_id: s.patientId ?? null,
          family_key: s.keys?.family ?? null, address_key: s.keys?.address ?? null, street_key: s.keys?.street ?? null,
        });
        for (const l of s.logins) this.q.putLogin.run(l.toLowerCase(), s.id);
      }
      for (const r of data.relationships ?? []) {
        // Stored under the patient's canonical pseudonym, as lookups resolve aliases (an HL7 MRN, a FHIR logical id) to it.
        const patient = (this.q.alias.get(r.patient) as string | undefined) ?? r.patient;
        this.q.putRel.run(patient, r.staffId ?? '', r.department ?? '', r.kind, r.from ?? null, r.to ?? null, r.source);
      }
    })();
    this.relCache.clear();
    this.patientCache.clear();
    this.staffCache.clear();
  }

  /** One encrypted re-identification row (the vault decrypts; this only stores). */
  vaultGet(pseudonym: string): { pseudonym: string; kind: string; iv: Buffer; tag: Buffer; ciphertext: Buffer; created: string } | undefined {
    return this.db.prepare('SELECT pseudonym, kind, iv, tag, ciphertext, created FROM reidentification WHERE pseudonym = ?').get(pseudonym) as
      { pseudonym: string; kind: string; iv: Buffer; tag: Buffer; ciphertext: Buffer; created: string } | undefined;
  }

  /** Store a row once: the first write wins (the same pseudonym always encrypts the same identity). */
  vaultPut(row: { pseudonym: string; kind: string; iv: Buffer; tag: Buffer; ciphertext: Buffer; created: string }): void {
    this.db.prepare('INSERT OR IGNORE INTO reidentification (pseudonym, kind, iv, tag, ciphertext, created) VALUES (?, ?, ?, ?, ?, ?)')
      .run(row.pseudonym, row.kind, row.iv, row.tag, row.ciphertext, row.created);
  }

  /** Every patient pseudonym in the index (the population the template miner's fake log draws from). */
  patientIds(limit = 5_000_000): string[] {
    return this.db.prepare('SELECT id FROM patients LIMIT ?').pluck().all(limit) as string[];
  }

  counts(): { patients: number; staff: number; relationships: number } {
    return this.q.counts.get() as { patients: number; staff: number; relationships: number };
  }

  /** A lookup through a per-connection cache (misses cached too), fresh against other connections' writes. */
  private cached<T>(cache: Map<string, T | null>, key: string, read: (k: string) => T | undefined): T | undefined {
    this.fresh();
    const hit = cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const v = read(key);
    if (cache.size > 50_000) cache.clear();
    cache.set(key, v ?? null);
    return v;
  }

  patient(id: string): PatientInfo | undefined {
    return this.cached(this.patientCache, id, (k) => this.readPatient(k));
  }

  private readPatient(id: string): PatientInfo | undefined {
    let r = this.q.patient.get(id) as Row | undefined;
    if (!r) {
      const canonical = this.q.alias.get(id) as string | undefined;
      if (canonical) r = this.q.patient.get(canonical) as Row | undefined;
    }
    if (!r) return undefined;
    const keys: PatientInfo['keys'] = {};
    if (r.family_key) keys.family = r.family_key as string;
    if (r.address_key) keys.address = r.address_key as string;
    if (r.street_key) keys.street = r.street_key as string;
    if (r.name_key) keys.name = r.name_key as string;
    if (r.birth_key) keys.birthDate = r.birth_key as string;
    return {
      id: r.id as PatientPseudonym,
      vip: r.vip === 1,
      sensitivity: JSON.parse(r.sensitivity as string) as string[],
      deceased: r.deceased === 1,
      ...(r.deceased_at ? { deceasedAt: r.deceased_at as string } : {}),
      keys,
      ...(r.staff_id ? { staffId: r.staff_id as string } : {}),
    };
  }

  staffByLogin(login: string): StaffInfo | undefined {
    return this.cached(this.staffCache, login.toLowerCase(), (k) => this.readStaff(k));
  }

  private readStaff(login: string): StaffInfo | undefined {
    const r = this.q.staffByLogin.get(login) as Row | undefined;
    return r ? this.staffOf(r) : undefined;
  }

  staffByName(name: string): StaffInfo[] {
    const want = normaliseName(name);
    if (!want) return [];
    // Names are few (a roster) and compared normalised, so scan once and cache by normalised name
    // until the database changes.
    const version = this.q.namesVersion.get() as string;
    if (this.nameIndex?.version !== version) {
      const byName = new Map<string, Row[]>();
      for (const r of this.q.staffNamed.all() as Row[]) {
        const k = normaliseName(r.name as string);
        byName.set(k, [...(byName.get(k) ?? []), r]);
      }
      this.nameIndex = { version, byName };
    }
    return (this.nameIndex.byName.get(want) ?? []).map((r) => this.staffOf(r));
  }

  private staffOf(r: Row): StaffInfo {
    const s: StaffInfo = {
      id: r.id as string,
      logins: this.q.logins.all(r.id) as string[],
      shifts: JSON.parse(r.shifts as string) as StaffInfo['shifts'],
    };
    if (r.name) s.name = r.name as string;
    if (r.department) s.department = r.department as string;
    if (r.role) s.role = r.role as string;
    if (r.active_from || r.active_to) s.active = { ...(r.active_from ? { from: r.active_from as string } : {}), ...(r.active_to ? { to: r.active_to as string } : {}) };
    if (r.patient_id) s.patientId = r.patient_id as PatientPseudonym;
    if (r.family_key || r.address_key || r.street_key) {
      s.keys = {
        ...(r.family_key ? { family: r.family_key as string } : {}), ...(r.address_key ? { address: r.address_key as string } : {}),
        ...(r.street_key ? { street: r.street_key as string } : {}),
      };
    }
    return s;
  }

  /** Drop every cached lookup when another connection (the ingest path learning from HL7, a context load) has written. */
  private fresh(): void {
    const version = this.q.dataVersion.get() as number;
    if (version !== this.dataVersion) {
      this.dataVersion = version;
      this.relCache.clear();
      this.patientCache.clear();
      this.staffCache.clear();
    }
  }

  relationships(patient: string): Relationship[] {
    this.fresh();
    const hit = this.relCache.get(patient);
    if (hit) return hit;
    const canonical = (this.q.alias.get(patient) as string | undefined) ?? patient;
    const rows = this.q.rels.all(canonical) as Row[];
    const rels = rows.map((r): Relationship => ({
      patient: r.patient as PatientPseudonym,
      kind: r.kind as string,
      source: r.source as string,
      ...(r.staff_id ? { staffId: r.staff_id as string } : {}),
      ...(r.department ? { department: r.department as string } : {}),
      ...(r.from_ts ? { from: r.from_ts as string } : {}),
      ...(r.to_ts ? { to: r.to_ts as string } : {}),
    }));
    if (this.relCache.size > 50_000) this.relCache.clear();
    this.relCache.set(patient, rels);
    return rels;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
