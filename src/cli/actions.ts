import { Command, Option } from 'commander';
import { userInfo } from 'node:os';
import { WardError } from '../core/errors.js';
import { ACTION_STATES, EngineRefusal, ResponseEngine, auditTo, configuredPlaybooks, type ActionRecord } from '../respond/index.js';
import { SqliteStore } from '../store/sqlite/index.js';
import { action, loadFor, table, withCommon, type CommonOptions } from './common.js';

interface ActionsOptions extends CommonOptions {
  state?: string;
  limit: string;
  note?: string;
}

const line = (a: ActionRecord) => ({
  id: a.id, playbook: a.playbook, action: a.action, target: a.target, state: a.state, reason: a.reason,
  alertId: a.alertId, createdAt: a.createdAt, expiresAt: a.expiresAt,
});

function withEngine<T>(opts: ActionsOptions, fn: (e: ResponseEngine) => Promise<T>): Promise<T> {
  const { loaded, dataDir } = loadFor(opts);
  const store = SqliteStore.open(dataDir);
  const settings = loaded.config.respond;
  const engine = new ResponseEngine({ settings, playbooks: configuredPlaybooks(settings), db: store.db, audit: auditTo(store.db), getAlert: (id) => store.getAlert(id) });
  return fn(engine).finally(() => store.close());
}

/** The operator at this terminal: whoever can open the data directory acts as admin. */
const operator = () => ({ actor: `cli:${userInfo().username}`, role: 'admin' });

function decideCommand(verb: 'approve' | 'reject' | 'undo', what: string): Command {
  return withCommon(new Command(verb))
    .description(what)
    .argument('<id>', 'action id (from wardwatch actions)')
    .option('--note <text>', 'why (kept in the audit log)')
    .action(action(async (id: string, _own: ActionsOptions, self: Command) => {
      // --json/--config/--data-dir may be taken by the parent `actions` command: merge both.
      const opts = self.optsWithGlobals<ActionsOptions>();
      const rec = await withEngine(opts, async (e) => {
        try {
          if (verb === 'approve') return await e.approve(id, operator(), opts.note);
          if (verb === 'reject') return e.reject(id, operator(), opts.note);
          return await e.undo(id, operator(), opts.note);
        } catch (err) {
          if (err instanceof EngineRefusal) throw new WardError(err.code === 'not_found' ? 'not_found' : 'request.invalid', err.message, id);
          throw err;
        }
      });
      process.stdout.write(opts.json ? `${JSON.stringify(line(rec))}\n` : `${rec.id}: ${rec.state}${rec.reason ? ` (${rec.reason})` : ''}\n`);
    }));
}

/** `wardwatch actions`: list response actions; `approve|reject|undo ID`; `kill-switch on|off`. */
export function actionsCommand(): Command {
  const cmd = withCommon(new Command('actions'))
    .description('list response actions (newest first); approve, reject or undo one')
    .addOption(new Option('--state <state>', 'only actions in this state').choices(ACTION_STATES))
    .option('-n, --limit <n>', 'how many', '100')
    .addHelpText('after', '\nWith --json, prints one JSON object per line: id, playbook, action, target, state, reason, alertId, createdAt, expiresAt.\n')
    .action(action(async (opts: ActionsOptions) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new WardError('request.invalid', 'expected a positive whole number', '--limit');
      const items = await withEngine(opts, async (e) => e.repo.list({ ...(opts.state ? { state: opts.state as ActionRecord['state'] } : {}), limit }));
      if (opts.json) for (const a of items) process.stdout.write(`${JSON.stringify(line(a))}\n`);
      else process.stdout.write(`${table(items.map((a) => [a.id, a.state, a.action, a.target, a.playbook, a.createdAt, a.expiresAt ?? '', a.reason ?? '']),
        ['ID', 'STATE', 'ACTION', 'TARGET', 'PLAYBOOK', 'CREATED', 'EXPIRES', 'REASON'])}\n`);
    }));
  cmd.addCommand(decideCommand('approve', 'approve an action waiting for approval, and run it'));
  cmd.addCommand(decideCommand('reject', 'reject an action waiting for approval'));
  cmd.addCommand(decideCommand('undo', 'undo an action now (lift a block)'));
  cmd.addCommand(withCommon(new Command('kill-switch'))
    .description('switch all automatic response off (on) or back on (off); no argument shows it')
    .argument('[state]', 'on or off')
    .action(action(async (state: string | undefined, _own: ActionsOptions, self: Command) => {
      const opts = self.optsWithGlobals<ActionsOptions>();
      if (state !== undefined && state !== 'on' && state !== 'off') throw new WardError('request.invalid', 'expected on or off', 'state');
      const on = await withEngine(opts, async (e) => {
        if (state) e.setKillSwitch(state === 'on', operator());
        return e.killSwitch();
      });
      process.stdout.write(opts.json ? `${JSON.stringify({ killSwitch: on })}\n` : `kill switch: ${on ? 'on' : 'off'}\n`);
    })));
  return cmd;
}
