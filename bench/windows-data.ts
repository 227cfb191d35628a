/**
 * The public Windows attack recordings of ../shared/data/windows, with their whole-file labels:
 * evtx-to-mitre-attack (tactic/technique in the path) and OTRF Security-Datasets (index.csv).
 * Shared by the curation script, the coverage bench and the coverage test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One recording of an attack (with, for OTRF, the lab's background noise). */
export interface Recording {
  set: 'evtx-to-mitre-attack' | 'otrf-security-datasets';
  /** Path relative to the data root, e.g. `windows/otrf-security-datasets/data/…json.gz`. */
  name: string;
  file: string;
  tactic: string;
  techniques: string[];
}

/** Minimal RFC 4180 CSV: quoted fields with commas and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else if (c !== '\r') field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function table(file: string): Array<Record<string, string>> {
  const [head, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  return rows.filter((r) => r.length > 1).map((r) => Object.fromEntries((head ?? []).map((h, i) => [h, r[i] ?? ''])));
}

/**
 * Every converted Windows recording under `dataRoot` (the shared data folder); empty when absent.
 *
 * @example
 * windowsRecordings('../shared/data').filter((r) => r.set === 'otrf-security-datasets').length // 45
 */
export function windowsRecordings(dataRoot: string): Recording[] {
  const out: Recording[] = [];
  const evtx = join(dataRoot, 'windows', 'evtx-to-mitre-attack');
  if (existsSync(join(evtx, 'index.csv'))) {
    for (const r of table(join(evtx, 'index.csv'))) {
      if (r.status !== 'converted' || !r.staged_file) continue;
      out.push({
        set: 'evtx-to-mitre-attack',
        name: `windows/evtx-to-mitre-attack/${r.staged_file}`,
        file: join(evtx, r.staged_file),
        tactic: r.tactic ?? '',
        techniques: (r.technique_id ?? '').split(/[ ;]+/).filter(Boolean),
      });
    }
  }
  const otrf = join(dataRoot, 'windows', 'otrf-security-datasets');
  if (existsSync(join(otrf, 'index.csv'))) {
    for (const r of table(join(otrf, 'index.csv'))) {
      // Windows host recordings only (atomic/windows); cloud, Linux and Zeek sets are other products.
      if (!r.staged_file?.startsWith('data/atomic/windows/')) continue;
      out.push({
        set: 'otrf-security-datasets',
        name: `windows/otrf-security-datasets/${r.staged_file}`,
        file: join(otrf, r.staged_file),
        tactic: r.tactics ?? '',
        techniques: (r.techniques ?? '').split(/\s+/).filter(Boolean),
      });
    }
  }
  return out.filter((r) => existsSync(r.file));
}
