import { readFileSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import { z } from 'zod';
import type { Source, SourceDef } from '../../core/components.js';
import { parseDuration } from '../../core/duration.js';
import { errorMessage } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { reportedParser } from './reported.js';

/**
 * Settings of the `imap` source.
 *
 * @example
 * imapConfig.parse({ host: 'mail.stmarys.example', user: 'report-phishing', passwordFile: '/run/secrets/imap' })
 */
export const imapConfig = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(993),
  /** Implicit TLS (993). `false` for a plain connection (a local or test server); STARTTLS is used when offered. */
  secure: z.boolean().default(true),
  /** Verify the server certificate. */
  verifyCertificate: z.boolean().default(true),
  user: z.string().min(1),
  /** The password, or better `passwordFile` (read at start, never logged). */
  password: z.string().optional(),
  passwordFile: z.string().optional(),
  /** The mailbox users report phishing to. */
  mailbox: z.string().default('INBOX'),
  /** How often to look for new (unseen) messages. */
  pollInterval: z.union([z.string(), z.number()]).default('60s').transform((v, c) => {
    try {
      return parseDuration(v);
    } catch (err) {
      c.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  }),
  /** Parser for the messages. */
  format: z.string().default('email'),
  /** Messages larger than this are marked seen and counted as dropped, not stored. */
  maxMessageBytes: z.number().int().positive().default(25 * 1024 * 1024),
}).refine((c) => c.password !== undefined || c.passwordFile !== undefined, { message: 'give password or passwordFile', path: ['password'] });

/**
 * Parsed settings of the `imap` source.
 *
 * @example
 * const c: ImapConfig = imapConfig.parse({ host: 'h', user: 'u', password: 'p' });
 */
export type ImapConfig = z.output<typeof imapConfig>;

/**
 * Polls a "report phishing" mailbox over IMAP (imapflow): fetches unseen messages, stores each
 * as an `email.*` event tagged `email.reported` (the attached message when the user forwarded
 * it as an attachment), and marks it `\Seen` only once it is stored — a message that could not
 * be stored stays unseen and is fetched again at the next poll.
 */
export const imapSource: SourceDef<ImapConfig> = {
  type: 'imap',
  description: 'IMAP poller for a "report phishing" mailbox: user reports become email events (email.reported).',
  config: imapConfig,
  build(cfg, ctx): Source {
    const parser = reportedParser(ctx.sink.parser(cfg.format, `sources.${ctx.name}.format`));
    const source = `imap:${cfg.user}@${cfg.host}/${cfg.mailbox}`;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let stopping = false;
    let seq = 0;

    const pollOnce = async (): Promise<void> => {
      const pass = cfg.password ?? readFileSync(cfg.passwordFile!, 'utf8').trim();
      const client = new ImapFlow({
        host: cfg.host, port: cfg.port, secure: cfg.secure, auth: { user: cfg.user, pass },
        tls: { rejectUnauthorized: cfg.verifyCertificate }, logger: false, disableAutoIdle: true,
      });
      client.on('error', (err: Error) => ctx.log(`${source}: ${err.message}`));
      await client.connect();
      try {
        const lock = await client.getMailboxLock(cfg.mailbox);
        try {
          const uids = (await client.search({ seen: false }, { uid: true })) || [];
          for (const uid of uids) {
            if (stopping) break;
            const msg = await client.fetchOne(String(uid), { source: true, size: true }, { uid: true });
            if (!msg || !msg.source) continue;
            ctx.telemetry.received();
            if (msg.source.length > cfg.maxMessageBytes) {
              ctx.telemetry.dropped('too_large');
              await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
              continue;
            }
            if (ctx.sink.admission() !== 'ok') await ctx.sink.capacity();
            const record: RawRecord = { data: msg.source.toString('latin1'), source, offset: ++seq, receivedAt: Date.now() };
            try {
              const r = await ctx.sink.ingest([record], parser);
              ctx.telemetry.emitted(r.events);
            } catch (err) {
              ctx.telemetry.error();
              ctx.log(`${source}: could not store message uid ${uid}, will retry: ${errorMessage(err)}`);
              continue;
            }
            await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
          }
        } finally {
          lock.release();
        }
      } finally {
        await client.logout().catch(() => client.close());
      }
    };

    const loop = (): void => {
      if (stopping) return;
      running = pollOnce()
        .catch((err: unknown) => {
          ctx.telemetry.error();
          ctx.log(`${source}: poll failed: ${errorMessage(err)}`);
        })
        .finally(() => {
          running = undefined;
          if (!stopping) timer = setTimeout(loop, cfg.pollInterval);
        });
    };

    return {
      async start() {
        loop();
      },
      async stop() {
        stopping = true;
        if (timer) clearTimeout(timer);
        await running;
      },
      describe: () => source,
    };
  },
};
