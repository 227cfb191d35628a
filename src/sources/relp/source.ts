import { createServer, type Server, type Socket } from 'node:net';
import { z } from 'zod';
import type { Source, SourceDef } from '../../core/components.js';
import { listenAddress } from '../../core/config.js';
import { errorMessage } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { VERSION } from '../../version.js';
import { RelpFramer, parseOffers, relpFrame, type RelpFrame, type RelpFrameError } from './framing.js';

/**
 * Settings of the `relp` source.
 *
 * @example
 * relpConfig.parse({ listen: '0.0.0.0:2514' })
 */
export const relpConfig = z.strictObject({
  /** TCP listen address, `host:port` (port 0 picks a free one). */
  listen: listenAddress,
  /** Parser for the messages (RFC 5424 / RFC 3164 syslog by default). */
  format: z.string().default('syslog'),
  /** Largest frame data accepted (librelp's own default is 128 KiB). */
  maxMessageBytes: z.number().int().positive().default(128 * 1024),
  /** Frames committed in one transaction at most (rsyslog's omrelp window is 128 by default). */
  batchFrames: z.number().int().positive().default(1024),
  /** Connections held at once; more are refused. */
  maxConnections: z.number().int().positive().default(256),
  /** Close a connection idle for this long. */
  idleTimeoutMs: z.number().int().positive().default(10 * 60_000),
});

/**
 * Parsed settings of the `relp` source.
 *
 * @example
 * const c: RelpConfig = relpConfig.parse({ listen: '127.0.0.1:0' });
 */
export type RelpConfig = z.output<typeof relpConfig>;

/** The RELP protocol version spoken (librelp's, and the only one published). */
const RELP_VERSION = 0;
/** Our `relp_software` offer: name, version, URL (none published). */
const SOFTWARE = `wardwatch,${VERSION},-`;
/** Queued frame data per connection above which reading pauses. */
const MAX_QUEUED_BYTES = 16 * 1024 * 1024;

function splitAddress(a: string): { host: string; port: number } {
  const i = a.lastIndexOf(':');
  return { host: a.slice(0, i), port: Number(a.slice(i + 1)) };
}

const isError = (f: RelpFrame | RelpFrameError): f is RelpFrameError => 'error' in f;

/**
 * RELP listener (rsyslog `omrelp`, librelp clients). A `syslog` frame is answered `200 OK` only
 * after its message is committed to the store (as an event, or as a dead letter when it does not
 * parse), so a sender that loses its connection — or a Wardwatch killed mid-stream — resends
 * exactly the frames not yet acknowledged: nothing acknowledged is lost. Frames that arrive
 * together (the sender's window) are committed in one transaction. A store failure or shutdown
 * answers `500` and the sender retries. A stream that is not RELP gets a `500` naming the fault,
 * a `serverclose`, its bytes in the dead letters, and the connection is closed.
 */
export const relpSource: SourceDef<RelpConfig> = {
  type: 'relp',
  description: 'RELP (rsyslog omrelp) with each message acknowledged after durable storage.',
  config: relpConfig,
  build(cfg, ctx): Source {
    const parser = ctx.sink.parser(cfg.format, `sources.${ctx.name}.format`);
    const source = `relp:${cfg.listen}`;
    const conns = new Set<Socket>();
    const busy = new Set<Promise<void>>();
    let server: Server | undefined;
    let bound = '';
    let seq = 0;
    let stopping = false;

    /** Keep the bytes of a broken stream, with the reason, where an operator can see them. */
    const deadLetter = async (reason: string, raw: Buffer, peer: string) => {
      try {
        await ctx.sink.ingest([{ data: raw.toString('utf8'), source, offset: ++seq, receivedAt: Date.now(), peer }], {
          name: 'relp',
          parse: () => { throw new Error(reason); },
        });
      } catch (err) {
        ctx.log(`${source} from ${peer}: could not keep the bad frame: ${errorMessage(err)}`);
      }
    };

    /** Store a run of `syslog` frames in one transaction; the answer for each. */
    const store = async (frames: RelpFrame[], peer: string): Promise<Buffer[]> => {
      ctx.telemetry.received(frames.length);
      if (stopping || ctx.sink.admission() === 'closed') {
        ctx.telemetry.dropped('closed', frames.length);
        return frames.map((f) => relpFrame(f.txnr, 'rsp', '500 receiver is shutting down'));
      }
      if (ctx.sink.admission() === 'busy') await ctx.sink.capacity();
      const now = Date.now();
      const records: RawRecord[] = frames.map((f) => ({
        // Senders end a message with LF inside DATA at times (rsyslog templates); it is not part of it.
        data: f.data.toString('utf8').replace(/\r?\n$/, ''), source, offset: ++seq, receivedAt: now, peer,
      }));
      try {
        const r = await ctx.sink.ingest(records, parser);
        ctx.telemetry.emitted(r.events);
        return frames.map((f) => relpFrame(f.txnr, 'rsp', '200 OK'));
      } catch (err) {
        ctx.telemetry.error();
        ctx.log(`${source} from ${peer}: could not store ${frames.length} messages: ${errorMessage(err)}`);
        return frames.map((f) => relpFrame(f.txnr, 'rsp', '500 could not store the message, retry later'));
      }
    };

    const onConnection = (sock: Socket) => {
      if (conns.size >= cfg.maxConnections || stopping) {
        ctx.telemetry.dropped('too_many_connections');
        sock.end(relpFrame(0, 'serverclose'));
        return;
      }
      conns.add(sock);
      sock.setNoDelay(true);
      sock.setTimeout(cfg.idleTimeoutMs, () => sock.end(relpFrame(0, 'serverclose')));
      const peer = sock.remoteAddress ?? '';
      const framer = new RelpFramer(cfg.maxMessageBytes);
      const queue: Array<RelpFrame | RelpFrameError> = [];
      let opened = false;
      let closing = false;
      let running: Promise<void> | undefined;
      /** Data bytes of the queued frames (bounds memory when a sender ignores its window). */
      let queuedBytes = 0;
      const room = () => queue.length < cfg.batchFrames * 4 && queuedBytes < MAX_QUEUED_BYTES;

      /** Answer a protocol fault, keep its bytes, and end the session. */
      const fail = async (txnr: number | undefined, reason: string, raw: Buffer) => {
        closing = true;
        ctx.telemetry.error();
        ctx.log(`${source} from ${peer}: ${reason}`);
        await deadLetter(reason, raw, peer);
        if (sock.destroyed) return;
        if (txnr !== undefined) sock.write(relpFrame(txnr, 'rsp', `500 ${reason}`));
        sock.end(relpFrame(0, 'serverclose'));
      };

      const command = async (f: RelpFrame) => {
        if (f.command === 'open') {
          if (opened) {
            sock.write(relpFrame(f.txnr, 'rsp', '200 connection already open - ignored'));
            return;
          }
          const offers = parseOffers(f.data);
          const version = Number(offers.get('relp_version')?.[0] ?? 'NaN');
          if (!Number.isInteger(version) || version < 0) {
            await fail(f.txnr, 'open without a valid relp_version offer', f.data);
            return;
          }
          if (!(offers.get('commands') ?? []).includes('syslog')) {
            await fail(f.txnr, 'required command syslog not offered by the client', f.data);
            return;
          }
          opened = true;
          sock.write(relpFrame(f.txnr, 'rsp',
            `200 OK\nrelp_version=${Math.min(version, RELP_VERSION)}\nrelp_software=${SOFTWARE}\ncommands=syslog\n`));
          return;
        }
        if (f.command === 'close') {
          closing = true;
          sock.end(relpFrame(f.txnr, 'rsp'));
          return;
        }
        if (!opened) {
          await fail(f.txnr, `"${f.command}" before "open"`, relpFrame(f.txnr, f.command, f.data));
          return;
        }
        // `rsp` and `serverclose` are for clients to receive; anything else is unknown.
        await fail(f.txnr, `command "${f.command}" is not supported`, relpFrame(f.txnr, f.command, f.data));
      };

      /** Handle queued frames in order; consecutive `syslog` frames share one commit. */
      const drain = async () => {
        while (queue.length && !closing && !sock.destroyed) {
          const head = queue[0]!;
          if (isError(head)) {
            queue.shift();
            await fail(head.txnr, head.error, head.raw);
            break;
          }
          if (head.command === 'syslog' && opened) {
            let n = 1;
            while (n < queue.length && n < cfg.batchFrames) {
              const next = queue[n]!;
              if (isError(next) || next.command !== 'syslog') break;
              n++;
            }
            const run = queue.splice(0, n) as RelpFrame[];
            for (const f of run) queuedBytes -= f.data.length;
            const answers = await store(run, peer);
            if (!sock.destroyed) sock.write(Buffer.concat(answers));
            continue;
          }
          queue.shift();
          queuedBytes -= head.data.length;
          await command(head);
        }
        if (room() && sock.isPaused() && !closing) sock.resume();
      };

      sock.on('data', (chunk: Buffer) => {
        if (closing) return;
        for (const f of framer.push(chunk)) {
          queue.push(f);
          if (!isError(f)) queuedBytes += f.data.length;
        }
        // The sender's window bounds what is in flight; pause a sender that ignores it.
        if (!room()) sock.pause();
        if (running || queue.length === 0) return;
        const p = (async () => {
          while (queue.length && !closing && !sock.destroyed) await drain();
        })()
          .catch((err: unknown) => {
            // Never let one connection's fault reach the process.
            ctx.telemetry.error();
            ctx.log(`${source} from ${peer}: ${errorMessage(err)}`);
            sock.destroy();
          })
          .finally(() => {
            running = undefined;
            busy.delete(p);
          });
        running = p;
        busy.add(p);
      });
      sock.on('end', () => {
        if (framer.pending && !closing) {
          ctx.telemetry.dropped('truncated');
          ctx.log(`${source} from ${peer}: connection closed inside a frame (${framer.pending} bytes)`);
        }
        void (running ?? Promise.resolve()).finally(() => { if (!sock.destroyed) sock.end(); });
      });
      sock.on('close', () => conns.delete(sock));
      sock.on('error', (err) => ctx.log(`${source} from ${peer}: ${err.message}`));
    };

    return {
      start: () =>
        new Promise<void>((resolve, reject) => {
          const { host, port } = splitAddress(cfg.listen);
          const srv = createServer({ allowHalfOpen: true }, onConnection);
          srv.once('error', reject);
          srv.listen(port, host, () => {
            srv.off('error', reject);
            srv.on('error', (err) => ctx.log(`${source}: ${err.message}`));
            const a = srv.address();
            bound = `relp://${host}:${typeof a === 'object' && a ? a.port : port}`;
            server = srv;
            resolve();
          });
        }),
      async stop() {
        stopping = true;
        await Promise.all([...busy]);
        await new Promise<void>((r) => {
          if (!server) return r();
          server.close(() => r());
          // Tell each sender to reconnect later (RELP's serverclose); what it has not had
          // answered it will send again.
          for (const c of conns) c.end(relpFrame(0, 'serverclose'));
        });
      },
      describe: () => bound || `relp ${cfg.listen}`,
    };
  },
};
