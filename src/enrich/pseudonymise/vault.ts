import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { WardError } from '../../core/errors.js';

/**
 * One stored row of the re-identification table: the plaintext identity behind a pseudonym,
 * AES-256-GCM encrypted. Matches the SQLite table
 * `reidentification(pseudonym TEXT PRIMARY KEY, kind TEXT, iv BLOB, tag BLOB, ciphertext BLOB, created TEXT)`.
 *
 * @example
 * const row: VaultRow = { pseudonym: 'pt_…', kind: 'patient_id', iv, tag, ciphertext, created: '2026-01-05T10:00:00.000Z' };
 */
export interface VaultRow {
  pseudonym: string;
  kind: PseudonymKind;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
  created: string;
}

/**
 * What a pseudonym stands for.
 *
 * @example
 * const k: PseudonymKind = 'patient_id';
 */
export type PseudonymKind = 'patient_id' | 'name' | 'birth_date' | 'family_key';

/**
 * Where vault rows are kept (the SQLite `reidentification` table in production, a Map in tests).
 * `put` must ignore a row whose pseudonym is already stored (first write wins).
 *
 * @example
 * const storage: VaultStorage = new MemoryVaultStorage();
 */
export interface VaultStorage {
  get(pseudonym: string): VaultRow | undefined;
  put(row: VaultRow): void;
}

/**
 * Who asks to re-identify, and their roles (the API checks the role too; this is defence in depth).
 *
 * @example
 * const a: RevealActor = { id: 'u-17', roles: ['privacy_officer'] };
 */
export interface RevealActor {
  id: string;
  roles: readonly string[];
}

/**
 * The audit record written for every reveal attempt, before any plaintext is returned.
 *
 * @example
 * const r: RevealAudit = { pseudonym: 'pt_…', actor: 'u-17', reason: 'subject access request #4411', at: '…', found: true };
 */
export interface RevealAudit {
  pseudonym: string;
  actor: string;
  reason: string;
  at: string;
  found: boolean;
}

/**
 * What a reveal returns.
 *
 * @example
 * const r: Revealed = { pseudonym: 'pt_…', kind: 'patient_id', plaintext: '{"system":"…","value":"…"}', created: '…' };
 */
export interface Revealed {
  pseudonym: string;
  kind: PseudonymKind;
  plaintext: string;
  created: string;
}

/**
 * The re-identification vault: keeps the identity behind each pseudonym and gives it back only
 * through one audited call.
 *
 * @example
 * vault.put(p, 'patient_id', '{"system":"urn:wardwatch:mrn","value":"123"}');
 * vault.reveal(p, { id: 'u-17', roles: ['privacy_officer'] }, 'subject access request #4411');
 */
export interface ReidentificationVault {
  put(pseudonym: string, kind: PseudonymKind, plaintext: string): void;
  reveal(pseudonym: string, actor: RevealActor, reason: string): Revealed | undefined;
}

/**
 * Vault rows in memory. `takeNew()` hands the rows written since the last call to whoever
 * persists them (the store), so a parser never blocks on storage.
 *
 * @example
 * const s = new MemoryVaultStorage(); s.put(row); s.takeNew() // [row]
 */
export class MemoryVaultStorage implements VaultStorage {
  private readonly rows = new Map<string, VaultRow>();
  private fresh: VaultRow[] = [];
  private readonly limit: number;

  /** @param limit rows kept in memory; beyond it the oldest are forgotten (they have been handed on by `takeNew`). */
  constructor(limit = 1_000_000) {
    this.limit = limit;
  }

  get(pseudonym: string): VaultRow | undefined {
    return this.rows.get(pseudonym);
  }

  put(row: VaultRow): void {
    if (this.rows.has(row.pseudonym)) return;
    if (this.rows.size >= this.limit) {
      const first = this.rows.keys().next();
      if (!first.done) this.rows.delete(first.value);
    }
    this.rows.set(row.pseudonym, row);
    this.fresh.push(row);
  }

  /** Every row held, oldest first. */
  all(): VaultRow[] {
    return [...this.rows.values()];
  }

  /** Rows added since the last call, oldest first. */
  takeNew(): VaultRow[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }

  get size(): number {
    return this.rows.size;
  }
}

/**
 * Options of {@link EncryptedVault}.
 *
 * @example
 * const o: EncryptedVaultOptions = { storage: new MemoryVaultStorage(), audit: (r) => log.info(r) };
 */
export interface EncryptedVaultOptions {
  storage: VaultStorage;
  /** Called for every reveal attempt before plaintext is returned; if it throws, nothing is revealed. */
  audit: (record: RevealAudit) => void;
  /** Roles allowed to reveal (default `['privacy_officer']`). */
  allowedRoles?: readonly string[];
  now?: () => number;
}

const VAULT_INFO = 'wardwatch reidentification v1';

/**
 * The re-identification vault over injected storage: AES-256-GCM with a key derived from the
 * pseudonymisation secret by HKDF-SHA256 (its own `info`, so it is independent of the HMAC key),
 * a random 96-bit IV per row, and the pseudonym and kind as additional authenticated data so a
 * row cannot be moved under another pseudonym.
 *
 * @example
 * const vault = new EncryptedVault(secret, { storage: new MemoryVaultStorage(), audit: writeAudit });
 * vault.put('pt_abc…', 'patient_id', '{"system":"urn:wardwatch:mrn","value":"123"}');
 * vault.reveal('pt_abc…', { id: 'dpo', roles: ['privacy_officer'] }, 'subject access request #4411')?.plaintext;
 */
export class EncryptedVault implements ReidentificationVault {
  private readonly key: Buffer;
  private readonly allowed: ReadonlySet<string>;
  private readonly now: () => number;

  constructor(secret: Buffer, private readonly opts: EncryptedVaultOptions) {
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), VAULT_INFO, 32));
    this.allowed = new Set(opts.allowedRoles ?? ['privacy_officer']);
    this.now = opts.now ?? Date.now;
  }

  put(pseudonym: string, kind: PseudonymKind, plaintext: string): void {
    if (this.opts.storage.get(pseudonym) !== undefined) return;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(aad(pseudonym, kind));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const created = new Date(this.now()).toISOString();
    this.opts.storage.put({ pseudonym, kind, iv, tag: cipher.getAuthTag(), ciphertext, created });
  }

  reveal(pseudonym: string, actor: RevealActor, reason: string): Revealed | undefined {
    if (typeof actor?.id !== 'string' || actor.id.trim() === '') {
      throw new WardError('auth.unauthorized', 're-identification needs an identified actor', 'reidentification');
    }
    if (!actor.roles.some((r) => this.allowed.has(r))) {
      throw new WardError('auth.unauthorized', `actor "${actor.id}" lacks a role allowed to re-identify`, 'reidentification');
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new WardError('request.invalid', 're-identification needs a non-empty reason', 'reidentification');
    }
    const row = this.opts.storage.get(pseudonym);
    // Audit first: a reveal that cannot be audited does not happen.
    this.opts.audit({ pseudonym, actor: actor.id, reason: reason.trim(), at: new Date(this.now()).toISOString(), found: row !== undefined });
    if (row === undefined) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', this.key, row.iv);
    decipher.setAAD(aad(row.pseudonym, row.kind));
    decipher.setAuthTag(row.tag);
    const plaintext = Buffer.concat([decipher.update(row.ciphertext), decipher.final()]).toString('utf8');
    return { pseudonym: row.pseudonym, kind: row.kind, plaintext, created: row.created };
  }
}

function aad(pseudonym: string, kind: string): Buffer {
  return Buffer.from(`${pseudonym}\x1f${kind}`, 'utf8');
}
