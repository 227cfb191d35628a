import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { bundledParse, type RuleBundle } from './bundle.js';
import { compileDetection, type CompiledDetection } from './compile.js';
import { FieldTable } from './context.js';
import { readCuration, type CuratedOff, type CurationEntry } from './curation.js';
import type { LoadedRule } from './engine.js';
import { SigmaError, type RuleIssue } from './errors.js';
import type { ItemEnv } from './item.js';
import { logSourceWithin } from './logsource.js';
import { DEFAULT_MAPPINGS, fieldPaths, type FieldMapping } from './mapping.js';
import { parseSigmaYaml } from './parse.js';
import type { SigmaCorrelationDoc, SigmaDoc, SigmaFilterDoc, SigmaRuleDoc } from './rule.js';
import { ruleSelected, type RuleSelection } from './selection.js';

/** Options of a rule-set load. */
export interface LoadOptions {
  mappings?: FieldMapping[];
  /** Values for `%placeholder%` names used with the `expand` modifier. */
  placeholders?: Record<string, string[]>;
  selection?: RuleSelection;
  /**
   * A JSON file caching parsed documents by path, size and mtime: YAML parsing is most of a
   * cold load, so a warm restart skips it for files that did not change.
   */
  cacheFile?: string;
  /**
   * Honour a folder's `curation.json` (default true): rules it marks off are not run unless
   * `selection.enable.ids` names them.
   */
  curation?: boolean;
  /**
   * Pre-parsed rule bundle (written at build, keyed by content hash): a file whose text is in it
   * is not parsed again. Default: the build's bundle when present; `false` turns it off.
   */
  bundle?: RuleBundle | false;
  /** Curation verdict per document (filled by loadRuleDirs from each folder's manifest). */
  verdicts?: Map<SigmaDoc, CurationEntry>;
}

interface CacheEntry {
  size: number;
  mtimeMs: number;
  docs: SigmaDoc[];
  issues: RuleIssue[];
}

const CACHE_VERSION = 1;

function readCache(file: string | undefined): Map<string, CacheEntry> {
  if (!file) return new Map();
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { version: number; entries: Array<[string, CacheEntry]> };
    return data.version === CACHE_VERSION ? new Map(data.entries) : new Map();
  } catch {
    return new Map();
  }
}

function writeCache(file: string, entries: Map<string, CacheEntry>): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: CACHE_VERSION, entries: [...entries] }));
    renameSync(tmp, file);
  } catch {
    // A cache that cannot be written only costs the next start its speed.
  }
}

/** A loaded rule set: runnable rules, correlations, the issues met and counts. */
export interface RuleSet {
  rules: LoadedRule[];
  correlations: SigmaCorrelationDoc[];
  filters: SigmaFilterDoc[];
  issues: RuleIssue[];
  table: FieldTable;
  /** Rules a folder's curation manifest turned off, with the reason (shown by the console). */
  curatedOff: CuratedOff[];
  stats: { files: number; documents: number; rules: number; compiled: number; failed: number; disabled: number; overridden: number; curated: number };
}

/**
 * Every `.yml`/`.yaml` file under the directories (or the files themselves), sorted for determinism.
 *
 * @example
 * listRuleFiles(['rules/healthcare']) // ['rules/healthcare/cleartext_….yml', …]
 */
export function listRuleFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name.startsWith('.')) continue;
        walk(join(p, name));
      }
    } else if (/\.ya?ml$/i.test(p)) out.push(p);
  };
  for (const p of paths) walk(p);
  return out;
}

/**
 * Load rules from directories. Later directories override earlier ones rule by rule (same
 * id), so local rules placed after the bundled SigmaHQ folder replace the bundled version.
 * Problems are collected per rule; loading always goes on.
 *
 * @example
 * const set = loadRuleDirs(['rules/sigma', 'rules/local']);
 * set.issues.forEach((i) => console.error(formatIssue(i)));
 */
export function loadRuleDirs(dirs: string[], opts: LoadOptions = {}): RuleSet {
  const docs: SigmaDoc[] = [];
  const issues: RuleIssue[] = [];
  let files = 0;
  const cache = readCache(opts.cacheFile);
  const fresh = new Map<string, CacheEntry>();
  let cacheChanged = false;
  const verdicts = new Map<SigmaDoc, CurationEntry>();
  for (const dir of dirs) {
    let curation: ReturnType<typeof readCuration> = undefined;
    try {
      curation = opts.curation === false ? undefined : readCuration(dir);
    } catch (err) {
      issues.push({ file: dir, reason: 'io', message: (err as Error).message, severity: 'error' });
    }
    let list: string[];
    try {
      list = listRuleFiles([dir]);
    } catch (err) {
      issues.push({ file: dir, reason: 'io', message: (err as Error).message, severity: 'error' });
      continue;
    }
    for (const file of list) {
      files++;
      let entry: CacheEntry | undefined;
      try {
        const st = statSync(file);
        const known = cache.get(`${dir}\u0000${file}`);
        if (known && known.size === st.size && known.mtimeMs === st.mtimeMs) entry = known;
        else {
          const text = readFileSync(file, 'utf8');
          const parsed = (opts.bundle !== false && bundledParse(text, file, opts.bundle)) || parseSigmaYaml(text, file);
          for (const d of parsed.docs) d.file = dir.endsWith('.yml') || dir.endsWith('.yaml') ? file : relativeOr(file, dir);
          entry = { size: st.size, mtimeMs: st.mtimeMs, docs: parsed.docs, issues: parsed.issues };
          cacheChanged = true;
        }
      } catch (err) {
        issues.push({ file, reason: 'io', message: (err as Error).message, severity: 'error' });
        continue;
      }
      fresh.set(`${dir}\u0000${file}`, entry);
      if (curation) {
        for (const d of entry.docs) {
          const v = curation.rules[d.id];
          if (v) verdicts.set(d, v);
        }
      }
      docs.push(...entry.docs);
      issues.push(...entry.issues);
    }
  }
  if (opts.cacheFile && (cacheChanged || fresh.size !== cache.size)) writeCache(opts.cacheFile, fresh);
  const set = compileRuleSet(docs, { ...opts, verdicts }, issues);
  set.stats.files = files;
  return set;
}

function relativeOr(file: string, dir: string): string {
  const r = relative(dir, file);
  return r.startsWith('..') ? file : join(dir, r);
}

/**
 * Compile parsed documents into a rule set: resolve fields through the mappings, AND filters
 * onto the rules they name, and mark rules only correlations use.
 *
 * @example
 * compileRuleSet(parseSigmaYaml(text, 'inline.yml').docs).rules.length
 */
export function compileRuleSet(docs: SigmaDoc[], opts: LoadOptions = {}, issues: RuleIssue[] = []): RuleSet {
  const mappings = opts.mappings ?? DEFAULT_MAPPINGS;
  const table = new FieldTable();
  const stats = { files: 0, documents: docs.length, rules: 0, compiled: 0, failed: 0, disabled: 0, overridden: 0, curated: 0 };
  const curatedOff: CuratedOff[] = [];
  const forced = new Set(opts.selection?.enable?.ids ?? []);
  // Later documents with the same id replace earlier ones (local overrides).
  const byId = new Map<string, SigmaRuleDoc>();
  const correlations: SigmaCorrelationDoc[] = [];
  const filters: SigmaFilterDoc[] = [];
  for (const d of docs) {
    if (d.kind === 'rule') {
      if (byId.has(d.id)) stats.overridden++;
      byId.delete(d.id);
      byId.set(d.id, d);
    } else if (d.kind === 'correlation') correlations.push(d);
    else filters.push(d);
  }
  stats.rules = byId.size;
  const referenced = new Set<string>();
  for (const c of correlations) if (!c.generate) for (const r of c.rules) referenced.add(r);

  const rules: LoadedRule[] = [];
  for (const doc of byId.values()) {
    // Curated off (noisy or low value): not even compiled, so thousands of off rules cost nothing.
    const verdict = opts.verdicts?.get(doc);
    if (verdict && !verdict.enabled && !forced.has(doc.id)) {
      stats.curated++;
      const off: CuratedOff = { id: doc.id, title: doc.title, reason: verdict.reason, file: doc.file };
      if (doc.level) off.level = doc.level;
      if (doc.status) off.status = doc.status;
      curatedOff.push(off);
      continue;
    }
    const warnings = new Map<string, number | undefined>();
    const env: ItemEnv = {
      resolveField: (f) => table.intern(f, fieldPaths(f, doc.logsource, mappings)),
      placeholders: opts.placeholders ?? {},
      warn: (m, line) => warnings.set(m, line),
    };
    let detection: CompiledDetection;
    try {
      detection = compileDetection(doc.detection, doc.conditions, env, doc.lines);
      for (const f of filters) {
        if (!filterApplies(f, doc)) continue;
        detection = andFilter(detection, f, env);
      }
    } catch (err) {
      stats.failed++;
      issues.push(toIssue(err, doc));
      continue;
    }
    stats.compiled++;
    for (const [w, line] of warnings) {
      issues.push({ file: doc.file, line: line ?? doc.line, ruleId: doc.id, reason: 'value', message: w, severity: 'warning' });
    }
    if (opts.selection && !ruleSelected(doc, opts.selection)) {
      stats.disabled++;
      continue;
    }
    const standalone = !(referenced.has(doc.id) || (doc.name !== undefined && referenced.has(doc.name)));
    rules.push({ doc, detection, standalone });
  }
  // Correlations must name rules that exist.
  const known = new Set<string>();
  for (const r of rules) {
    known.add(r.doc.id);
    if (r.doc.name) known.add(r.doc.name);
  }
  for (const c of correlations) {
    known.add(c.id);
    if (c.name) known.add(c.name);
  }
  const goodCorrelations = correlations.filter((c) => {
    const missing = c.rules.filter((r) => !known.has(r));
    if (missing.length === 0) return true;
    issues.push({ file: c.file, line: c.line, ruleId: c.id, reason: 'reference', message: `correlation names unknown rules: ${missing.join(', ')}`, severity: 'error' });
    return false;
  });
  return { rules, correlations: goodCorrelations, filters, issues, table, curatedOff, stats };
}

function filterApplies(f: SigmaFilterDoc, rule: SigmaRuleDoc): boolean {
  if (!logSourceWithin(rule.logsource, f.logsource)) return false;
  if (f.rules === 'any') return true;
  return f.rules.some((r) => r === rule.id || r === rule.name || r === rule.title);
}

function andFilter(det: CompiledDetection, f: SigmaFilterDoc, env: ItemEnv): CompiledDetection {
  const fd = compileDetection(f.detection, f.conditions, env, f.lines);
  const a = det.test;
  const b = fd.test;
  const searches = new Map(det.searches);
  for (const [k, v] of fd.searches) searches.set(`filter:${f.id}:${k}`, { ...v, name: `filter:${k}` });
  return { test: (c) => a(c) && b(c), searches, needles: det.needles };
}

function toIssue(err: unknown, doc: SigmaDoc): RuleIssue {
  const e = err instanceof SigmaError ? err : new SigmaError('value', (err as Error).message);
  const lineMatch = e.where ? /line (\d+)/.exec(e.where) : null;
  const message = e.where ? e.message.slice(e.where.length + 2) : e.message;
  return {
    file: doc.file,
    line: lineMatch ? Number(lineMatch[1]) : doc.line,
    ruleId: doc.id,
    reason: e.reason,
    message,
    severity: 'error',
  };
}
