import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { z } from 'zod';
import type { Source, SourceDef } from '../../core/components.js';
import { listenAddress, tlsServerSettings } from '../../core/config.js';
import { errorMessage } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { buildAck, errorFromReason, wantsAck, type AckCode, type AckError } from './ack.js';
import { ListenerStates } from '../listener-state.js';
import { loadTlsServer } from '../tls/index.js';
import { CR, EB, MllpFramer, SB, type MllpFrame } from './framing.js';

/**
 * Settings of the `mllp` source.
 *
 * @example
 * mllpConfig.parse({ listen: '0.0.0.0:2575' })
 */
export const mllpConfig = z.strictObject({
  /** TCP listen address, `host:port` (port 0 picks a free one). */
  listen: listenAddress,
  /** Parser for the messages. */
  format: z.string().default('hl7v2'),
  /** Largest message accepted; larger ones are answered `AR` and not stored. */
  maxMessageBytes: z.number().int().positive().default(1024 * 1024),
  /** Character set of the messages (MSH-18 is not consulted). */
  encoding: z.enum(['utf8', 'latin1']).default('utf8'),
  /** Connections held at once; more are refused. */
  maxConnections: z.number().int().positive().default(256),
  /** Close a connection idle for this long. */
  idleTimeoutMs: z.number().int().positive().default(10 * 60_000),
  /**
   * Speak TLS on `listen` (MLLP over TLS): PEM `cert` and `key` (or `selfSigned: true`); `ca`
   * with `clientCert: require` accepts only senders whose certificate chains to that CA.
   */
  tls: tlsServerSettings.optional(),
});

/**
 * Parsed settings of the `mllp` source.
 *
 * @example
 * const c: MllpConfig = mllpConfig.parse({ listen: '127.0.0.1:0' });
 */
export type MllpConfig = z.output<typeof mllpConfig>;

function splitAddress(a: string): { host: string; port: number } {
  const i = a.lastIndexOf(':');
  return { host: a.slice(0, i), port: Number(a.slice(i + 1)) };
}

/**
 * HL7 v2 over MLLP (`<VT> message <FS><CR>`). Each connection is answered in order, one ACK per
 * message: `AA` once the pipeline has durably stored the message (as an event), `AE` with MSA-3
 * and ERR when it could not be parsed (it is stored as a dead letter), `AR` when it was not
 * taken at all (too large, pipeline closed, store failure) — so the sender resends only what
 * Wardwatch does not have. A connection is read one message at a time: the next message is not
 * handled before the previous one is acknowledged, which is MLLP's own flow control.
 */
export const mllpSource: SourceDef<MllpConfig> = {
  type: 'mllp',
  description: 'HL7 v2 over MLLP (TCP) with ACK/NAK after durable storage.',
  config: mllpConfig,
  build(cfg, ctx): Source {
    const parser = ctx.sink.parser(cfg.format, `sources.${ctx.name}.format`);
    const source = `mllp:${cfg.listen}`;
    const conns = new Set<Socket>();
    const busy = new Set<Promise<void>>();
    let server: Server | undefined;
    let bound = '';
    let seq = 0;
    let stopping = false;
    const states = new ListenerStates();

    const answer = async (frame: MllpFrame, peer: string): Promise<{ code: AckCode; error?: AckError; text: string }> => {
      const text = frame.data.toString(cfg.encoding);
      ctx.telemetry.received();
      if (frame.tooLarge) {
        ctx.telemetry.dropped('too_large');
        return { code: 'AR', error: { text: `message of ${frame.size} bytes exceeds maxMessageBytes ${cfg.maxMessageBytes}`, code: '207' }, text };
      }
      if (stopping || ctx.sink.admission() === 'closed') {
        ctx.telemetry.dropped('closed');
        return { code: 'AR', error: { text: 'receiver is shutting down', code: '207' }, text };
      }
      if (ctx.sink.admission() === 'busy') await ctx.sink.capacity();
      const record: RawRecord = { data: text, source, offset: ++seq, receivedAt: Date.now(), peer };
      try {
        const r = await ctx.sink.ingest([record], parser);
        if (r.deadLetters === 0) {
          ctx.telemetry.emitted(r.events);
          return { code: 'AA', text };
        }
        // Stored as a dead letter. The runtime does not return the reason, so ask the parser
        // again (this path only): parsing is deterministic and the reason names no PHI.
        let reason = 'message could not be parsed';
        try {
          parser.parse(record);
        } catch (err) {
          reason = errorMessage(err);
        }
        ctx.telemetry.error();
        return { code: 'AE', error: errorFromReason(reason), text };
      } catch (err) {
        ctx.telemetry.error();
        ctx.log(`${source} from ${peer}: could not store message: ${errorMessage(err)}`);
        return { code: 'AR', error: { text: 'message could not be stored', code: '207' }, text };
      }
    };

    const onConnection = (sock: Socket) => {
      if (conns.size >= cfg.maxConnections || stopping) {
        ctx.telemetry.dropped('too_many_connections');
        sock.destroy();
        return;
      }
      conns.add(sock);
      sock.setTimeout(cfg.idleTimeoutMs, () => sock.end());
      const peer = sock.remoteAddress ?? '';
      const framer = new MllpFramer(cfg.maxMessageBytes);
      let chain: Promise<void> = Promise.resolve();
      sock.on('data', (chunk: Buffer) => {
        const frames = framer.push(chunk);
        if (frames.length === 0) return;
        // Hold further input while these are stored and acknowledged.
        sock.pause();
        chain = chain.then(async () => {
          for (const f of frames) {
            const { code, error, text } = await answer(f, peer);
            if (code !== 'AA') ctx.log(`${source} from ${peer}: ${code}${error ? ` ${error.text}` : ''}`);
            if (!wantsAck(text) || sock.destroyed) continue;
            const ack = Buffer.from(buildAck(text, code, error), cfg.encoding);
            sock.write(Buffer.concat([Buffer.from([SB]), ack, Buffer.from([EB, CR])]));
          }
        }).finally(() => {
          if (!sock.destroyed) sock.resume();
        });
        const p = chain.catch((err: unknown) => ctx.log(`${source} from ${peer}: ${errorMessage(err)}`));
        busy.add(p);
        void p.finally(() => busy.delete(p));
      });
      sock.on('end', () => {
        if (framer.pending) {
          ctx.telemetry.dropped('truncated');
          ctx.log(`${source} from ${peer}: connection closed inside a message`);
        }
        void chain.finally(() => sock.end());
      });
      sock.on('close', () => conns.delete(sock));
      sock.on('error', (err) => ctx.log(`${source} from ${peer}: ${err.message}`));
    };

    const makeServer = async (): Promise<Server> => {
      if (!cfg.tls) return createServer({ allowHalfOpen: true }, onConnection);
      const where = `sources.${ctx.name}.tls`;
      const t = await loadTlsServer(cfg.tls, ctx.dataDir, where);
      let srv: Server;
      try {
        srv = createTlsServer({ ...t.options, allowHalfOpen: true }, onConnection);
      } catch (err) {
        throw new Error(`${where}: ${errorMessage(err)}`);
      }
      // Plaintext, or a client certificate the CA did not sign: refused before any HL7 is read.
      srv.on('tlsClientError', (err, sock) => {
        ctx.telemetry.error();
        ctx.log(`${source} from ${sock.remoteAddress ?? '?'}: TLS handshake failed: ${err.message}`);
      });
      ctx.log(`${source}: TLS certificate ${t.certPath} (SHA-256 ${t.fingerprint256})${cfg.tls.clientCert === 'require' ? ', client certificates required' : ''}`);
      return srv;
    };

    return {
      start: async () => {
        const srv = await makeServer();
        await new Promise<void>((resolve, reject) => {
          const { host, port } = splitAddress(cfg.listen);
          srv.once('error', reject);
          srv.listen(port, host, () => {
            srv.off('error', reject);
            const a = srv.address();
            bound = `${cfg.tls ? 'mllps' : 'mllp'}://${host}:${typeof a === 'object' && a ? a.port : port}`;
            srv.on('error', (err) => {
              states.set(bound, 'failed', err.message);
              ctx.log(`${source}: ${err.message}`);
            });
            server = srv;
            states.set(bound, 'listening');
            resolve();
          });
        });
      },
      async stop() {
        stopping = true;
        await Promise.all([...busy]);
        await new Promise<void>((r) => {
          if (!server) return r();
          server.close(() => r());
          for (const c of conns) c.end();
        });
        if (bound) states.set(bound, 'stopped');
      },
      describe: () => bound || `mllp ${cfg.listen}`,
      listeners: () => states.all(),
    };
  },
};
