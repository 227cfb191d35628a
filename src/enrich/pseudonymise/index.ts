export { Pseudonymiser, type PatientIdentifier, type PhiPseudonym, type PseudonymiserOptions } from './pseudonymiser.js';
export {
  identifierMappingConfig,
  normaliseBirthDate,
  normaliseName,
  normaliseSystem,
  normaliseValue,
  systemOfAuthority,
  type HierarchicDesignator,
  type IdentifierMapping,
} from './normalise.js';
export {
  EncryptedVault,
  MemoryVaultStorage,
  type EncryptedVaultOptions,
  type PseudonymKind,
  type ReidentificationVault,
  type RevealActor,
  type RevealAudit,
  type Revealed,
  type VaultRow,
  type VaultStorage,
} from './vault.js';
export { loadOrCreateSecret, secretPath, SECRET_BYTES } from './secret.js';
export { configureVault, pseudonymiserFor, sealerFor, vaultFor, vaultStorageFor, type VaultBinding } from './shared.js';
export { base32 } from './base32.js';
export { phiLeaks } from './phi-leaks.js';
export { PhiSealer, isSealedText, type SealedText } from './sealer.js';
