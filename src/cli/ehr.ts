import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExplanationTemplate } from '../core/context.js';
import { mineStoredTemplates } from '../pipeline/ehr-mining.js';
import { ContextStore } from '../store/sqlite/index.js';
import { EhrTemplateRepo } from '../store/sqlite/ehr-templates.js';
import { action, loadFor, openExistingStore, withCommon, type CommonOptions } from './common.js';

interface TemplateOptions extends CommonOptions { mine?: boolean; days: string; minPrecision?: string; status?: string }

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function table(list: ExplanationTemplate[]): string {
  if (!list.length) return 'No explanation templates yet: mine some with "wardwatch ehr templates --mine" once the store holds EHR accesses.\n';
  return `${list.map((t) => `#${t.id}  ${t.status.padEnd(8)}  v${t.version}  coverage ${pct(t.coverage).padStart(7)}  precision ${pct(t.precision).padStart(7)}  ${t.group}\n      ${t.text}${t.approvedBy ? ` (decided by ${t.approvedBy})` : ''}`).join('\n')}\n`;
}

/**
 * `wardwatch ehr templates [--mine] [--json]`: the EHR explanation templates mined from the access
 * log (Fabbri & LeFevre's explanation-based auditing), and mining them from the store.
 */
export function ehrCommand(): Command {
  const cmd = new Command('ehr').description('EHR privacy monitoring: explanation templates mined from the access log');
  cmd.addCommand(withCommon(new Command('templates'))
    .description('list the mined explanation templates (coverage, precision, status); --mine mines them again from the stored EHR accesses and the clinical context')
    .option('--mine', 'mine templates from the last --days days of stored EHR accesses and store them (new ones proposed)')
    .option('--days <n>', 'days of access log to mine', '30')
    .option('--min-precision <x>', 'least precision against random (user, patient) pairs (0..1)')
    .option('--status <s>', 'list only proposed, approved or retired templates')
    .addHelpText('after', `
Examples:
  wardwatch ehr templates                  # the templates and how well they explain
  wardwatch ehr templates --mine --days 30 # re-mine from the last 30 days (run it daily)
  wardwatch ehr templates --json

Approve or retire templates in the console or with PATCH /api/ehr/templates/:id (privacy officer).`)
    .action(action(async (opts: TemplateOptions) => {
      const { dataDir } = loadFor(opts);
      const store = openExistingStore(dataDir);
      try {
        if (opts.mine) {
          const days = Number(opts.days);
          if (!Number.isFinite(days) || days <= 0) throw new Error(`--days must be a positive number, not ${opts.days}`);
          const minPrecision = opts.minPrecision === undefined ? undefined : Number(opts.minPrecision);
          if (minPrecision !== undefined && !(minPrecision > 0 && minPrecision <= 1)) throw new Error(`--min-precision must be in (0, 1], not ${opts.minPrecision}`);
          if (!existsSync(join(dataDir, 'context.db'))) throw new Error(`no clinical context in ${dataDir}: load it first with "wardwatch context load"`);
          const ctx = ContextStore.open(dataDir);
          try {
            process.stderr.write(`mining templates from the last ${days} days of EHR accesses…\n`);
            const run = mineStoredTemplates(store, ctx, { days, ...(minPrecision !== undefined ? { options: { minPrecision } } : {}) });
            if (opts.json) process.stdout.write(`${JSON.stringify({ ...run, scored: run.scored.filter((s) => s.kept) })}\n`);
            else process.stdout.write(`Mined ${run.templates.length} templates over ${run.groups} groups from ${run.accesses} accesses (${run.from.slice(0, 10)} – ${run.to.slice(0, 10)}) in ${run.seconds.toFixed(1)} s: ${run.stored.added} new, ${run.stored.updated} re-scored, ${run.stored.retired} retired.\n${table(run.templates)}`);
          } finally {
            ctx.close();
          }
          return;
        }
        const status = opts.status;
        if (status !== undefined && !['proposed', 'approved', 'retired'].includes(status)) throw new Error(`--status must be proposed, approved or retired, not ${status}`);
        const list = new EhrTemplateRepo(store.db).list(status ? { status: status as ExplanationTemplate['status'] } : {});
        process.stdout.write(opts.json ? `${JSON.stringify({ items: list })}\n` : table(list));
      } finally {
        store.close();
      }
    })));
  return cmd;
}
