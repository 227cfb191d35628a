import { Command } from 'commander';
import { purge, retentionDays } from '../compliance/retention/index.js';
import { action, loadFor, openExistingStore, withCommon, type CommonOptions } from './common.js';
import { auditLocal } from './local-audit.js';

/**
 * `wardwatch purge [--dry-run]`: delete what is past its retention, per data class (events, raw
 * records, alerts, audit, dead letters — `privacy.retention`), and report counts and time ranges.
 * The running server does the same every `privacy.retention.every`; each purge is audited.
 */
export function purgeCommand(): Command {
  return withCommon(new Command('purge'))
    .description('delete stored data past its retention per class (privacy.retention) and report what went; audited')
    .option('--dry-run', 'measure what would go, delete nothing')
    .addHelpText('after', '\nWith --json, one object: {at, dryRun, classes: [{class, retentionDays, cutoff, count, from, to}]}.\n')
    .action(action(async (opts: CommonOptions & { dryRun?: boolean }) => {
      const { loaded, dataDir } = loadFor(opts);
      const store = openExistingStore(dataDir);
      try {
        const report = purge(store.db, retentionDays(loaded.config.privacy.retention, loaded.config.store.retentionDays), { dryRun: opts.dryRun === true });
        auditLocal(store, opts.dryRun ? 'purge_dry_run' : 'purge', 'retention', { ...report });
        if (opts.json) { process.stdout.write(`${JSON.stringify(report)}\n`); return; }
        process.stdout.write(`${opts.dryRun ? 'Would purge' : 'Purged'} (retention in days):\n`);
        for (const c of report.classes) {
          process.stdout.write(`  ${c.class.padEnd(12)} ${String(c.retentionDays).padStart(6)} d  ${String(c.count).padStart(9)}${c.from ? `  ${c.from} → ${c.to}` : ''}\n`);
        }
      } finally { store.close(); }
    }));
}
