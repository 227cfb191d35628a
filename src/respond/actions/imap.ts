import { readFileSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import type { RespondSettings } from '../../core/config.js';
import { parseDuration } from '../../core/duration.js';
import { readSecret } from './secret.js';
import type { ActionDriver, ActionInput } from './types.js';

export type ImapSettings = NonNullable<RespondSettings['imap']>;

/** One mailbox's messages moved to quarantine: where they were, and their UIDs in quarantine. */
interface Moved {
  from: string;
  uidValidity: string;
  uids: number[];
}

/**
 * `quarantine-message`: move the messages of a phishing sender (the alert's `email` entity) out of
 * the configured mailboxes into the quarantine folder over IMAP (MOVE, UIDPLUS), from `lookback`
 * before the alert on. The quarantine UIDs are kept with the action, so undo moves exactly those
 * messages back to the mailbox each came from (refused if the quarantine folder was recreated).
 *
 * @example
 * imapQuarantineDriver({ host: 'mail.stmarys.example', user: 'wardwatch*master', passwordFile: '/run/secrets/imap', … })
 */
export function imapQuarantineDriver(cfg: ImapSettings): ActionDriver {
  const timeout = parseDuration(cfg.timeout);
  const lookback = parseDuration(cfg.lookback);
  const ca = cfg.caFile ? readFileSync(cfg.caFile) : undefined;
  const where = `${cfg.host}:${cfg.port}`;

  async function session<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    const c = new ImapFlow({
      host: cfg.host, port: cfg.port, secure: cfg.secure, logger: false,
      auth: { user: cfg.user, pass: readSecret({ file: cfg.passwordFile, env: cfg.passwordEnv }, 'respond.imap.password') },
      connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout,
      ...(ca ? { tls: { ca } } : {}),
    });
    c.on('error', () => {}); // a dropped socket also rejects the pending command, which reports it
    try {
      await c.connect();
      return await fn(c);
    } catch (err) {
      const e = err as { code?: unknown; message?: string; responseText?: string };
      throw new Error(`IMAP ${where}: ${e.responseText ?? e.message ?? String(err)}${typeof e.code === 'string' ? ` (${e.code})` : ''}`);
    } finally {
      await c.logout().catch(() => c.close());
    }
  }

  const since = (i: ActionInput) => (i.alert ? new Date(Date.parse(i.alert.firstSeen) - lookback) : undefined);
  const query = (i: ActionInput) => ({ from: i.target, ...(since(i) ? { since: since(i) } : {}) });

  /** UIDs of the sender's messages in one mailbox. */
  async function find(c: ImapFlow, mailbox: string, i: ActionInput): Promise<number[]> {
    const lock = await c.getMailboxLock(mailbox);
    try {
      // IMAP FROM is a substring match: keep only messages whose From address is the sender.
      const uids = (await c.search(query(i), { uid: true })) || [];
      if (!uids.length) return [];
      const exact: number[] = [];
      for await (const m of c.fetch(uids, { uid: true, envelope: true }, { uid: true })) {
        if (m.envelope?.from?.some((a) => a.address?.toLowerCase() === i.target.toLowerCase())) exact.push(m.uid);
      }
      return exact;
    } finally {
      lock.release();
    }
  }

  const moved = (i: ActionInput) => ((i.params.undo as { moved?: Moved[] } | undefined)?.moved ?? []);

  return {
    type: 'quarantine-message',
    disruptive: true,
    do: (i) => session(async (c) => {
      await c.mailboxCreate(cfg.quarantine).catch((err: { serverResponseCode?: string }) => {
        if (err.serverResponseCode !== 'ALREADYEXISTS') throw err;
      });
      const out: Moved[] = [...moved(i)]; // a retry keeps what an earlier attempt moved
      for (const mailbox of cfg.mailboxes) {
        const uids = await find(c, mailbox, i);
        if (!uids.length) continue;
        const lock = await c.getMailboxLock(mailbox);
        try {
          const r = await c.messageMove(uids, cfg.quarantine, { uid: true });
          if (!r || !r.uidMap || r.uidValidity === undefined) throw new Error('the server did not report where the messages went (needs UIDPLUS)');
          out.push({ from: mailbox, uidValidity: String(r.uidValidity), uids: [...r.uidMap.values()] });
        } finally {
          lock.release();
        }
      }
      return { moved: out, messages: out.reduce((n, m) => n + m.uids.length, 0) };
    }),
    undo: (i) => session(async (c) => {
      const all = moved(i);
      if (!all.length) return;
      const lock = await c.getMailboxLock(cfg.quarantine);
      try {
        const box = c.mailbox;
        if (box && all.some((m) => m.uidValidity !== String(box.uidValidity))) {
          throw new Error(`${cfg.quarantine} was recreated since (UIDVALIDITY changed): the messages cannot be found by UID`);
        }
        for (const m of all) {
          const present = (await c.search({ uid: m.uids.join(',') }, { uid: true })) || [];
          if (present.length) await c.messageMove(present, m.from, { uid: true });
        }
      } finally {
        lock.release();
      }
    }),
    // Held = none of the sender's messages is left in the mailboxes.
    verify: (i) => session(async (c) => {
      for (const mailbox of cfg.mailboxes) if ((await find(c, mailbox, i)).length) return false;
      return true;
    }),
    // Undone = none of the quarantined messages is still in quarantine.
    verifyUndone: async (i) => {
      const all = moved(i);
      if (!all.length) return true;
      return session(async (c) => {
        const lock = await c.getMailboxLock(cfg.quarantine);
        try {
          return ((await c.search({ uid: all.flatMap((m) => m.uids).join(',') }, { uid: true })) || []).length === 0;
        } finally {
          lock.release();
        }
      });
    },
  };
}
