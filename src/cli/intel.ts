import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { WardError } from '../core/errors.js';
import { exportBundle } from '../intel/export.js';
import { importPath, WarningLists, type FeedFormat, type ImportReport } from '../intel/importers/index.js';
import { IntelStore } from '../intel/store/intel-store.js';
import { DEFAULT_SCHEMA_DIR, StixValidator } from '../intel/stix/validate.js';
import { TLP_LEVELS, type TlpLevel } from '../intel/stix/tlp.js';
import { action, loadFor, table, withCommon, type CommonOptions } from './common.js';
import { shareCommand } from './intel-share-drafts.js';
import { collectionCommand, feedCommand, huntAfterImport, huntCommand, huntLine, publishCommand, updateCommand } from './intel-share.js';

/** The MISP warning lists shipped beside the project (../shared/data), used when present. */
const DEFAULT_WARNINGLISTS = resolve(DEFAULT_SCHEMA_DIR, '../../../misp-warninglists/lists');

interface ImportOpts extends CommonOptions {
  format?: FeedFormat;
  source?: string;
  ttlDays?: string;
  confidence?: string;
  warninglists?: string | false;
  skipList?: string[];
  schemas?: string;
  huntDays?: string;
  hunt: boolean;
}

function num(v: string | undefined, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new WardError('config.invalid', `--${name} must be an integer ${min}..${max}: ${v}`);
  return n;
}

function reportLine(r: ImportReport): string {
  if (r.failed) return `${r.file}: FAILED, nothing written: ${r.failed}`;
  const wl = Object.entries(r.byWarningList).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} ${v}`).join(', ');
  return `${r.file} (${r.format}, source ${r.source}): ${r.loaded} loaded, ${r.warningListed} on warning lists${wl ? ` (${wl})` : ''}, ${r.expired} expired, ${r.compound} compound patterns not matched at line rate, ${r.problems.length} problems`;
}

/** `wardwatch intel import|stats|export|collection|feed|update|publish`: threat intel for the `intel.match` detector, shared over TAXII. */
export function intelCommand(): Command {
  const cmd = new Command('intel').description('threat intelligence: import feeds (STIX, MISP, CSV, blocklists), show what is loaded, export STIX');
  cmd.addCommand(withCommon(new Command('import'))
    .description('import indicator files or folders into DATA_DIR/intel.db (one transaction per file; bad entries reported, the rest loaded)')
    .argument('<paths...>', 'files or folders (STIX bundles, MISP event JSON, CSV, plain/IPsum lists)')
    .option('--format <format>', 'stix | misp | csv | plain (default: detected per file)')
    .option('--source <name>', 'source name shown in alerts (default: the file name)')
    .option('--ttl-days <n>', 'expiry of entries without their own valid_until (default 7 for lists/CSV, none for STIX/MISP; 0 = never)')
    .option('--confidence <n>', 'confidence 0..100 for entries without one')
    .option('--warninglists <dir>', `MISP warning lists used as a false-positive filter (default: ${DEFAULT_WARNINGLISTS} if present)`)
    .option('--no-warninglists', 'do not filter by MISP warning lists')
    .option('--skip-list <id...>', 'warning lists not to apply (e.g. vpn-ipv4)')
    .option('--schemas <dir>', `STIX 2.1 JSON Schemas to validate objects with (default: ${DEFAULT_SCHEMA_DIR})`)
    .option('--hunt-days <n>', 'then retro-hunt the new indicators over the stored events of the last N days', '30')
    .option('--no-hunt', 'do not retro-hunt after the import')
    .action(action(async (paths: string[], opts: ImportOpts) => {
      const started = Date.now();
      const days = num(opts.huntDays, 'hunt-days', 1, 3650) ?? 30;
      if (opts.format && !['stix', 'misp', 'csv', 'plain'].includes(opts.format)) throw new WardError('config.invalid', `--format must be stix, misp, csv or plain: ${opts.format}`);
      const { dataDir } = loadFor(opts);
      const wlDir = opts.warninglists === false ? undefined : opts.warninglists ?? (existsSync(DEFAULT_WARNINGLISTS) ? DEFAULT_WARNINGLISTS : undefined);
      const warningLists = wlDir ? WarningLists.load(wlDir, opts.skipList ?? []) : undefined;
      const schemaDir = opts.schemas ?? DEFAULT_SCHEMA_DIR;
      const validator = existsSync(schemaDir) ? StixValidator.load(schemaDir) : undefined;
      if (!validator && !opts.json) process.stderr.write(`note: STIX 2.1 schemas not found in ${schemaDir}; STIX objects get basic checks only\n`);
      const store = IntelStore.open(dataDir);
      const reports: ImportReport[] = [];
      try {
        for (const p of paths) {
          if (!existsSync(p)) throw new WardError('config.invalid', `no such file or folder: ${p}`);
          reports.push(...importPath(store, p, {
            format: opts.format, source: opts.source, ttlDays: num(opts.ttlDays, 'ttl-days', 0, 36500), confidence: num(opts.confidence, 'confidence', 0, 100),
            warningLists, validator,
            onFile: (r) => {
              if (opts.json) return;
              process.stderr.write(`${reportLine(r)}\n`);
              for (const x of r.problems.slice(0, 20)) process.stderr.write(`  ${x.object} ${x.path}: ${x.message}\n`);
              if (r.problems.length > 20) process.stderr.write(`  … ${r.problems.length - 20} more problems\n`);
            },
          }));
        }
        const totals = { files: reports.length, loaded: reports.reduce((a, r) => a + r.loaded, 0), warningListed: reports.reduce((a, r) => a + r.warningListed, 0), problems: reports.reduce((a, r) => a + r.problems.length, 0), failed: reports.filter((r) => r.failed).length };
        const hunt = opts.hunt && totals.loaded > 0 ? huntAfterImport(dataDir, store, started, days, !!opts.json) : undefined;
        if (opts.json) process.stdout.write(`${JSON.stringify({ reports, totals, warningLists: wlDir ?? null, hunt: hunt ?? null })}\n`);
        else process.stdout.write(`${totals.files} file(s): ${totals.loaded} indicators loaded, ${totals.warningListed} known-benign values skipped (MISP warning lists${wlDir ? '' : ': none loaded'}), ${totals.problems} problems, ${totals.failed} failed files.\n`);
        if (hunt && !opts.json) process.stdout.write(`${huntLine(hunt, days)}\n`);
        if (totals.failed) process.exitCode = 1;
      } finally {
        store.close();
      }
    })));
  cmd.addCommand(withCommon(new Command('stats'))
    .description('indicators loaded (active and expired) by kind and source, STIX objects, sightings')
    .action(action(async (opts: CommonOptions) => {
      const { dataDir } = loadFor(opts);
      if (!IntelStore.exists(dataDir)) throw new WardError('config.invalid', `no intel database in ${dataDir}: run "wardwatch intel import" first`);
      const store = IntelStore.open(dataDir, { readonly: true });
      try {
        const s = store.stats(Date.now());
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(s)}\n`);
          return;
        }
        process.stdout.write(`${s.indicators} indicators (${s.active} active, ${s.expired} expired), ${s.objects} STIX objects, ${s.sightings} sightings; version ${s.version}\n`);
        process.stdout.write(`by kind: ${Object.entries(s.byKind).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}\n\n`);
        process.stdout.write(`${table(s.bySource.map((r) => [r.source, String(r.indicators), r.lastImport ?? '']), ['source', 'indicators', 'last import'])}\n`);
      } finally {
        store.close();
      }
    })));
  cmd.addCommand(withCommon(new Command('export'))
    .description('the active indicators as a STIX 2.1 bundle (validated against the official schemas when present)')
    .option('-o, --out <file>', 'write the bundle here (mode 0600) instead of stdout')
    .option('--source <name>', 'only this source')
    .option('--max-tlp <level>', `most restrictive TLP exported: ${TLP_LEVELS.join(' | ')} (default amber)`, 'amber')
    .action(action(async (opts: CommonOptions & { out?: string; source?: string; maxTlp: string }) => {
      if (!TLP_LEVELS.includes(opts.maxTlp as TlpLevel)) throw new WardError('config.invalid', `--max-tlp must be one of ${TLP_LEVELS.join(', ')}`);
      const { dataDir } = loadFor(opts);
      if (!IntelStore.exists(dataDir)) throw new WardError('config.invalid', `no intel database in ${dataDir}: run "wardwatch intel import" first`);
      const store = IntelStore.open(dataDir, { readonly: true });
      try {
        const { bundle, withheld } = exportBundle(store, { now: Date.now(), source: opts.source, maxTlp: opts.maxTlp as TlpLevel });
        const validator = existsSync(DEFAULT_SCHEMA_DIR) ? StixValidator.load() : undefined;
        const problems = validator ? validator.validateBundle(bundle) : [];
        if (problems.length) throw new WardError('config.invalid', `export would not validate: ${problems.slice(0, 3).map((p) => `${p.object} ${p.path}: ${p.message}`).join('; ')}`);
        const text = JSON.stringify(bundle, null, opts.out ? 2 : undefined);
        const summary = { objects: bundle.objects.length, withheldByTlp: withheld, validated: !!validator };
        if (opts.out) {
          writeFileSync(opts.out, `${text}\n`, { mode: 0o600 });
          process.stdout.write(opts.json ? `${JSON.stringify({ ...summary, file: opts.out })}\n` : `${summary.objects} objects written to ${opts.out}${withheld ? ` (${withheld} withheld above TLP:${opts.maxTlp.toUpperCase()})` : ''}${validator ? ', valid STIX 2.1' : ''}\n`);
        } else process.stdout.write(`${text}\n`);
      } finally {
        store.close();
      }
    })));
  cmd.addCommand(collectionCommand());
  cmd.addCommand(feedCommand());
  cmd.addCommand(updateCommand());
  cmd.addCommand(publishCommand());
  cmd.addCommand(huntCommand());
  cmd.addCommand(shareCommand());
  return cmd;
}
