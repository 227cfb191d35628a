import { Command } from 'commander';
import { createToken, listTokens, revokeToken } from '../api/tokens.js';
import { WardError } from '../core/errors.js';
import { action, loadFor, openExistingStore, table, withCommon, type CommonOptions } from './common.js';
import { auditLocal } from './local-audit.js';

/**
 * `wardwatch tokens create|list|revoke`: API tokens, managed on the server's machine (the way
 * back in when the admin token is lost). Every change is written to the store's audit log.
 *
 * @example
 * program.addCommand(tokensCommand());
 * // wardwatch tokens create admin --replace   → prints the new token once
 */
export function tokensCommand(): Command {
  const cmd = new Command('tokens').description('API tokens: create (shown once), list, revoke — local and audited');
  cmd.addCommand(withCommon(new Command('create'))
    .description('make a new API token and print it once (only its SHA-256 digest is kept)')
    .argument('<name>', 'a name for the token, e.g. siem-forwarder, or admin with --replace to recover it')
    .option('--replace', 'replace an existing token of this name (the old one stops working)')
    .addHelpText('after', '\nA running server accepts the new token within a second. With --json: {"name","token"}.\n')
    .action(action(async (name: string, opts: CommonOptions & { replace?: boolean }) => {
      const { dataDir } = loadFor(opts);
      const store = openExistingStore(dataDir);
      try {
        const token = createToken(dataDir, name, { replace: opts.replace === true });
        auditLocal(store, 'token_create', `token:${name}`, { replaced: opts.replace === true });
        process.stdout.write(opts.json ? `${JSON.stringify({ name, token })}\n` : `API token "${name}" (shown once, keep it safe):\n  ${token}\n`);
      } finally {
        store.close();
      }
    })));
  cmd.addCommand(withCommon(new Command('list'))
    .description('list token names and creation times (never the tokens)')
    .action(action(async (opts: CommonOptions) => {
      const { dataDir } = loadFor(opts);
      openExistingStore(dataDir).close();
      const items = listTokens(dataDir);
      if (opts.json) for (const t of items) process.stdout.write(`${JSON.stringify(t)}\n`);
      else process.stdout.write(`${items.length ? table(items.map((t) => [t.name, t.created]), ['name', 'created']) : 'No tokens.'}\n`);
    })));
  cmd.addCommand(withCommon(new Command('revoke'))
    .description('remove a token; requests that carry it are refused from then on')
    .argument('<name>', 'the token name')
    .action(action(async (name: string, opts: CommonOptions) => {
      const { dataDir } = loadFor(opts);
      const store = openExistingStore(dataDir);
      try {
        if (!revokeToken(dataDir, name)) {
          throw new WardError('not_found', `no token named "${name}" (known: ${listTokens(dataDir).map((t) => t.name).join(', ') || 'none'})`, 'NAME');
        }
        auditLocal(store, 'token_revoke', `token:${name}`);
        process.stdout.write(opts.json ? `${JSON.stringify({ name, revoked: true })}\n` : `Token "${name}" revoked.\n`);
      } finally {
        store.close();
      }
    })));
  return cmd;
}
