import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { z } from 'zod';
import type { Source, SourceDef } from '../../core/components.js';
import { listenAddress } from '../../core/config.js';
import { errorMessage } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { loadPhishingModels, PhishingScorer } from '../../detect/phishing/index.js';

/**
 * Settings of the `smtp` source.
 *
 * @example
 * smtpConfig.parse({ listen: '127.0.0.1:2525', mode: 'before-queue' })
 */
export const smtpConfig = z.strictObject({
  /** TCP listen address, `host:port` (port 0 picks a free one). */
  listen: listenAddress,
  /** Parser for the messages. */
  format: z.string().default('email'),
  /** Largest message accepted (advertised as SIZE; larger ones get 552 and are not stored). */
  maxMessageBytes: z.number().int().positive().default(25 * 1024 * 1024),
  /** Name in the greeting and in replies. */
  hostname: z.string().default('wardwatch'),
  /**
   * `journal`: a copy of the mail (journaling/BCC target) — every message is accepted once stored.
   * `before-queue`: a hop in the mail path — messages whose verdict is in `reject` get 550 after they are stored.
   */
  mode: z.enum(['journal', 'before-queue']).default('journal'),
  /** Verdicts rejected in `before-queue` mode. */
  reject: z.array(z.enum(['phishing', 'fraud', 'suspicious'])).default(['phishing', 'fraud']),
  /** Connections held at once. */
  maxClients: z.number().int().positive().default(100),
  /** Where the phishing models are, for `before-queue` (default: the shipped models). */
  modelsDir: z.string().optional(),
});

/**
 * Parsed settings of the `smtp` source.
 *
 * @example
 * const c: SmtpConfig = smtpConfig.parse({ listen: '127.0.0.1:0' });
 */
export type SmtpConfig = z.output<typeof smtpConfig>;

/** An SMTP reply carried by an Error, as smtp-server expects. */
function reply(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

function read(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/**
 * SMTP intake (smtp-server): as a journaling target or a before-queue hop. Each message is
 * parsed by the `email` parser and stored; only then does the client get `250` — so a sender
 * keeps (and retries) what Wardwatch does not have. A store failure or a pipeline shutting
 * down answers `451` (try again later); a message over `maxMessageBytes` gets `552` and is
 * not stored; a message the parser cannot read is stored as a dead letter and accepted. In
 * `before-queue` mode the message is also scored, and a verdict in `reject` answers `550 5.7.1`
 * after the message was stored (so the alert and the evidence exist).
 */
export const smtpSource: SourceDef<SmtpConfig> = {
  type: 'smtp',
  description: 'SMTP listener for e-mail (journaling target or before-queue hop); 250 only after durable storage.',
  config: smtpConfig,
  build(cfg, ctx): Source {
    const parser = ctx.sink.parser(cfg.format, `sources.${ctx.name}.format`);
    const source = `smtp:${cfg.listen}`;
    let scorer: PhishingScorer | undefined;
    if (cfg.mode === 'before-queue') scorer = new PhishingScorer(loadPhishingModels({ dataDir: ctx.dataDir, ...(cfg.modelsDir ? { modelsDir: cfg.modelsDir } : {}) }));
    let seq = 0;
    let stopping = false;
    let bound = '';
    const busy = new Set<Promise<unknown>>();

    const onData = (stream: SMTPServerDataStream, session: SMTPServerSession, done: (err?: Error | null, message?: string) => void): void => {
      const work = (async () => {
        const bytes = await read(stream);
        ctx.telemetry.received();
        if (stream.sizeExceeded) {
          ctx.telemetry.dropped('too_large');
          throw reply(552, `5.3.4 Message of ${bytes.length}+ bytes exceeds the limit of ${cfg.maxMessageBytes}`);
        }
        if (stopping || ctx.sink.admission() === 'closed') {
          ctx.telemetry.dropped('closed');
          throw reply(451, '4.3.2 Receiver is shutting down, try again later');
        }
        if (ctx.sink.admission() === 'busy') await ctx.sink.capacity();
        const data = bytes.toString('latin1');
        const record: RawRecord = { data, source, offset: ++seq, receivedAt: Date.now(), peer: session.remoteAddress };
        let stored;
        try {
          stored = await ctx.sink.ingest([record], parser);
        } catch (err) {
          ctx.telemetry.error();
          ctx.log(`${source} from ${session.remoteAddress}: could not store message: ${errorMessage(err)}`);
          throw reply(451, '4.3.0 Message could not be stored, try again later');
        }
        ctx.telemetry.emitted(stored.events);
        if (scorer && stored.deadLetters === 0) {
          const r = scorer.scoreRaw(data);
          if ((cfg.reject as string[]).includes(r.verdict)) {
            ctx.log(`${source}: rejected a message as ${r.verdict} (score ${r.score.toFixed(3)})`);
            throw reply(550, `5.7.1 Message rejected as ${r.verdict} by policy`);
          }
        }
        return stored.deadLetters > 0 ? 'Stored (unreadable as e-mail: kept as a dead letter)' : 'Stored';
      })();
      busy.add(work);
      work.then((msg) => done(null, msg), (err: Error) => done(err)).finally(() => busy.delete(work));
    };

    const server = new SMTPServer({
      name: cfg.hostname,
      banner: 'Wardwatch SMTP intake',
      size: cfg.maxMessageBytes,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      maxClients: cfg.maxClients,
      logger: false,
      onData,
    });
    server.on('error', (err) => ctx.log(`${source}: ${err.message}`));

    return {
      start: () =>
        new Promise<void>((resolve, reject) => {
          const i = cfg.listen.lastIndexOf(':');
          const host = cfg.listen.slice(0, i);
          const port = Number(cfg.listen.slice(i + 1));
          server.server.once('error', reject);
          server.listen(port, host, () => {
            server.server.off('error', reject);
            const a = server.server.address();
            bound = `smtp://${host}:${typeof a === 'object' && a ? a.port : port}`;
            resolve();
          });
        }),
      async stop() {
        stopping = true;
        await Promise.allSettled([...busy]);
        await new Promise<void>((r) => server.close(() => r()));
      },
      describe: () => bound || `smtp ${cfg.listen}`,
    };
  },
};
