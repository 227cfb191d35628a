import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { IntelStore } from '../store/intel-store.js';
import type { StixValidator } from '../stix/validate.js';
import { readCsv } from './csv.js';
import { readMisp } from './misp.js';
import { readPlain } from './plain.js';
import { readStix } from './stix.js';
import type { FeedFormat, ImportProblem, ParsedFeed } from './types.js';
import type { WarningLists } from './warninglists.js';

/** What one file's import did. */
export interface ImportReport {
  file: string;
  format: FeedFormat;
  source: string;
  /** Indicator values written. */
  loaded: number;
  /** STIX objects kept (bundles, and the indicator objects of other formats are not synthesised). */
  objects: number;
  /** Values on a MISP warning list (known-benign): not loaded, counted per list. */
  warningListed: number;
  byWarningList: Record<string, number>;
  /** Indicators already expired at import time: not loaded. */
  expired: number;
  compound: number;
  notForDetection: number;
  problems: ImportProblem[];
  /** The file could not be read as its format at all: nothing of it was written. */
  failed?: string;
}

/** Options of {@link importPath}. */
export interface ImportOptions {
  format?: FeedFormat | undefined;
  /** Source name; default: the file name without extension (a directory's files share it when set). */
  source?: string | undefined;
  now?: number | undefined;
  ttlDays?: number | undefined;
  confidence?: number | undefined;
  warningLists?: WarningLists | undefined;
  validator?: StixValidator | undefined;
  /** Called after each file (progress). */
  onFile?: ((r: ImportReport) => void) | undefined;
}

/** Largest feed file read (a hostile or broken feed must not exhaust memory). */
export const MAX_FEED_BYTES = 512 * 1024 * 1024;

/** Guess a file's format from its name and first bytes. */
export function detectFormat(file: string, head: string): FeedFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  const t = head.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    if (/"type"\s*:\s*"bundle"/.test(head) || /"spec_version"\s*:/.test(head)) return 'stix';
    if (/"(Event|response)"\s*:/.test(head)) return 'misp';
    return 'stix';
  }
  return 'plain';
}

function* feedFiles(path: string): Generator<string> {
  const st = statSync(path);
  if (!st.isDirectory()) {
    yield path;
    return;
  }
  for (const name of readdirSync(path).sort()) {
    if (name.startsWith('.') || /^(manifest\.json|hashes\.csv|LICENSE|README.*|MANIFEST.*|index\.csv)$/i.test(name)) continue;
    const p = join(path, name);
    if (statSync(p).isDirectory()) yield* feedFiles(p);
    else if (/\.(json|csv|txt|list|ioc)$/i.test(name) || !name.includes('.')) yield p;
  }
}

/**
 * Import a feed file or every feed file under a directory into the intel store: one
 * transaction per file (a file is written whole or not at all), warning-listed and expired
 * values left out and counted, bad entries reported by object and field while the rest loads.
 *
 * @example importPath(store, '../shared/data/intel/feeds/ipsum/ipsum.txt', { source: 'ipsum', ttlDays: 7, warningLists })
 */
export function importPath(store: IntelStore, path: string, opts: ImportOptions = {}): ImportReport[] {
  const reports: ImportReport[] = [];
  for (const file of feedFiles(path)) {
    const r = importFile(store, file, opts);
    reports.push(r);
    opts.onFile?.(r);
  }
  return reports;
}

function importFile(store: IntelStore, file: string, opts: ImportOptions): ImportReport {
  const now = opts.now ?? Date.now();
  const levelFile = /(?:^|[/\\])levels[/\\](\d+)\.txt$/.exec(file);
  const source = opts.source ?? (levelFile ? basename(join(file, '../..')) : basename(file).replace(/\.[^.]+$/, ''));
  const base: Omit<ImportReport, 'format'> = { file, source, loaded: 0, objects: 0, warningListed: 0, byWarningList: {}, expired: 0, compound: 0, notForDetection: 0, problems: [] };
  let format: FeedFormat = opts.format ?? 'plain';
  let parsed: ParsedFeed;
  try {
    if (statSync(file).size > MAX_FEED_BYTES) throw new Error(`larger than ${MAX_FEED_BYTES} bytes`);
    const text = readFileSync(file, 'utf8');
    format = opts.format ?? detectFormat(file, text.slice(0, 4096));
    const ro = { source, now, ttlDays: opts.ttlDays ?? (format === 'plain' || format === 'csv' ? 7 : 0), confidence: opts.confidence };
    parsed = format === 'stix' ? readStix(text, { ...ro, validator: opts.validator })
      : format === 'misp' ? readMisp(text, ro)
      : format === 'csv' ? readCsv(text, ro)
      : readPlain(text, { ...ro, level: levelFile ? Number(levelFile[1]) : undefined });
  } catch (err) {
    return { ...base, format, failed: `cannot read ${file} as ${format}: ${(err as Error).message}` };
  }
  return storeParsed(store, parsed, { ...base, format, compound: parsed.compound, notForDetection: parsed.notForDetection, problems: parsed.problems }, now, opts.warningLists);
}

/**
 * Write what a reader parsed, in one transaction (nested in the caller's when there is one):
 * the STIX objects, the indicator values less the expired and warning-listed ones (counted in
 * `report`), the import record and the version bump the matchers watch.
 *
 * @example storeParsed(store, readStix(text, ro), emptyReport, Date.now(), warningLists)
 */
export function storeParsed(store: IntelStore, parsed: ParsedFeed, report: ImportReport, now: number, warningLists?: WarningLists | undefined): ImportReport {
  store.transaction(() => {
    for (const o of parsed.objects) store.putObject(o as { id: string; type: string }, report.source, now);
    report.objects = parsed.objects.length;
    for (const r of parsed.records) {
      if (r.validUntil !== undefined && r.validUntil <= now) {
        report.expired++;
        continue;
      }
      const wl = warningLists?.check(r);
      if (wl) {
        report.warningListed++;
        report.byWarningList[wl] = (report.byWarningList[wl] ?? 0) + 1;
        continue;
      }
      store.putIndicator(r, now);
      report.loaded++;
    }
    store.finishImport(now, report.source, report.file, report.format, { ...report, problems: report.problems.slice(0, 100) });
  });
  return report;
}

/** An empty report for `storeParsed` (what a caller without a file passes). */
export function emptyReport(file: string, format: FeedFormat, source: string): ImportReport {
  return { file, format, source, loaded: 0, objects: 0, warningListed: 0, byWarningList: {}, expired: 0, compound: 0, notForDetection: 0, problems: [] };
}
