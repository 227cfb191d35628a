import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { z } from 'zod';
import { listenAddress, tlsListener } from '../../core/config.js';
import type { SourceDef, Source } from '../../core/components.js';
import { errorMessage } from '../../core/errors.js';
import { Batcher } from '../batcher.js';
import { ListenerStates } from '../listener-state.js';
import { loadTlsServer } from '../tls/index.js';
import { SyslogFramer } from './framing.js';
import { KernelUdpDrops } from './udp-drops.js';

/** How often the kernel's UDP drop counter is read. */
const KERNEL_DROPS_POLL_MS = 2_000;

const config = z.strictObject({
  /** UDP listen address (`host:port`); omit to disable. */
  udp: listenAddress.optional(),
  /** TCP listen address (`host:port`); omit to disable. */
  tcp: listenAddress.optional(),
  /**
   * Syslog over TLS (RFC 5425, usually port 6514): `listen`, PEM `cert` and `key` (or
   * `selfSigned: true`), optional `ca` with `clientCert: require` for mutual TLS.
   */
  tls: tlsListener.optional(),
  /**
   * Receive buffer requested for the UDP socket. A burst larger than this is dropped by the
   * kernel (counted as `dropped{reason="kernel"}`); Linux caps it at `net.core.rmem_max`.
   */
  udpReceiveBufferBytes: z.number().int().min(4096).max(1 << 30).default(8 * 1024 * 1024),
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
 * Syslog listener over UDP, TCP and TLS (RFC 5424 / RFC 3164 messages; TCP and TLS framing by
 * octet counting, RFC 5425/6587, or newline). UDP cannot push back, so datagrams that arrive
 * while the pipeline is full are dropped and counted (`dropped{reason="backpressure"}`), and
 * those the kernel discarded because the socket's receive buffer was full are read from
 * `/proc/net/udp` and counted as `dropped{reason="kernel"}`; TCP and TLS connections are paused
 * instead, which pushes back to the sender.
 */
export const syslogSource: SourceDef<Config> = {
  type: 'syslog',
  description: 'Syslog over UDP, TCP and TLS (RFC 5424, RFC 3164, RFC 5425; octet-counting and newline framing).',
  config,
  build(cfg, ctx): Source {
    const parser = ctx.sink.parser(cfg.format, `sources.${ctx.name}.format`);
    const opts = { maxRecords: cfg.batchRecords, lingerMs: cfg.lingerMs, log: ctx.log };
    let udp: UdpSocket | undefined;
    let tcp: Server | undefined;
    let tlsServer: Server | undefined;
    let dropsTimer: NodeJS.Timeout | undefined;
    const states = new ListenerStates();
    const conns = new Set<Socket>();
    const batchers = new Set<Batcher>();
    let seq = 0;
    const bound: string[] = [];

    const startUdp = (addr: string) => new Promise<void>((resolve, reject) => {
      const { host, port } = splitAddress(addr);
      const sock = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: cfg.udpReceiveBufferBytes });
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
        const endpoint = `udp://${host}:${sock.address().port}`;
        sock.on('error', (err) => {
          states.set(endpoint, 'failed', err.message);
          ctx.log(`syslog udp ${addr}: ${err.message}`);
        });
        bound.push(endpoint);
        udp = sock;
        states.set(endpoint, 'listening');
        // Linux caps the request at net.core.rmem_max and reports twice what it granted (the
        // doubled figure covers bookkeeping); say so when the request was cut, since it bounds a burst.
        const kernelSize = sock.getRecvBufferSize();
        const granted = process.platform === 'linux' ? Math.floor(kernelSize / 2) : kernelSize;
        states.detail(endpoint, { receiveBufferBytes: granted, kernelReceiveBufferBytes: kernelSize, requestedReceiveBufferBytes: cfg.udpReceiveBufferBytes });
        if (granted < cfg.udpReceiveBufferBytes) {
          ctx.log(`syslog ${endpoint}: receive buffer is ${granted} bytes, less than the ${cfg.udpReceiveBufferBytes} requested; raise net.core.rmem_max (sysctl -w net.core.rmem_max=${cfg.udpReceiveBufferBytes}) to absorb larger bursts`);
        }
        const k = new KernelUdpDrops(sock.address().port);
        states.detail(endpoint, { kernelDropsCounted: k.available, kernelDrops: 0 });
        if (k.available) {
          const poll = () => {
            const n = k.poll();
            if (n > 0) ctx.telemetry.dropped('kernel', n);
            states.detail(endpoint, { kernelDrops: k.total, receiveQueueBytes: k.rxQueue });
          };
          dropsTimer = setInterval(poll, KERNEL_DROPS_POLL_MS);
          dropsTimer.unref();
          pollKernel = poll;
        }
        resolve();
      });
    });

    const onConnection = (addr: string, scheme: 'tcp' | 'tls' = 'tcp') => (sock: Socket) => {
      conns.add(sock);
      const framer = new SyslogFramer(cfg.maxMessageBytes);
      // No linger on TCP: a line read is a line at risk (the sender already forgot it), so each
      // read is handed to the store at once; the ingestor group-commits reads that arrive
      // while a commit is running, so a busy connection still writes large transactions.
      const batcher = new Batcher(ctx.sink, parser, ctx.telemetry, { ...opts, lingerMs: 0 });
      batchers.add(batcher);
      const source = `syslog-${scheme}:${addr}`;
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

    const listen = (server: Server, addr: string, scheme: 'tcp' | 'tls') => new Promise<void>((resolve, reject) => {
      const { host, port } = splitAddress(addr);
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const a = server.address();
        const endpoint = `${scheme}://${host}:${typeof a === 'object' && a ? a.port : port}`;
        server.on('error', (err) => {
          states.set(endpoint, 'failed', err.message);
          ctx.log(`syslog ${endpoint}: ${err.message}`);
        });
        bound.push(endpoint);
        states.set(endpoint, 'listening');
        resolve();
      });
    });

    const startTcp = async (addr: string) => {
      tcp = createServer(onConnection(addr));
      await listen(tcp, addr, 'tcp');
    };

    const startTls = async (t: NonNullable<Config['tls']>) => {
      const loaded = await loadTlsServer(t, ctx.dataDir, `sources.${ctx.name}.tls`);
      let server: Server;
      try {
        server = createTlsServer(loaded.options, onConnection(t.listen, 'tls'));
      } catch (err) {
        throw new Error(`sources.${ctx.name}.tls: ${errorMessage(err)}`);
      }
      // A plaintext sender, a wrong or missing client certificate: the handshake fails, nothing is read.
      server.on('tlsClientError', (err, sock) => {
        ctx.telemetry.error();
        ctx.log(`syslog tls://${t.listen} from ${sock.remoteAddress ?? '?'}: TLS handshake failed: ${err.message}`);
      });
      tlsServer = server;
      await listen(server, t.listen, 'tls');
      ctx.log(`syslog tls://${t.listen}: certificate ${loaded.certPath} (SHA-256 ${loaded.fingerprint256})${t.clientCert === 'require' ? ', client certificates required' : ''}`);
    };

    let pollKernel: (() => void) | undefined;
    const closeServer = (s: Server | undefined) => new Promise<void>((r) => {
      if (!s) return r();
      s.close(() => r());
      for (const c of conns) c.end();
    });

    return {
      async start() {
        if (cfg.udp) await startUdp(cfg.udp);
        if (cfg.tcp) await startTcp(cfg.tcp);
        if (cfg.tls) await startTls(cfg.tls);
      },
      async stop() {
        if (dropsTimer) clearInterval(dropsTimer);
        pollKernel?.();
        await new Promise<void>((r) => (udp ? udp.close(() => r()) : r()));
        await Promise.all([closeServer(tcp), closeServer(tlsServer)]);
        for (const b of bound) states.set(b, 'stopped');
        await Promise.all([...batchers].map((b) => b.flush()));
      },
      describe: () => `syslog ${bound.join(' ')}`,
      listeners: () => {
        pollKernel?.();
        return states.all();
      },
    };
  },
};
