import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SigmaRuleDoc } from './rule.js';

/** File name of the curation manifest at the root of a shipped rule folder. */
export const CURATION_FILE = 'curation.json';

/** Why a shipped rule is on or off, as written in `curation.json`. */
export interface CurationEntry {
  enabled: boolean;
  /** `"level low"`, `"status experimental"`, `"fired 37× on benign OTRF background (5 recordings)"`, `"on"`. */
  reason: string;
  title: string;
  level?: string;
  status?: string;
  /** Path of the rule file inside the folder. */
  path: string;
  /** Off-label matches measured on the benign background, when measured. */
  benignMatches?: number;
}

/** The curation manifest a shipped Sigma folder carries (generated; see scripts/curate-sigmahq.mjs). */
export interface Curation {
  version: 1;
  source: { repository: string; commit?: string; date?: string };
  generated: string;
  /** The thresholds and data the verdicts came from, so a reader can reproduce them. */
  criteria: Record<string, unknown>;
  counts: { rules: number; enabled: number; disabled: number };
  rules: Record<string, CurationEntry>;
}

/** Levels that stay off by default: they describe context, not an attack worth a page. */
export const QUIET_LEVELS = new Set(['low', 'informational']);

/**
 * The verdict a rule gets from its metadata alone (before any measurement): low and
 * informational levels and experimental status are off; stable and test rules of level
 * medium or above are on.
 *
 * @example
 * staticVerdict({ level: 'low', status: 'test' } as SigmaRuleDoc) // { enabled: false, reason: 'level low' }
 */
export function staticVerdict(doc: Pick<SigmaRuleDoc, 'level' | 'status'>): { enabled: boolean; reason: string } {
  const level = (doc.level ?? 'medium').toLowerCase();
  if (QUIET_LEVELS.has(level)) return { enabled: false, reason: `level ${level}` };
  const status = (doc.status ?? 'test').toLowerCase();
  if (status === 'deprecated' || status === 'unsupported') return { enabled: false, reason: `status ${status}` };
  if (status === 'experimental') return { enabled: false, reason: 'status experimental' };
  return { enabled: true, reason: 'on' };
}

/**
 * Read `curation.json` from a rule folder; undefined when the folder has none (a user's own
 * rules are never curated). A corrupt manifest is an error: silently running every noisy rule
 * would flood the console.
 *
 * @example
 * readCuration('rules/sigmahq')?.rules['5f92fff9-…']?.enabled
 */
export function readCuration(dir: string): Curation | undefined {
  const file = join(dir, CURATION_FILE);
  if (!existsSync(file)) return undefined;
  let data: Curation;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as Curation;
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (data.version !== 1 || typeof data.rules !== 'object' || data.rules === null) {
    throw new Error(`${file}: not a version 1 curation manifest`);
  }
  return data;
}

/** A rule the curation turned off, for the console and `sigma check`. */
export interface CuratedOff {
  id: string;
  title: string;
  level?: string;
  status?: string;
  reason: string;
  file: string;
}

/** What the console shows of one sigma detector's curated folders. */
export interface CurationSummary {
  /** Curated folders actually loaded (the data-directory copy after `sigma update`). */
  folders: Array<{ path: string; source: Curation['source']; rules: number; enabled: number }>;
  /** Rules the curation keeps off, with the reason; `enable.ids` in the config switches one back on. */
  off: CuratedOff[];
}

const cache = new Map<string, { mtimeMs: number; curation: Curation | undefined }>();

function cachedCuration(dir: string): Curation | undefined {
  const file = join(dir, CURATION_FILE);
  if (!existsSync(file)) return undefined;
  const mtimeMs = statSync(file).mtimeMs;
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.curation;
  const curation = readCuration(dir);
  cache.set(file, { mtimeMs, curation });
  return curation;
}

/**
 * The curated-off rules of the folders a sigma detector loads (re-read only when a manifest
 * changes), for the console's rules page.
 *
 * @example
 * curationSummary(['rules/sigmahq'], [], (d) => d).off[0] // { id, title, reason: 'level low', … }
 */
export function curationSummary(folders: string[], forcedOn: string[], resolve: (dir: string) => string): CurationSummary {
  const out: CurationSummary = { folders: [], off: [] };
  const forced = new Set(forcedOn);
  for (const configured of folders) {
    const dir = resolve(configured);
    let c: Curation | undefined;
    try {
      c = cachedCuration(dir);
    } catch {
      continue; // the detector reports a corrupt manifest as a load issue
    }
    if (!c) continue;
    out.folders.push({ path: dir, source: c.source, rules: c.counts.rules, enabled: c.counts.enabled });
    for (const [id, r] of Object.entries(c.rules)) {
      if (r.enabled || forced.has(id)) continue;
      const off: CuratedOff = { id, title: r.title, reason: r.reason, file: r.path };
      if (r.level) off.level = r.level;
      if (r.status) off.status = r.status;
      out.off.push(off);
    }
  }
  return out;
}
