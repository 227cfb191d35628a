import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { WardError } from '../../core/errors.js';
import { splitCsv } from '../world/synthea.js';

/** A Synthea patient (patients.csv), names cleaned of Synthea's numeric suffixes. */
export interface SPatient { id: string; given: string; family: string; birthDate: string; sex: 'F' | 'M'; line: string; city: string; zip: string; deceased?: string }
/** A Synthea provider (providers.csv): a clinician of one organization. */
export interface SProvider { id: string; org: string; given: string; family: string; speciality: string }
/** A Synthea organization (organizations.csv). */
export interface SOrganization { id: string; name: string; city: string }
/** A Synthea encounter (encounters.csv.gz): who saw whom, where, when and what kind of visit. */
export interface SEncounter { id: string; start: number; stop: number; patient: string; org: string; provider: string; cls: string; description: string }
/** A medication started during an encounter (medications.csv). */
export interface SMedication { encounter: string; start: number; description: string }

/** Everything the Synthea-based hospital is built from. */
export interface SyntheaRecords { patients: SPatient[]; providers: SProvider[]; organizations: SOrganization[]; encounters: SEncounter[]; medications: SMedication[] }

/** Rows of a Synthea CSV (plain or .gz) as objects keyed by the header. */
function readCsv(dir: string, name: string, required: boolean): Array<Record<string, string>> {
  const plain = join(dir, name);
  const gz = `${plain}.gz`;
  const path = existsSync(plain) ? plain : existsSync(gz) ? gz : undefined;
  if (path === undefined) {
    if (required) throw new WardError('request.invalid', `the Synthea folder has no ${name} (or ${name}.gz)`, dir);
    return [];
  }
  const raw = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = splitCsv(lines[0] ?? '');
  return lines.slice(1).map((l) => {
    const f = splitCsv(l);
    return Object.fromEntries(header.map((h, i) => [h, f[i] ?? '']));
  });
}

const clean = (s: string | undefined): string => (s ?? '').replace(/\d+/g, '').trim();
const time = (s: string | undefined): number => Date.parse(s ?? '');

/**
 * Read the Synthea CSV export (patients, providers, organizations, encounters, medications).
 * Throws a `request.invalid` error naming the folder when a required file is missing.
 *
 * @example
 * loadSyntheaRecords('../shared/data/healthcare/synthea-sample-csv').encounters.length // 5598
 */
export function loadSyntheaRecords(dir: string): SyntheaRecords {
  if (!existsSync(dir)) throw new WardError('request.invalid', 'no such Synthea folder (patients.csv, providers.csv, organizations.csv, encounters.csv[.gz])', dir);
  const patients = readCsv(dir, 'patients.csv', true).map((r): SPatient => ({
    id: r.Id ?? '', given: clean(r.FIRST), family: clean(r.LAST), birthDate: r.BIRTHDATE ?? '', sex: r.GENDER === 'F' ? 'F' : 'M',
    line: r.ADDRESS ?? '', city: r.CITY ?? '', zip: r.ZIP ?? '', ...(r.DEATHDATE ? { deceased: r.DEATHDATE } : {}),
  }));
  const providers = readCsv(dir, 'providers.csv', true).map((r): SProvider => {
    const [given = '', ...rest] = clean(r.NAME).split(/\s+/);
    return { id: r.Id ?? '', org: r.ORGANIZATION ?? '', given, family: rest.join(' ') || given, speciality: r.SPECIALITY ?? '' };
  });
  const organizations = readCsv(dir, 'organizations.csv', true).map((r): SOrganization => ({ id: r.Id ?? '', name: (r.NAME ?? '').trim(), city: r.CITY ?? '' }));
  const encounters = readCsv(dir, 'encounters.csv', true)
    .map((r): SEncounter => ({ id: r.Id ?? '', start: time(r.START), stop: time(r.STOP), patient: r.PATIENT ?? '', org: r.ORGANIZATION ?? '', provider: r.PROVIDER ?? '', cls: r.ENCOUNTERCLASS ?? '', description: r.DESCRIPTION ?? '' }))
    .filter((e) => Number.isFinite(e.start) && Number.isFinite(e.stop) && e.patient && e.provider);
  const medications = readCsv(dir, 'medications.csv', false)
    .map((r): SMedication => ({ encounter: r.ENCOUNTER ?? '', start: time(r.START), description: r.DESCRIPTION ?? '' }))
    .filter((m) => m.encounter && Number.isFinite(m.start));
  return { patients, providers, organizations, encounters, medications };
}
