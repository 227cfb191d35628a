import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { MIN_PASSWORD, hashPassword } from '../api/auth/passwords.js';
import { WardError } from '../core/errors.js';
import { SessionRepo } from '../store/sqlite/sessions.js';
import { UserRepo } from '../store/sqlite/users.js';
import { action, loadFor, openExistingStore, table, withCommon, type CommonOptions } from './common.js';
import { auditLocal } from './local-audit.js';

interface ResetOptions extends CommonOptions { passwordStdin?: boolean }

/** Everything on standard input, without the final line break. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/**
 * `wardwatch users list|reset-password`: console users, managed on the server's machine (the way
 * back in when the admin password is lost). Resets are written to the store's audit log.
 *
 * @example
 * program.addCommand(usersCommand());
 * // wardwatch users reset-password admin          → prints a new password once
 * // printf '%s' "$PW" | wardwatch users reset-password admin --password-stdin
 */
export function usersCommand(): Command {
  const cmd = new Command('users').description('console users: list, reset a password — local and audited');
  cmd.addCommand(withCommon(new Command('list'))
    .description('list console users with their roles')
    .action(action(async (opts: CommonOptions) => {
      const { dataDir } = loadFor(opts);
      const store = openExistingStore(dataDir);
      try {
        const users = new UserRepo(store.db).list();
        if (opts.json) for (const u of users) process.stdout.write(`${JSON.stringify(u)}\n`);
        else process.stdout.write(`${users.length ? table(users.map((u) => [u.username, u.role, u.disabled ? 'disabled' : 'active', u.created]), ['user', 'role', 'state', 'created']) : 'No users.'}\n`);
      } finally {
        store.close();
      }
    })));
  cmd.addCommand(withCommon(new Command('reset-password'))
    .description('set a new password for a console user and end its sessions')
    .argument('<user>', 'the user name, e.g. admin')
    .option('--password-stdin', `read the new password from standard input (at least ${MIN_PASSWORD} characters)`)
    .addHelpText('after', `
Without --password-stdin the password comes from WARDWATCH_NEW_PASSWORD, or a random one is
generated and printed once. The user's sessions end; the reset is recorded in the audit log
(actor local:<system user>). With --json: {"user","password"?} (password only when generated).
`)
    .action(action(async (username: string, opts: ResetOptions) => {
      const { dataDir } = loadFor(opts);
      const given = opts.passwordStdin ? await readStdin() : process.env.WARDWATCH_NEW_PASSWORD;
      if (given !== undefined && given.length < MIN_PASSWORD) {
        throw new WardError('request.invalid', `a password needs at least ${MIN_PASSWORD} characters`, opts.passwordStdin ? '--password-stdin' : 'WARDWATCH_NEW_PASSWORD');
      }
      const store = openExistingStore(dataDir);
      try {
        const users = new UserRepo(store.db);
        const found = users.findForLogin(username);
        if (!found) throw new WardError('not_found', `no user "${username}" (users: ${users.list().map((u) => u.username).join(', ') || 'none'})`, 'USER');
        const password = given ?? randomBytes(15).toString('base64url');
        users.update(found.user.id, { passwordHash: await hashPassword(password) });
        new SessionRepo(store.db).deleteForUser(found.user.id);
        auditLocal(store, 'user_password_reset', `user:${username}`);
        const generated = given === undefined;
        if (opts.json) process.stdout.write(`${JSON.stringify({ user: username, ...(generated ? { password } : {}) })}\n`);
        else process.stdout.write(generated
          ? `New password for "${username}" (shown once; change it after signing in):\n  ${password}\n`
          : `Password of "${username}" changed; its sessions ended.\n`);
      } finally {
        store.close();
      }
    })));
  return cmd;
}
