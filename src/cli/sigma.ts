import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Command } from 'commander';
import type { AlertDraft } from '../core/alert.js';
import { newEventId } from '../core/ids.js';
import type { WardEvent } from '../core/event.js';
import { loadAttackCatalog, type AttackCatalog } from '../detect/sigma/attack.js';
import { buildSigmaDetector } from '../detect/sigma/detector.js';
import { curateSigmaHq } from '../detect/sigma/curate.js';
import { readCuration, type Curation } from '../detect/sigma/curation.js';
import { formatIssue } from '../detect/sigma/errors.js';
import { compileRuleSet, listRuleFiles, loadRuleDirs } from '../detect/sigma/ruleset.js';
import { parseSigmaYaml } from '../detect/sigma/parse.js';
import { windowsEvent, windowsShape } from '../parsers/windows/index.js';
import { frameText } from '../sources/framing.js';
import { loadConfigFile } from '../pipeline/config-loader.js';
import { PACKAGE_ROOT } from '../version.js';
import { extractArchive } from './archive.js';

/** Where command output goes (stdout in the CLI, a buffer in tests). */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

const stdio: Output = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

/**
 * `sigma check DIR…`: load rules, print every problem, exit 1 if any rule failed to load.
 *
 * @example
 * runCheck(['rules/healthcare'], { json: false }) // 0
 */
export function runCheck(dirs: string[], opts: { json?: boolean }, io: Output = stdio): number {
  const t0 = performance.now();
  const set = loadRuleDirs(dirs);
  const ms = Math.round(performance.now() - t0);
  const errors = set.issues.filter((i) => i.severity === 'error');
  const loaded = set.stats.compiled;
  // Documents that failed before compiling (YAML, schema, I/O) never became rules: count them too.
  const total = set.stats.rules + errors.filter((i) => i.reason === 'yaml' || i.reason === 'schema' || i.reason === 'io').length;
  if (opts.json) {
    for (const i of set.issues) io.out(JSON.stringify(i));
    io.out(JSON.stringify({ summary: { ...set.stats, correlations: set.correlations.length, filters: set.filters.length, errors: errors.length, loadMs: ms } }));
  } else {
    for (const i of set.issues) io.out(formatIssue(i));
    const pct = total ? ((loaded / total) * 100).toFixed(2) : '100.00';
    io.out(`${set.stats.files} files, ${loaded}/${total} rules compiled (${pct} %), ${set.correlations.length} correlations, ${set.filters.length} filters, ${errors.length} errors, ${set.issues.length - errors.length} warnings, ${ms} ms`);
  }
  return errors.length ? 1 : 0;
}

/**
 * Event files under the paths: `.json`, `.jsonl`, `.ndjson`, `.log`, optionally gzipped.
 *
 * @example
 * listEventFiles(['../shared/data/windows/evtx-to-mitre-attack/data']) // ['…/ID4624-….jsonl.gz', …]
 */
export function listEventFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) for (const n of readdirSync(p).sort()) walk(join(p, n));
    else if (/\.(json|jsonl|ndjson|log|txt)(\.gz)?$/i.test(p)) out.push(p);
  };
  for (const p of paths) walk(p);
  return out;
}

function isEcsEvent(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o['@timestamp'] === 'string' && o.event !== null && typeof o.event === 'object' && !Array.isArray(o.event);
}

/**
 * Read the events of one file: Windows JSON shapes through the Windows parser, ECS events
 * (`@timestamp` + `event`) as they are; other records are counted as skipped.
 *
 * @example
 * readEventFile('events.jsonl.gz').events.length
 */
export function readEventFile(file: string): { events: WardEvent[]; skipped: number } {
  const buf = readFileSync(file);
  const text = file.endsWith('.gz') ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
  // The one framing of every way in (sources/framing): NDJSON lines, a (pretty-printed) JSON array,
  // a Graph/Azure wrapper or concatenated pretty-printed objects; one bad record is skipped alone.
  const values: unknown[] = [];
  for (const f of frameText(text)) {
    let v: unknown;
    try {
      v = JSON.parse(f.data);
    } catch {
      values.push(undefined);
      continue;
    }
    // A line that is itself an array of events (some exporters write one batch per line).
    if (Array.isArray(v)) values.push(...(v as unknown[]));
    else values.push(v);
  }
  const events: WardEvent[] = [];
  let skipped = 0;
  for (const v of values) {
    if (!windowsShape(v)) {
      // Events already normalised (a Wardwatch or Elastic export): ECS with @timestamp and event.
      if (isEcsEvent(v)) {
        const e = v as WardEvent;
        e.event.id = e.event.id ?? newEventId();
        events.push(e);
      } else skipped++;
      continue;
    }
    try {
      const e = windowsEvent(v) as WardEvent;
      e.event.id = e.event.id ?? newEventId();
      events.push(e);
    } catch {
      skipped++;
    }
  }
  return { events, skipped };
}

const LEVEL_RANK: Record<string, number> = { informational: 0, low: 1, medium: 2, high: 3, critical: 4 };

function factor(a: AlertDraft, feature: string): string | undefined {
  const f = a.explanation.factors.find((x) => x.feature === feature);
  return f === undefined ? undefined : String(f.observed);
}

/**
 * `sigma scan --rules DIR… PATH…`: hunt over event files without a server; prints a table, or
 * with `--json` one object per match (`rule.id`, `rule.title`, `rule.level`, `file`, `event`, `alert`).
 *
 * @example
 * runScan(['evidence/'], { rules: ['rules/sigma'], json: true })
 */
export function runScan(
  paths: string[],
  opts: { rules: string[]; json?: boolean; attack?: string; minLevel?: string },
  io: Output = stdio,
): number {
  const set = loadRuleDirs(opts.rules);
  for (const i of set.issues.filter((x) => x.severity === 'error')) io.err(formatIssue(i));
  let attack: AttackCatalog | undefined;
  if (opts.attack) attack = loadAttackCatalog(opts.attack);
  const detector = buildSigmaDetector(set, attack ? { attack } : {});
  const min = LEVEL_RANK[opts.minLevel ?? 'informational'] ?? 0;
  const byRule = new Map<string, number>();
  let events = 0;
  let skipped = 0;
  let matches = 0;
  const rows: string[][] = [];
  for (const file of listEventFiles(paths)) {
    const r = readEventFile(file);
    skipped += r.skipped;
    // Events in time order so correlations see them as they happened.
    r.events.sort((a, b) => a['@timestamp'].localeCompare(b['@timestamp']));
    for (const e of r.events) {
      events++;
      const key = detector.key(e);
      if (key === undefined) continue;
      detector.process(e, key, (alert) => {
        const level = factor(alert, 'sigma.level') ?? 'unset';
        if ((LEVEL_RANK[level] ?? 2) < min) return;
        matches++;
        byRule.set(alert.title, (byRule.get(alert.title) ?? 0) + 1);
        const id = factor(alert, 'sigma.rule_id') ?? '';
        if (opts.json) {
          io.out(JSON.stringify({ rule: { id, title: alert.title, level, techniques: alert.techniques ?? [] }, file, time: alert.time, event: e.raw ?? e, alert }));
        } else {
          const host = alert.entities.find((x) => x.type === 'host')?.id ?? '';
          // With --attack the factor carries "T1003.001 LSASS Memory, …"; otherwise ids only.
          const attackText = factor(alert, 'attack.techniques') ?? (alert.techniques ?? []).join(' ');
          rows.push([alert.time.slice(0, 19).replace('T', ' '), level, alert.title, attackText, host, file.split('/').slice(-2).join('/')]);
        }
      });
    }
  }
  // Windows still open at the end of the input are over now: judge them.
  detector.flush(Number.POSITIVE_INFINITY, (alert) => {
    matches++;
    byRule.set(alert.title, (byRule.get(alert.title) ?? 0) + 1);
    if (opts.json) io.out(JSON.stringify({ rule: { id: factor(alert, 'sigma.rule_id'), title: alert.title, level: factor(alert, 'sigma.level'), techniques: alert.techniques ?? [] }, file: '(correlation)', time: alert.time, event: null, alert }));
    else rows.push([alert.time.slice(0, 19).replace('T', ' '), factor(alert, 'sigma.level') ?? '', alert.title, (alert.techniques ?? []).join(' '), '', '(correlation)']);
  });
  if (!opts.json) {
    const head = ['time', 'level', 'rule', 'att&ck', 'host', 'file'];
    const all = [head, ...rows];
    const widths = head.map((_, c) => Math.min(c === 2 ? 70 : c === 5 ? 60 : 40, Math.max(...all.map((r) => r[c]!.length))));
    const fmt = (r: string[]) => r.map((v, c) => (v.length > widths[c]! ? `${v.slice(0, widths[c]! - 1)}…` : v.padEnd(widths[c]!))).join('  ');
    io.out(fmt(head));
    for (const r of rows) io.out(fmt(r));
    io.out('');
    io.out(`${matches} detections by ${byRule.size} rules over ${events} events (${skipped} records skipped) with ${set.rules.length} rules`);
  }
  return 0;
}

/**
 * `sigma update --from SRC --to DEST`: bring a bundled rule folder up to date from a SigmaHQ
 * checkout. New and changed files are copied only if they load and compile; files gone from
 * SRC are listed, and removed with `--prune`. Local overrides live in another folder and are
 * never touched.
 *
 * @example
 * runUpdate({ from: '../sigma/rules', to: 'rules/sigma', dryRun: true })
 */
export function runUpdate(opts: { from: string; to: string; dryRun?: boolean; prune?: boolean }, io: Output = stdio): number {
  const src = listRuleFiles([opts.from]);
  const dest = existsSync(opts.to) ? listRuleFiles([opts.to]) : [];
  const destSet = new Set(dest.map((f) => relative(opts.to, f)));
  let added = 0;
  let changed = 0;
  let rejected = 0;
  for (const file of src) {
    const rel = relative(opts.from, file);
    const text = readFileSync(file, 'utf8');
    const target = join(opts.to, rel);
    const exists = destSet.delete(rel);
    if (exists && readFileSync(target, 'utf8') === text) continue;
    const parsed = parseSigmaYaml(text, rel);
    const problems = [...parsed.issues, ...compileRuleSet(parsed.docs).issues].filter((i) => i.severity === 'error');
    if (problems.length) {
      rejected++;
      for (const p of problems) io.err(`rejected ${formatIssue(p)}`);
      continue;
    }
    if (exists) changed++;
    else added++;
    io.out(`${exists ? 'changed' : 'added'} ${rel}`);
    if (!opts.dryRun) {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  }
  for (const rel of destSet) {
    io.out(`${opts.prune ? 'removed' : 'gone upstream (kept; --prune removes)'} ${rel}`);
    if (opts.prune && !opts.dryRun) unlinkSync(join(opts.to, rel));
  }
  io.out(`${added} added, ${changed} changed, ${destSet.size} gone upstream, ${rejected} rejected${opts.dryRun ? ' (dry run)' : ''}`);
  return rejected ? 1 : 0;
}

/** The SigmaHQ set shipped in the package. */
export const SHIPPED_SIGMAHQ = join(PACKAGE_ROOT, 'rules', 'sigmahq');

function sourceOf(root: string, from: string): Curation['source'] {
  const source: Curation['source'] = { repository: `local: ${resolve(from)}` };
  for (const m of [join(root, 'MANIFEST.txt'), join(root, '..', 'MANIFEST.txt')]) {
    if (!existsSync(m)) continue;
    const c = /COMMIT:\s*([0-9a-f]{40})(?:\s*\(([^,)]+))?/.exec(readFileSync(m, 'utf8'));
    if (c) {
      source.repository = 'https://github.com/SigmaHQ/sigma';
      source.commit = c[1]!;
      if (c[2]) source.date = c[2];
    }
    break;
  }
  return source;
}

/**
 * `sigma update --from DIR|ARCHIVE`: refresh the shipped SigmaHQ set into the data directory
 * (`<dataDir>/sigma/sigmahq`, loaded instead of the package's copy from then on). The same
 * curation runs as at build time; noise verdicts measured for the shipped set carry over by
 * rule id. The package itself is never modified.
 *
 * @example
 * runRefresh({ from: 'sigma-master.zip', dataDir: './data', json: true })
 */
export function runRefresh(opts: { from: string; dataDir: string; json?: boolean; dryRun?: boolean }, io: Output = stdio): number {
  if (!existsSync(opts.from)) {
    io.err(`wardwatch: ${opts.from}: no such file or folder`);
    return 1;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'wardwatch-sigma-'));
  try {
    const root = statSync(opts.from).isDirectory() ? opts.from : extractArchive(opts.from, tmp);
    const dest = opts.dryRun ? join(tmp, 'dry-run', 'sigmahq') : join(opts.dataDir, 'sigma', 'sigmahq');
    const previous = readCuration(dest) ?? readCuration(SHIPPED_SIGMAHQ);
    let last = '';
    const report = curateSigmaHq({
      from: root,
      to: dest,
      source: sourceOf(root, opts.from),
      ...(previous ? { previous } : {}),
      // Progress to stderr in 10 % steps per phase, so --json output stays one object.
      onProgress: (phase, done, total) => {
        const step = `${phase}: ${total ? Math.floor((done / total) * 10) * 10 : 100} %`;
        if (step !== last) io.err(step);
        last = step;
      },
    });
    const before = previous ? new Set(Object.keys(previous.rules)) : new Set<string>();
    const after = Object.keys(report.curation.rules);
    const summary = {
      from: opts.from,
      to: opts.dryRun ? null : dest,
      source: report.curation.source,
      scanned: report.scanned,
      rules: report.copied,
      enabled: report.curation.counts.enabled,
      disabled: report.curation.counts.disabled,
      added: after.filter((id) => !before.has(id)).length,
      removed: [...before].filter((id) => !report.curation.rules[id]).length,
      rejected: report.rejected,
      dryRun: opts.dryRun === true,
    };
    if (opts.json) io.out(JSON.stringify(summary));
    else {
      for (const r of report.rejected) io.err(`rejected ${r.file}: ${r.message}`);
      io.out(`${summary.rules} rules (${summary.enabled} on, ${summary.disabled} off by curation), ${summary.added} new, ${summary.removed} gone, ${summary.rejected.length} rejected${opts.dryRun ? ' (dry run, nothing written)' : ` → ${dest}`}`);
      if (!opts.dryRun) io.out('Restart wardwatch (or re-run ingest) to load them; they override the rules shipped in the package.');
    }
    return 0;
  } catch (err) {
    if (opts.json) io.out(JSON.stringify({ error: 'sigma.update', message: (err as Error).message }));
    else io.err(`wardwatch: ${(err as Error).message}`);
    return 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

/**
 * The `sigma` command group: `sigma check DIR…`, `sigma scan --rules DIR… PATH…` and
 * `sigma update --from SRC --to DEST`.
 *
 * @example
 * program.addCommand(sigmaCommand());
 */
export function sigmaCommand(): Command {
  const cmd = new Command('sigma').description('Sigma rules: validate rule folders and hunt over event files');
  cmd
    .command('check')
    .description('load Sigma rules and report every rule that fails to parse or compile (file, line, reason)')
    .argument('<dirs...>', 'rule folders or files')
    .option('--json', 'one JSON object per issue, then a summary object')
    .action((dirs: string[], o: { json?: boolean }) => {
      process.exitCode = runCheck(dirs, o);
    });
  cmd
    .command('scan')
    .description('run Sigma rules over event files (Windows EVTX-JSON, winlogbeat, OTRF; .gz ok) and print the matches')
    .requiredOption('--rules <dir>', 'rule folder (repeatable; later folders override earlier ones)', collect)
    .option('--json', 'one JSON object per match: rule.id, rule.title, rule.level, file, event')
    .option('--attack <dir>', 'folder of ATT&CK STIX bundles to name techniques')
    .option('--min-level <level>', 'only report matches at or above this level (informational|low|medium|high|critical)')
    .argument('<paths...>', 'event files or folders')
    .action((paths: string[], o: { rules: string[]; json?: boolean; attack?: string; minLevel?: string }) => {
      process.exitCode = runScan(paths, o);
    });
  cmd
    .command('update')
    .description('refresh the shipped SigmaHQ rules from a SigmaHQ checkout or release archive into the data directory, re-running the curation (noisy rules off)')
    .requiredOption('--from <dir|archive>', 'SigmaHQ checkout folder, or a .tar.gz/.tgz/.zip archive of one (e.g. GitHub\'s sigma-master.zip)')
    .option('-c, --config <file>', 'YAML configuration file (for its dataDir)')
    .option('-d, --data-dir <dir>', 'data directory; the refreshed set goes to <dir>/sigma/sigmahq')
    .option('--to <dir>', 'instead: sync a rules folder you maintain, file by file, without curation')
    .option('--dry-run', 'report without writing')
    .option('--prune', 'with --to: delete files that are gone upstream')
    .option('--json', 'one JSON summary object (progress still goes to stderr)')
    .addHelpText('after', '\nExamples:\n  wardwatch sigma update --from ~/Downloads/sigma-master.zip\n  wardwatch sigma update --from ~/src/sigma --data-dir /var/lib/wardwatch --json\n')
    .action((o: { from: string; to?: string; config?: string; dataDir?: string; dryRun?: boolean; prune?: boolean; json?: boolean }) => {
      if (o.to) {
        process.exitCode = runUpdate({ from: o.from, to: o.to, ...(o.dryRun ? { dryRun: true } : {}), ...(o.prune ? { prune: true } : {}) });
        return;
      }
      const dataDir = o.dataDir ?? loadConfigFile(o.config).config.dataDir;
      process.exitCode = runRefresh({ from: o.from, dataDir, ...(o.json ? { json: true } : {}), ...(o.dryRun ? { dryRun: true } : {}) });
    });
  return cmd;
}
