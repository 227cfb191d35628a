import { existsSync, readFileSync } from 'node:fs';
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
