import { spawn, type ChildProcess } from 'node:child_process';
import type { Source, SourceDef } from '../../core/components.js';
import type { RawRecord } from '../../core/record.js';
import { Sensor, problemRecord } from '../../parsers/netproto/index.js';
import { ListenerStates } from '../listener-state.js';
import { pcapSourceConfig, type PcapSourceConfig } from './config.js';

/**
 * The tcpdump command line for a capture: `-w -` writes pcap to stdout, `-U` flushes per packet
 * (so flows appear while traffic flows), `-n` resolves nothing.
 *
 * @example
 * tcpdumpArgs(pcapSourceConfig.parse({ interface: 'lo', filter: 'tcp port 104' })) // ['-i','lo','-w','-','-U','-n','-s','262144','tcp port 104']
 */
export function tcpdumpArgs(cfg: PcapSourceConfig): string[] {
  const args = ['-i', cfg.interface, '-w', '-', '-U', '-n', '-s', String(cfg.snaplen)];
  if (cfg.filter !== undefined && cfg.filter.trim() !== '') args.push(cfg.filter);
  return args;
}

/**
 * Live passive capture: runs `tcpdump -i IFACE -w - -U [filter]`, reads its pcap stream into the
 * sensor (flows and DICOM/HL7/MQTT/DNS/DHCP/TLS/HTTP records) and hands the records to the
 * `pcap` parser. Problems (bad packets, malformed protocol data) become records the parser
 * dead-letters with their reason. If tcpdump exits, it is restarted with a doubling delay and
 * the listener shows `reconnecting` (with tcpdump's last error line).
 */
export const pcapSource: SourceDef<PcapSourceConfig> = {
  type: 'pcap',
  description: 'Live packet capture through tcpdump: flows and medical/IoT protocol records (passive sensor).',
  config: pcapSourceConfig,
  build(cfg, ctx): Source {
    const parser = ctx.sink.parser('pcap', `sources.${ctx.name}`);
    const source = `pcap:${cfg.interface}`;
    const endpoint = `pcap://${cfg.interface}${cfg.filter ? ` (${cfg.filter})` : ''}`;
    const states = new ListenerStates();
    let child: ChildProcess | undefined;
    let stopping = false;
    let delay = cfg.restart.minMs;
    let timer: NodeJS.Timeout | undefined;
    let flushTimer: NodeJS.Timeout | undefined;
    let batch: RawRecord[] = [];
    let seq = 0;
    let chain: Promise<void> = Promise.resolve();
    let sensor: Sensor | undefined;

    const flush = () => {
      if (flushTimer) { clearTimeout(flushTimer); flushTimer = undefined; }
      if (batch.length === 0) return chain;
      const records = batch;
      batch = [];
      chain = chain.then(async () => {
        await ctx.sink.capacity();
        const r = await ctx.sink.ingest(records, parser);
        ctx.telemetry.emitted(r.events);
        if (r.deadLetters > 0) ctx.telemetry.dropped('dead_letter', r.deadLetters);
      }).catch((err: unknown) => {
        ctx.telemetry.error();
        ctx.log(`${source}: could not store ${records.length} records: ${(err as Error).message}`);
      });
      return chain;
    };
    const add = (r: RawRecord) => {
      ctx.telemetry.received();
      batch.push(r);
      if (batch.length >= cfg.batchRecords) void flush();
      else flushTimer ??= setTimeout(() => void flush(), cfg.lingerMs);
    };

    const startCapture = () => {
      states.set(endpoint, 'starting');
      const s = new Sensor(
        (r) => add({ data: JSON.stringify(r), source, offset: ++seq, receivedAt: Date.now() }),
        (p) => add(problemRecord(p, source, ++seq)),
        { flows: { maxFlows: cfg.maxFlows, idleTcp: cfg.idleTimeoutTcp, idleUdp: cfg.idleTimeoutUdp, active: cfg.activeTimeout }, decoders: cfg.decoders },
      );
      sensor = s;
      let lastErr = '';
      const p = spawn(cfg.tcpdump, tcpdumpArgs(cfg), { stdio: ['ignore', 'pipe', 'pipe'] });
      child = p;
      p.stdout.on('data', (c: Buffer) => {
        if (delay !== cfg.restart.minMs) delay = cfg.restart.minMs;
        s.push(c);
      });
      p.stderr.on('data', (c: Buffer) => {
        const lines = c.toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean);
        for (const l of lines) {
          if (/^(tcpdump: )?listening on /.test(l)) states.set(endpoint, 'listening');
          else lastErr = l.slice(0, 300);
        }
      });
      p.on('error', (err) => { lastErr = err.message; });
      p.on('close', (code) => {
        s.end();
        void flush();
        states.detail(endpoint, { packets: s.packets, flows: s.flows.counters.flows, evicted: s.flows.counters.evicted });
        if (stopping) return;
        const why = `tcpdump exited (${code ?? 'signal'})${lastErr ? `: ${lastErr}` : ''}`;
        ctx.log(`${source}: ${why}; restarting in ${delay} ms`);
        states.set(endpoint, 'reconnecting', why);
        timer = setTimeout(startCapture, delay);
        delay = Math.min(delay * 2, cfg.restart.maxMs);
      });
    };

    return {
      async start() {
        startCapture();
        // Wait until tcpdump says it listens (or fails), so a caller's traffic is not missed.
        const until = Date.now() + 5000;
        while (Date.now() < until && !states.all().some((s) => s.state !== 'starting')) await new Promise((r) => setTimeout(r, 20));
      },
      async stop() {
        stopping = true;
        if (timer) clearTimeout(timer);
        const c = child;
        if (c && c.exitCode === null) {
          const closed = new Promise<void>((r) => c.once('close', () => r()));
          c.kill('SIGINT');
          await closed;
        } else {
          sensor?.end();
        }
        await flush();
        await chain;
        states.set(endpoint, 'stopped');
      },
      describe: () => endpoint,
      listeners: () => states.all(),
    };
  },
};
