import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleIssue } from './errors.js';
import { parseSigmaYaml, type ParsedFile } from './parse.js';
import type { SigmaDoc } from './rule.js';

/**
 * A pre-parsed rule bundle: the parse result of each shipped rule file, keyed by the SHA-256 of
 * its text. YAML parsing is most of a cold load of the ~3,000 SigmaHQ files, and every fresh data
 * directory (first start, each test, each `wardwatch ingest` into a new store) would pay it; a
 * JSON bundle written at build time turns that into one JSON.parse. Keyed by content, not path
 * or mtime, so an edited rule file simply misses and is parsed from its YAML.
 */
export interface RuleBundle {
  version: number;
  /** SHA-256 of the parser source the bundle was made with (stale bundles are ignored in a checkout). */
  parser: string;
  /** Content hash → parse result; `file` fields are filled per load. */
  entries: Record<string, { docs: SigmaDoc[]; issues: Array<Omit<RuleIssue, 'file'>> }>;
}

/** Bundle format version. */
export const BUNDLE_VERSION = 1;

/** Placeholder path the bundle is parsed under; a document whose id falls back to its path is not bundled. */
export const BUNDLE_FILE = '\u0000bundle';

/** Content key of one rule file's text. */
export function contentKey(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

const here = dirname(fileURLToPath(import.meta.url));

/** The project root (the folder holding package.json), from src/ or dist/src/. */
function projectRoot(): string | undefined {
  for (let d = here, i = 0; i < 6; i++, d = dirname(d)) if (existsSync(join(d, 'package.json'))) return d;
  return undefined;
}

/** Where the build writes the bundle of the shipped rules. */
export function defaultBundlePath(): string | undefined {
  const root = projectRoot();
  return root ? join(root, 'dist', 'sigma-rules.bundle.json') : undefined;
}

/** SHA-256 of the parser sources when they are present (a checkout); undefined in an installed package. */
export function parserStamp(root = projectRoot()): string | undefined {
  if (!root) return undefined;
  const files = ['parse.ts', 'rule.ts', 'errors.ts'].map((f) => join(root, 'src', 'detect', 'sigma', f));
  if (!files.every((f) => existsSync(f))) return undefined;
  const h = createHash('sha256');
  for (const f of files) h.update(readFileSync(f));
  return h.digest('base64url');
}

let cached: RuleBundle | null | undefined;

/** The build's bundle, read once per process; null when absent, unreadable or stale. */
export function defaultBundle(): RuleBundle | null {
  if (cached !== undefined) return cached;
  cached = null;
  const p = defaultBundlePath();
  if (!p || !existsSync(p)) return cached;
  try {
    const b = JSON.parse(readFileSync(p, 'utf8')) as RuleBundle;
    const stamp = parserStamp();
    // In a checkout whose parser changed since the build, the bundle could disagree with a parse.
    if (b.version === BUNDLE_VERSION && (stamp === undefined || stamp === b.parser)) cached = b;
  } catch {
    // A bundle that cannot be read only costs the load its speed.
  }
  return cached;
}

/**
 * The parse result of `text` from the bundle, with `file` set to where it was read; undefined
 * when the text is not in the bundle (then the caller parses the YAML).
 */
export function bundledParse(text: string, file: string, bundle?: RuleBundle | null): ParsedFile | undefined {
  const b = bundle ?? defaultBundle();
  if (!b) return undefined;
  const e = b.entries[contentKey(text)];
  if (!e) return undefined;
  // A fresh copy per load: callers mutate documents (file, curation) and may load twice.
  const copy = JSON.parse(JSON.stringify(e)) as RuleBundle['entries'][string];
  for (const d of copy.docs) d.file = file;
  return { docs: copy.docs, issues: copy.issues.map((i) => ({ ...i, file })) };
}

/**
 * Build a bundle from rule files (the build runs this over rules/). Files whose documents lack an
 * id (their id would be their path) are left out: they are parsed at load as before.
 *
 * @example
 * writeFileSync(defaultBundlePath()!, JSON.stringify(makeBundle(listRuleFiles(['rules']))));
 */
export function makeBundle(files: string[], parser = parserStamp() ?? ''): { bundle: RuleBundle; skipped: number } {
  const entries: RuleBundle['entries'] = {};
  let skipped = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const { docs, issues } = parseSigmaYaml(text, BUNDLE_FILE);
    if (docs.some((d) => d.id.includes(BUNDLE_FILE))) {
      skipped++;
      continue;
    }
    entries[contentKey(text)] = { docs, issues: issues.map(({ file: _file, ...rest }) => rest) };
  }
  return { bundle: { version: BUNDLE_VERSION, parser, entries }, skipped };
}
