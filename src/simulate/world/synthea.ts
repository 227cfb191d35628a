import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One Synthea patient, names cleaned of Synthea's numeric suffixes. */
export interface SyntheaPatient {
  sourceId: string;
  given: string;
  family: string;
  birthDate: string;
  sex: 'M' | 'F';
  address: string;
  deceased: boolean;
}

/** Default location of the shared Synthea sample, relative to the project root. */
export const SYNTHEA_DIR = '../shared/data/healthcare/synthea-sample-csv';

/** Split one CSV line (Synthea quotes fields that hold commas). */
export function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}

const clean = (s: string): string => s.replace(/\d+/g, '').trim();

/**
 * Patients of the shared Synthea sample (`patients.csv`), or an empty list when the folder is
 * absent: the simulator then makes every patient up.
 *
 * @example
 * loadSyntheaPatients('../shared/data/healthcare/synthea-sample-csv').length // 112
 */
export function loadSyntheaPatients(dir: string = SYNTHEA_DIR): SyntheaPatient[] {
  const file = join(dir, 'patients.csv');
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = splitCsv(lines[0] ?? '');
  const col = (name: string) => header.indexOf(name);
  const [iId, iBirth, iDeath, iFirst, iLast, iSex, iAddr, iCity] = ['Id', 'BIRTHDATE', 'DEATHDATE', 'FIRST', 'LAST', 'GENDER', 'ADDRESS', 'CITY'].map(col);
  const out: SyntheaPatient[] = [];
  for (const line of lines.slice(1)) {
    const f = splitCsv(line);
    const get = (i: number | undefined) => (i === undefined || i < 0 ? '' : f[i] ?? '');
    out.push({
      sourceId: get(iId),
      given: clean(get(iFirst)),
      family: clean(get(iLast)),
      birthDate: get(iBirth),
      sex: get(iSex) === 'F' ? 'F' : 'M',
      address: `${get(iAddr)}, ${get(iCity)}`,
      deceased: get(iDeath) !== '',
    });
  }
  return out;
}
