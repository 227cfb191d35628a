import { resolve } from 'node:path';
import { Pseudonymiser } from './pseudonymiser.js';
import { PhiSealer } from './sealer.js';
import { loadOrCreateSecret } from './secret.js';
import { EncryptedVault, MemoryVaultStorage, type RevealAudit, type VaultRow, type VaultStorage } from './vault.js';

interface Shared {
  pseudonymiser: Pseudonymiser;
  sealer: PhiSealer;
  vault: EncryptedVault;
  binding: SwitchableBinding;
}

/**
 * How the shared vault of a data directory stores rows and audits reveals. The runtime calls
 * {@link configureVault} once at start-up to back it with the store; until then rows stay in a
 * {@link MemoryVaultStorage} (moved to the bound storage when it is bound) and reveals are refused.
 *
 * @example
 * const o: VaultBinding = { storage: sqliteVaultStorage, audit: (r) => store.audit('reidentify', r) };
 */
export interface VaultBinding {
  storage: VaultStorage;
  audit: (record: RevealAudit) => void;
}

/** Storage and audit that can be rebound after pseudonymisers were built. */
class SwitchableBinding implements VaultStorage {
  storage: VaultStorage = new MemoryVaultStorage();
  audit: (record: RevealAudit) => void = () => {
    throw new Error('re-identification is not configured: no audit function bound');
  };
  get(pseudonym: string): VaultRow | undefined {
    return this.storage.get(pseudonym);
  }
  put(row: VaultRow): void {
    this.storage.put(row);
  }
}

const byDir = new Map<string, Shared>();

function shared(dataDir: string): Shared {
  const dir = resolve(dataDir);
  let s = byDir.get(dir);
  if (s === undefined) {
    const secret = loadOrCreateSecret(dir);
    const binding = new SwitchableBinding();
    const vault = new EncryptedVault(secret, { storage: binding, audit: (r) => binding.audit(r) });
    s = { pseudonymiser: new Pseudonymiser(secret, { vault }), sealer: new PhiSealer(secret), vault, binding };
    byDir.set(dir, s);
  }
  return s;
}

/**
 * The one pseudonymiser of a data directory (secret read or created on first use, then cached),
 * writing to that directory's re-identification vault. Parsers' `build` call this with
 * `ctx.dataDir`, and `withMapping` when their config names identifier systems.
 *
 * @example
 * const p = pseudonymiserFor(ctx.dataDir).withMapping(config.identifiers);
 */
export function pseudonymiserFor(dataDir: string): Pseudonymiser {
  return shared(dataDir).pseudonymiser;
}

/**
 * The re-identification vault of a data directory (for the audited API call).
 *
 * @example
 * vaultFor(dataDir).reveal(pseudonym, { id: user, roles }, reason);
 */
export function vaultFor(dataDir: string): EncryptedVault {
  return shared(dataDir).vault;
}

/**
 * Bind the data directory's vault to durable storage and an audit function. Call once at start;
 * pseudonymisers built earlier write to it too, and rows made before are copied over.
 *
 * @example
 * configureVault(dataDir, { storage: { get: (p) => db.getRow(p), put: (r) => db.putRow(r) }, audit: writeAudit });
 */
export function configureVault(dataDir: string, binding: VaultBinding): void {
  const b = shared(dataDir).binding;
  if (b.storage instanceof MemoryVaultStorage) for (const row of b.storage.all()) binding.storage.put(row);
  b.storage = binding.storage;
  b.audit = binding.audit;
}

/**
 * The in-memory vault storage of a data directory when none was bound (to drain into the store).
 *
 * @example
 * const s = vaultStorageFor(dataDir); if (s instanceof MemoryVaultStorage) persist(s.takeNew());
 */
export function vaultStorageFor(dataDir: string): VaultStorage {
  return shared(dataDir).binding.storage;
}

/**
 * The sealer of a data directory, for raw records and dead letters of PHI-bearing formats.
 *
 * @example
 * const sealed = sealerFor(dataDir).seal(record.data);
 */
export function sealerFor(dataDir: string): PhiSealer {
  return shared(dataDir).sealer;
}
