import { z } from 'zod';

/**
 * How identifiers from different formats are put into one namespace before hashing, so the
 * same MRN seen in FHIR, HL7 v2 and a CSV export gets the same pseudonym. See
 * docs/formats/pseudonymisation.md for the rule.
 *
 * @example
 * identifierMappingConfig.parse({ authorities: { HOSP: 'urn:oid:1.2.3' } })
 * // { authorities: { HOSP: 'urn:oid:1.2.3' }, defaultSystem: 'urn:wardwatch:mrn', fhirLogicalIdSystem: 'urn:wardwatch:fhir-id' }
 */
export const identifierMappingConfig = z
  .strictObject({
    /** HL7 v2 assigning authority (CX.4 namespace id or universal id) → FHIR identifier system URI. */
    authorities: z.record(z.string(), z.string().min(1)).default({}),
    /** System of identifiers that carry none (a CSV patient column, a CX without an assigning authority). */
    defaultSystem: z.string().min(1).default('urn:wardwatch:mrn'),
    /** System given to FHIR logical ids (`Patient/123`) referenced without an identifier. */
    fhirLogicalIdSystem: z.string().min(1).default('urn:wardwatch:fhir-id'),
  })
  .prefault({});

/**
 * Parsed identifier mapping.
 *
 * @example
 * const m: IdentifierMapping = { authorities: {}, defaultSystem: 'urn:wardwatch:mrn', fhirLogicalIdSystem: 'urn:wardwatch:fhir-id' };
 */
export type IdentifierMapping = z.output<typeof identifierMappingConfig>;

/**
 * An HL7 v2 HD (hierarchic designator): `namespace&universalId&universalIdType`.
 *
 * @example
 * const hd: HierarchicDesignator = { namespace: 'HOSP', universalId: '1.2.3', universalIdType: 'ISO' };
 */
export interface HierarchicDesignator {
  namespace?: string;
  universalId?: string;
  universalIdType?: string;
}

const OID = /^[0-2](\.\d+)+$/;

/**
 * Normalise an identifier system URI: trimmed, lower-cased, a bare OID written as `urn:oid:…`,
 * a trailing `/` removed.
 *
 * @example
 * normaliseSystem(' 2.16.840.1 ') // 'urn:oid:2.16.840.1'
 * normaliseSystem('HTTP://Hospital.org/MRN/') // 'http://hospital.org/mrn'
 */
export function normaliseSystem(system: string): string {
  let s = system.trim().toLowerCase();
  if (OID.test(s)) s = `urn:oid:${s}`;
  if (s.endsWith('/')) s = s.slice(0, -1);
  return s;
}

/**
 * Normalise an identifier value: Unicode NFKC, trimmed, runs of white space collapsed to one
 * space, case-folded.
 *
 * @example
 * normaliseValue('  mrn 00123 ') // 'mrn 00123'
 * normaliseValue('AbC') // 'abc'
 */
export function normaliseValue(value: string): string {
  return value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The identifier system of an HL7 v2 CX whose assigning authority is `hd`: the configured
 * mapping of the namespace id, else of the universal id; else `urn:oid:<universal id>` when
 * that is an OID; else `urn:wardwatch:hl7-aa:<namespace>`; else the default system.
 *
 * @example
 * systemOfAuthority({ namespace: 'HOSP' }, { authorities: { hosp: 'urn:oid:1.2' }, defaultSystem: 'x', fhirLogicalIdSystem: 'y' })
 * // 'urn:oid:1.2'
 */
export function systemOfAuthority(hd: HierarchicDesignator | undefined, mapping: IdentifierMapping): string {
  const ns = hd?.namespace?.trim();
  const uid = hd?.universalId?.trim();
  const mapped = lookup(mapping.authorities, ns) ?? lookup(mapping.authorities, uid);
  if (mapped !== undefined) return normaliseSystem(mapped);
  if (uid && (OID.test(uid) || hd?.universalIdType?.toUpperCase() === 'ISO')) return normaliseSystem(OID.test(uid) ? uid : `urn:oid:${uid}`);
  if (ns) return `urn:wardwatch:hl7-aa:${normaliseValue(ns)}`;
  return normaliseSystem(mapping.defaultSystem);
}

/** Case-insensitive lookup in the authority table. */
function lookup(table: Record<string, string>, key: string | undefined): string | undefined {
  if (!key) return undefined;
  if (Object.hasOwn(table, key)) return table[key];
  const k = key.toLowerCase();
  for (const [name, system] of Object.entries(table)) if (name.toLowerCase() === k) return system;
  return undefined;
}

/**
 * A person name reduced for matching: diacritics removed, letters and digits only, lower case,
 * single spaces. Used for name and family-key pseudonyms.
 *
 * @example
 * normaliseName('  Müller-Lüdenscheidt ') // 'muller ludenscheidt'
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * A date of birth as `YYYY-MM-DD` (or `YYYY-MM`, `YYYY` when that is all the record has),
 * from HL7 v2 DTM (`19880818…`) or FHIR date (`1988-08-18`). `undefined` when unreadable.
 *
 * @example
 * normaliseBirthDate('198808181126+0215') // '1988-08-18'
 * normaliseBirthDate('1988-08-18') // '1988-08-18'
 */
export function normaliseBirthDate(text: string): string | undefined {
  const t = text.trim();
  const fhir = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$/.exec(t);
  const hl7 = /^(\d{4})(\d{2})?(\d{2})?(?:\d{0,6}(?:\.\d+)?)?(?:[+-]\d{4})?$/.exec(t);
  const m = fhir ?? hl7;
  if (!m) return undefined;
  return [m[1], m[2], m[3]].filter((x): x is string => x !== undefined).join('-');
}
