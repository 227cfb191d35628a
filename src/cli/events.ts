import { Command } from 'commander';
import { WardError } from '../core/errors.js';
import { action, loadFor, oneOf, openExistingStore, table, withCommon, type CommonOptions } from './common.js';

/** ECS `event.category` allowed values (ECS 8.x): a category outside this list can match nothing. */
export const ECS_CATEGORIES = [
  'api', 'authentication', 'configuration', 'database', 'driver', 'email', 'file', 'host', 'iam', 'intrusion_detection',
  'library', 'malware', 'network', 'package', 'process', 'registry', 'session', 'threat', 'vulnerability', 'web',
] as const;

interface EventsOptions extends CommonOptions {
  from?: string;
  to?: string;
  entity?: string;
  category?: string;
  query?: string;
  limit: string;
}

/** `wardwatch events`: search stored events, newest first. */
export function eventsCommand(): Command {
  return withCommon(new Command('events'))
    .description('search stored events, newest first')
    .option('--from <time>', 'ISO time lower bound')
    .option('--to <time>', 'ISO time upper bound (exclusive)')
    .option('--entity <id>', 'a user name, host name or IP address')
    .option('--category <name>', 'ECS event.category, e.g. authentication')
    .option('-q, --query <text>', 'free text in the message or raw record')
    .option('-n, --limit <n>', 'how many', '50')
    .addHelpText('after', '\nWith --json, prints one normalised event (ECS) per line.\n')
    .action(action(async (opts: EventsOptions) => {
      const { dataDir } = loadFor(opts);
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new WardError('request.invalid', 'expected a positive whole number', '--limit');
      for (const [name, v] of [['--from', opts.from], ['--to', opts.to]] as const) {
        if (v !== undefined && !Number.isFinite(Date.parse(v))) throw new WardError('request.invalid', `not an ISO time: "${v}"`, name);
      }
      if (opts.category) oneOf(opts.category, ECS_CATEGORIES, '--category');
      const store = openExistingStore(dataDir);
      try {
        const page = store.searchEvents({
          ...(opts.from ? { from: opts.from } : {}),
          ...(opts.to ? { to: opts.to } : {}),
          ...(opts.entity ? { entity: opts.entity } : {}),
          ...(opts.category ? { category: opts.category } : {}),
          ...(opts.query ? { text: opts.query } : {}),
          limit: Math.min(limit, 1000),
        });
        if (opts.json) {
          for (const s of page.items) process.stdout.write(`${JSON.stringify(s.event)}\n`);
          return;
        }
        const rows = page.items.map(({ event: e }) => [
          e['@timestamp'], e.event.action ?? '-', e.event.outcome ?? '-', e.user?.name ?? '-', e.source?.ip ?? '-',
          (e.message ?? '').slice(0, 80),
        ]);
        process.stdout.write(`${rows.length ? table(rows, ['time', 'action', 'outcome', 'user', 'source', 'message']) : 'No events.'}\n`);
      } finally {
        store.close();
      }
    }));
}
