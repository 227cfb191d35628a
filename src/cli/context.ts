import { Command } from 'commander';
import { loadContextFiles } from '../pipeline/context-load.js';
import { ContextStore } from '../store/sqlite/index.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { action, loadFor, openExistingStore, withCommon, type CommonOptions } from './common.js';

/**
 * `wardwatch context load PATH…`: the clinical context the EHR-access detectors need (who the
 * patients are, who the staff are, which treatment relationships exist), from FHIR exports.
 */
export function contextCommand(): Command {
  const cmd = new Command('context').description('load and inspect clinical context (patients, staff, treatment relationships)');
  cmd.addCommand(withCommon(new Command('load'))
    .description('load FHIR Patient, Practitioner, PractitionerRole and Encounter resources (JSON/XML, Bundle or NDJSON)')
    .argument('<paths...>', 'files or folders')
    .action(action(async (paths: string[], opts: CommonOptions) => {
      const { dataDir } = loadFor(opts);
      const ctx = ContextStore.open(dataDir);
      try {
        const r = await loadContextFiles(ctx, dataDir, paths);
        const totals = ctx.counts();
        if (opts.json) process.stdout.write(`${JSON.stringify({ ...r, totals })}\n`);
        else process.stdout.write(`Loaded ${r.patients} patients, ${r.staff} staff and ${r.relationships} relationships from ${r.files} file(s)` +
          `${r.skipped ? ` (${r.skipped} resources of other types skipped)` : ''}. The context now holds ${totals.patients} patients, ${totals.staff} staff, ${totals.relationships} relationships.\n`);
      } finally {
        ctx.close();
      }
    })));
  cmd.addCommand(withCommon(new Command('stats'))
    .description('how many patients, staff and relationships the context holds')
    .action(action(async (opts: CommonOptions) => {
      const { dataDir } = loadFor(opts);
      // A read command: a mistyped --data-dir is an error, not a new empty context.
      if (!existsSync(join(dataDir, 'context.db'))) openExistingStore(dataDir).close();
      const ctx = ContextStore.open(dataDir);
      try {
        const c = ctx.counts();
        process.stdout.write(opts.json ? `${JSON.stringify(c)}\n` : `${c.patients} patients, ${c.staff} staff, ${c.relationships} relationships\n`);
      } finally {
        ctx.close();
      }
    })));
  return cmd;
}
