import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { normaliseName } from '../../enrich/pseudonymise/normalise.js';
import { Pseudonymiser } from '../../enrich/pseudonymise/pseudonymiser.js';
import { loadOrCreateSecret, secretPath } from '../../enrich/pseudonymise/secret.js';
import type { RemovalReason, ScrubTerms } from './scrub.js';

/** The default identifier systems patient identifiers are pseudonymised in (see docs/formats/pseudonymisation.md). */
export const DEFAULT_PATIENT_ID_SYSTEMS = ['urn:wardwatch:mrn', 'urn:wardwatch:fhir-id'];

/**
 * The people of the site, from `DATA_DIR/context.db` (read-only): staff logins and names in
 * clear (they are in the roster anyway), and patients only as keyed pseudonyms — a candidate
 * name or identifier from the incident is pseudonymised with the data directory's secret and
 * looked up, so the scrubber never holds a patient's name or MRN in clear.
 *
 * @example
 * const terms = siteTerms(dataDir, { patientIdSystems: ['urn:oid:1.2.3'] });
 */
export function siteTerms(dataDir: string, opts: { patientIdSystems?: readonly string[] } = {}): ScrubTerms {
  const terms = new Map<string, RemovalReason>();
  const staffNames = new Set<string>();
  const file = join(dataDir, 'context.db');
  if (!existsSync(file)) return { terms, staffNames };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const nameKeys = new Set<string>();
  const patientIds = new Set<string>();
  try {
    const has = (t: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t) !== undefined;
    if (has('staff_login')) for (const l of db.prepare('SELECT login FROM staff_login').pluck().all() as string[]) addLogin(terms, l);
    if (has('staff')) {
      for (const n of db.prepare('SELECT name FROM staff WHERE name IS NOT NULL').pluck().all() as string[]) {
        const norm = normaliseName(n);
        if (norm.includes(' ')) staffNames.add(norm);
      }
    }
    if (has('patients')) {
      for (const r of db.prepare('SELECT id, name_key FROM patients').all() as Array<{ id: string; name_key: string | null }>) {
        patientIds.add(r.id);
        if (r.name_key) nameKeys.add(r.name_key);
      }
    }
    if (has('patient_alias')) for (const a of db.prepare('SELECT alias FROM patient_alias').pluck().all() as string[]) patientIds.add(a);
  } finally {
    db.close();
  }
  if (!existsSync(secretPath(dataDir)) || (!nameKeys.size && !patientIds.size)) return { terms, staffNames };
  // No vault: computing a pseudonym here must never write an identity anywhere.
  const p = new Pseudonymiser(loadOrCreateSecret(dataDir));
  const systems = [...new Set([...DEFAULT_PATIENT_ID_SYSTEMS, ...(opts.patientIdSystems ?? [])])];
  return {
    terms,
    staffNames,
    patientName: nameKeys.size ? (n) => {
      const k = p.name(n);
      return k !== undefined && nameKeys.has(k);
    } : undefined,
    patientId: patientIds.size ? (t) => systems.some((system) => patientIds.has(p.patient({ system, value: t }))) : undefined,
  };
}

/** A login and its bare forms (`DOMAIN\user`, `user@realm`) as terms. */
export function addLogin(terms: Map<string, RemovalReason>, login: string, reason: RemovalReason = 'staff-user'): void {
  const l = login.trim().toLowerCase();
  if (l.length < 3) return;
  terms.set(l, reason);
  const bare = l.replace(/^.*\\/, '').replace(/@.*$/, '');
  if (bare.length >= 3) terms.set(bare, reason);
}
