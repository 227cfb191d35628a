import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { z } from 'zod';
import { listenAddress } from '../../core/config.js';
import type { SourceDef, Source } from '../../core/components.js';
import { Batcher } from '../batcher.js';
import { SyslogFramer } from './framing.js';

const config = z.strictObject({
  /** UDP listen address (`host:port`); omit to disable. */
  udp: listenAddress.optional(),
  /** TCP listen address (`host:port`); omit to disable. */
  tcp: listenAddress.optional(),
  /** Parser for the messages. */
  format: z.string().default('syslog'),
  maxMessageBytes: z.number().int().positive().default(64 * 1024),
  batchRecords: z.number().int().positive().default(1000),
  /**
   * UDP only: how long datagrams are collected before a batch is written. TCP does not linger:
   * each read is written at once (see the TCP handler), which keeps the crash window short.
   */
  lingerMs: z.number().int().min(0).default(20),
  /** TCP: writes of one connection in flight before it stops reading (pushing back to the sender). */
  tcpMaxPendingWrites: z.number().int().positive().default(2),
});
type Config = z.output<typeof config>;

function splitAddress(a: string): { host: string; port: number } {
  const i = a.lastIndexOf(':');
  return { host: a.slice(0, i), port: Number(a.slice(i + 1)) };
}

/**
 * Syslog listener over UDP and TCP (RFC 5424 / RFC 3164 messages; TCP framing by octet
 * counting or newline). UDP cannot push back, so datagrams that arrive while the pipeline is
 * full are dropped and counted (`dropped{reason="backpressure"}`); TCP connections are paused
 * instead, which pushes back to the sender.
 */
export const syslogSource: SourceDef<Config> = {
  type: 'syslog',
  description: 'Syslog over UDP and TCP (RFC 5424, RFC 3164; octet-counting and newline framing).',
  config,
  build(cfg, ctx): Source {
    const parser = ctx.sink.parser(cfg.format, `sources.${ctx.name}.format`);
    const opts = { maxRecords: cfg.batchRecords, lingerMs: cfg.lingerMs, log: ctx.log };
    let udp: UdpSocket | undefined;
    let tcp: Server | undefined;
    const conns = new Set<Socket>();
    const batchers = new Set<Batcher>();
    let seq = 0;
    const bound: string[] = [];

    const startUdp = (addr: string) => new Promise<void>((resolve, reject) => {
      const { host, port } = splitAddress(addr);
      const sock = createSocket(host.includes(':') ? 'udp6' : 'udp4');
      const batcher = new Batcher(ctx.sink, parser, ctx.telemetry, opts);
      batchers.add(batcher);
      sock.on('message', (msg, rinfo) => {
        ctx.telemetry.received();
        if (ctx.sink.admission() !== 'ok' || msg.length > cfg.maxMessageBytes) {
          ctx.telemetry.dropped(msg.length > cfg.maxMessageBytes ? 'too_large' : 'backpressure');
          return;
        }
        void batcher.push({
          data: msg.toString('utf8').replace(/\r?\n$/, ''),
          source: `syslog-udp:${addr}`,
          offset: ++seq,
          receivedAt: Date.now(),
          peer: rinfo.address,
        });
      });
      sock.once('error', reject);
      sock.bind(port, host, () => {
        sock.off('error', reject);
        sock.on('error', (err) => ctx.log(`syslog udp ${addr}: ${err.message}`));
        bound.push(`udp://${host}:${sock.address().port}`);
        udp = sock;
        resolve();
      });
    });

    const onConnection = (addr: string) => (sock: Socket) => {
      conns.add(sock);
      const framer = new SyslogFramer(cfg.maxMessageBytes);
      // No linger on TCP: a line read is a line at risk (the sender already forgot it), so each
      // read is handed to the store at once; the ingestor group-commits reads that arrive
      // while a commit is running, so a busy connection still writes large transactions.
      const batcher = new Batcher(ctx.sink, parser, ctx.telemetry, { ...opts, lingerMs: 0 });
      batchers.add(batcher);
      const source = `syslog-tcp:${addr}`;
      const peer = sock.remoteAddress ?? '';
      let writes = 0;
      const take = (frames: ReturnType<SyslogFramer['push']>) => {
        for (const f of frames) {
          ctx.telemetry.received();
          if (typeof f === 'string') {
            void batcher.push({ data: f, source, offset: ++seq, receivedAt: Date.now(), peer });
          } else {
            // A framing error still keeps the bytes: the parser dead-letters them with the reason.
            void batcher.push({ data: f.data, source, offset: ++seq, receivedAt: Date.now(), peer });
            ctx.telemetry.error();
            ctx.log(`${source} from ${peer}: ${f.error}`);
          }
        }
        if (batcher.buffered === 0) return undefined;
        writes++;
        return batcher.flush().finally(() => writes--);
      };
      sock.on('data', (chunk: Buffer) => {
        const pending = take(framer.push(chunk));
        if (writes >= cfg.tcpMaxPendingWrites || ctx.sink.admission() === 'busy') {
          // Back-pressure: stop reading until this read is stored and the pipeline has room.
          sock.pause();
          void (pending ?? Promise.resolve()).then(() => ctx.sink.capacity()).then(() => sock.resume());
        }
      });
      sock.on('end', () => {
        const rest = framer.end();
        if (rest !== undefined) take([rest]);
        void batcher.flush().finally(() => batchers.delete(batcher));
      });
      sock.on('close', () => conns.delete(sock));
      sock.on('error', (err) => ctx.log(`${source} from ${peer}: ${err.message}`));
    };

    const startTcp = (addr: string) => new Promise<void>((resolve, reject) => {
      const { host, port } = splitAddress(addr);
      const server = createServer(onConnection(addr));
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const a = server.address();
        bound.push(`tcp://${host}:${typeof a === 'object' && a ? a.port : port}`);
        tcp = server;
        resolve();
      });
    });

    return {
      async start() {
        if (cfg.udp) await startUdp(cfg.udp);
        if (cfg.tcp) await startTcp(cfg.tcp);
      },
      async stop() {
        await new Promise<void>((r) => (udp ? udp.close(() => r()) : r()));
        await new Promise<void>((r) => {
          if (!tcp) return r();
          tcp.close(() => r());
          for (const c of conns) c.end();
        });
        await Promise.all([...batchers].map((b) => b.flush()));
      },
      describe: () => `syslog ${bound.join(' ')}`,
    };
  },
};
