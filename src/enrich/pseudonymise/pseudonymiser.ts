import { createHmac, hkdfSync } from 'node:crypto';
import type { PatientPseudonym } from '../../core/event.js';
import { base32 } from './base32.js';
import {
  identifierMappingConfig,
  normaliseBirthDate,
  normaliseName,
  normaliseSystem,
  normaliseValue,
  systemOfAuthority,
  type HierarchicDesignator,
  type IdentifierMapping,
} from './normalise.js';
import type { PseudonymKind, ReidentificationVault } from './vault.js';

/**
 * A keyed pseudonym of patient data other than the patient identifier (name, birth date,
 * family key). Never a {@link PatientPseudonym}: only identifiers may become `ehr.patient.id`.
 *
 * @example
 * const n: PhiPseudonym = p.name('Everyman', ['Adam'])!;
 */
export type PhiPseudonym = string & { readonly __brand: 'PhiPseudonym' };

/**
 * A patient identifier as a system and a value (FHIR `Identifier`).
 *
 * @example
 * const id: PatientIdentifier = { system: 'urn:oid:1.2.3', value: '123' };
 */
export interface PatientIdentifier {
  system?: string;
  value: string;
}

const PREFIX: Record<PseudonymKind, string> = { patient_id: 'pt_', name: 'pn_', birth_date: 'pb_', family_key: 'pf_' };
const HMAC_INFO = 'wardwatch pseudonym v1';
/** Pseudonyms remembered as already in the vault, to skip repeat writes. */
const SEEN_LIMIT = 200_000;
/** Recent normalised inputs → pseudonym: the same patients recur constantly in a feed, and an HMAC costs microseconds. */
const CACHE_LIMIT = 50_000;

/**
 * Options of a {@link Pseudonymiser}.
 *
 * @example
 * const o: PseudonymiserOptions = { mapping: { authorities: { HOSP: 'urn:oid:1.2.3' } } };
 */
export interface PseudonymiserOptions {
  mapping?: Partial<IdentifierMapping>;
  /** Where the identity behind each new pseudonym is kept, encrypted. */
  vault?: ReidentificationVault;
}

/**
 * Keyed pseudonyms of patient identifiers, names and birth dates: HMAC-SHA256 under a key
 * derived (HKDF) from the data directory's secret, over `kind`, a unit separator and the
 * normalised text; the pseudonym is a kind prefix (`pt_` identifiers, `pn_` names, `pb_` birth
 * dates, `pf_` family keys) + base32 of the first 20 bytes of the MAC (32 characters).
 * Identifiers are normalised first (see `normalise.ts` and docs/formats/pseudonymisation.md),
 * so one MRN seen by FHIR, HL7 v2 and CSV maps to one pseudonym.
 *
 * @example
 * const p = new Pseudonymiser(secret, { mapping: { authorities: { HOSP: 'urn:oid:1.2.3' } } });
 * p.patient({ system: 'urn:oid:1.2.3', value: '123' }) === p.patientFromCx('123', { namespace: 'HOSP' }) // true
 */
export class Pseudonymiser {
  readonly mapping: IdentifierMapping;
  private readonly key: Buffer;
  private readonly vault: ReidentificationVault | undefined;
  private readonly seen = new Set<string>();
  private readonly cache = new Map<string, string>();
  private readonly secret: Buffer;

  constructor(secret: Buffer, opts: PseudonymiserOptions = {}) {
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), HMAC_INFO, 32));
    this.mapping = identifierMappingConfig.parse(opts.mapping ?? {});
    this.vault = opts.vault;
    this.secret = secret;
  }

  /** The same secret and vault under another identifier mapping. */
  withMapping(mapping: Partial<IdentifierMapping>): Pseudonymiser {
    return new Pseudonymiser(this.secret, this.vault ? { mapping, vault: this.vault } : { mapping });
  }

  /**
   * Pseudonym of a patient identifier; an identifier without a system is in the default system.
   *
   * @example
   * p.patient({ value: ' MRN-1 ' }) === p.patient({ system: 'urn:wardwatch:mrn', value: 'mrn-1' }) // true
   */
  patient(id: PatientIdentifier): PatientPseudonym {
    const system = normaliseSystem(id.system && id.system.trim() !== '' ? id.system : this.mapping.defaultSystem);
    const value = normaliseValue(id.value);
    return this.make('patient_id', `${system}|${value}`, () => JSON.stringify({ system, value: id.value.trim() })) as PatientPseudonym;
  }

  /**
   * Pseudonym of an HL7 v2 CX identifier (`value^check^scheme^authority^type`).
   *
   * @example
   * p.patientFromCx('123', { namespace: 'HOSP' })
   */
  patientFromCx(value: string, authority?: HierarchicDesignator): PatientPseudonym {
    return this.patient({ system: systemOfAuthority(authority, this.mapping), value });
  }

  /**
   * Pseudonym of the patient a FHIR reference names: `Patient/123`, `Patient/123/_history/2`
   * or an absolute URL ending so. The logical id is in `mapping.fhirLogicalIdSystem`.
   * `undefined` when it is not a Patient reference.
   *
   * @example
   * p.patientFromReference('Patient/example/_history/1') === p.patient({ system: 'urn:wardwatch:fhir-id', value: 'example' }) // true
   */
  patientFromReference(reference: string): PatientPseudonym | undefined {
    const m = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]*)?$/.exec(reference.trim());
    return m?.[1] === undefined ? undefined : this.patient({ system: this.mapping.fhirLogicalIdSystem, value: m[1] });
  }

  /**
   * Pseudonym of a person name (family name, then given names), normalised by `normaliseName`.
   * `undefined` for an empty name.
   *
   * @example
   * p.name('Everyman', ['Adam']) === p.name('EVERYMAN ', ['adam']) // true
   */
  name(family: string | undefined, given: readonly string[] = []): PhiPseudonym | undefined {
    const text = [family ?? '', ...given].map(normaliseName).filter((s) => s !== '').join(' ');
    return text === '' ? undefined : (this.make('name', text, () => text) as PhiPseudonym);
  }

  /**
   * Pseudonym of a birth date (HL7 DTM or FHIR date). `undefined` when the date is unreadable.
   *
   * @example
   * p.birthDate('19880818') === p.birthDate('1988-08-18') // true
   */
  birthDate(text: string): PhiPseudonym | undefined {
    const d = normaliseBirthDate(text);
    return d === undefined ? undefined : (this.make('birth_date', d, () => d) as PhiPseudonym);
  }

  /**
   * Pseudonym of a family/household key: the normalised parts joined (e.g. surname and address
   * line + postal code), for detecting access to relatives' or neighbours' records without
   * keeping either in clear. `undefined` when every part is empty.
   *
   * @example
   * p.familyKey(['Everyman', '1000 Hospital Lane', '99999'])
   */
  familyKey(parts: readonly (string | undefined)[]): PhiPseudonym | undefined {
    const norm = parts.map((x) => normaliseName(x ?? ''));
    if (norm.every((x) => x === '')) return undefined;
    const text = norm.join('|');
    return this.make('family_key', text, () => text) as PhiPseudonym;
  }

  private make(kind: PseudonymKind, normalised: string, plaintext: () => string): string {
    const input = `${kind}\x1f${normalised}`;
    let pseudonym = this.cache.get(input);
    if (pseudonym === undefined) {
      const mac = createHmac('sha256', this.key).update(input, 'utf8').digest();
      pseudonym = PREFIX[kind] + base32(mac.subarray(0, 20));
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(input, pseudonym);
    }
    if (this.vault && !this.seen.has(pseudonym)) {
      if (this.seen.size >= SEEN_LIMIT) this.seen.clear();
      this.seen.add(pseudonym);
      this.vault.put(pseudonym, kind, plaintext());
    }
    return pseudonym;
  }
}
