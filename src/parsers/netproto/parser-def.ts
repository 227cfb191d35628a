import { z } from 'zod';
import { ParseError } from '../../core/errors.js';
import type { DeadLetter, RawRecord } from '../../core/record.js';
import type { BinaryParserDef } from '../evtx/index.js';
import type { SensorRecord } from './app/types.js';
import { isCapture } from './capture-reader.js';
import { Sensor, type SensorProblem } from './sensor.js';
import { sensorToEvent } from './to-event.js';

/** Settings of the `pcap` parser (flow table limits). */
export const pcapParserConfig = z.strictObject({
  maxFlows: z.number().int().positive().default(100_000),
  idleTimeoutTcp: z.number().positive().default(300),
  idleTimeoutUdp: z.number().positive().default(60),
  activeTimeout: z.number().positive().default(1800),
  /** Decode application protocols (DICOM, HL7, MQTT, DNS, DHCP, TLS, HTTP…); false: flows only. */
  decoders: z.boolean().default(true),
});
export type PcapParserConfig = z.output<typeof pcapParserConfig>;

/** Where framed records come from. */
export interface PcapFrameContext {
  source: string;
  receivedAt: number;
  referenceTime?: number;
  parser?: string;
}

/** A framed item: a sensor record (JSON) for the parser, or a dead letter. */
export type PcapFrame = { kind: 'record'; record: RawRecord } | { kind: 'dead'; dead: DeadLetter };

/**
 * A dead letter for a sensor problem: `pcap@<offset>:<base64 bytes>`, the reason naming what and where.
 *
 * @example
 * problemToDeadLetter(p, { source: 'file:/x.pcap', receivedAt: Date.now() })
 */
export function problemToDeadLetter(p: SensorProblem, ctx: PcapFrameContext): DeadLetter {
  const d: DeadLetter = { source: ctx.source, receivedAt: ctx.receivedAt, parser: ctx.parser ?? 'pcap', reason: `${p.code}: ${p.reason}`, data: `pcap@${p.offset ?? -1}:${p.bytes.toString('base64')}` };
  if (p.offset !== undefined) d.offset = p.offset;
  return d;
}

/**
 * A sensor problem as a record: the `pcap` parser dead-letters it with its reason (for sources,
 * which hand everything to the pipeline as records).
 *
 * @example
 * problemRecord(p, 'pcap:eth0', 7)
 */
export function problemRecord(p: SensorProblem, source: string, offset: number): RawRecord {
  return { data: JSON.stringify({ type: 'problem', code: p.code, reason: `${p.code}: ${p.reason}`, offset: p.offset, bytes: p.bytes.toString('base64') }), source, offset, receivedAt: Date.now() };
}

/**
 * Stream a capture (chunks of a pcap/pcapng file or of `tcpdump -w -`) into framed records:
 * flows and application records as JSON, problems as dead letters. Never holds the file whole.
 *
 * @example
 * for await (const f of pcapFrames(createReadStream(p), ctx, cfg)) …
 */
export async function* pcapFrames(chunks: AsyncIterable<Buffer>, ctx: PcapFrameContext, cfg: PcapParserConfig = pcapParserConfig.parse({})): AsyncGenerator<PcapFrame, { packets: number; problems: Record<string, number> }> {
  let queue: PcapFrame[] = [];
  let seq = 0;
  const record = (r: SensorRecord) => {
    const rec: RawRecord = { data: JSON.stringify(r), source: ctx.source, offset: ++seq, receivedAt: ctx.receivedAt };
    if (ctx.referenceTime !== undefined) rec.referenceTime = ctx.referenceTime;
    queue.push({ kind: 'record', record: rec });
  };
  const sensor = new Sensor(record, (p) => queue.push({ kind: 'dead', dead: problemToDeadLetter(p, ctx) }), {
    flows: { maxFlows: cfg.maxFlows, idleTcp: cfg.idleTimeoutTcp, idleUdp: cfg.idleTimeoutUdp, active: cfg.activeTimeout },
    decoders: cfg.decoders,
  });
  for await (const c of chunks) {
    sensor.push(c);
    if (queue.length > 0) {
      const q = queue;
      queue = [];
      yield* q;
    }
  }
  sensor.end();
  yield* queue;
  return { packets: sensor.packets, problems: sensor.problems };
}

/**
 * The `pcap` parser: pcap/pcapng files read as a stream by the passive sensor, and the sensor's
 * JSON records (from a file or the live `pcap` source) parsed into ECS events.
 */
export const pcapParserDef: BinaryParserDef<PcapParserConfig> = {
  name: 'pcap',
  description: 'Packet captures (pcap, pcapng): bidirectional flows (Zeek conn fields + flow statistics) and DICOM, HL7/MLLP, MQTT, DNS, mDNS, DHCP, TLS, HTTP/FHIR and SSDP records',
  config: pcapParserConfig,
  // Dead letters hold packet bytes, which may be HL7 or DICOM payloads: sealed.
  mayCarryPhi: true,
  build() {
    return {
      name: 'pcap',
      parse(record: RawRecord) {
        let r: SensorRecord;
        try {
          r = JSON.parse(record.data) as SensorRecord;
        } catch {
          throw new ParseError('not a network-sensor record (JSON expected)', `${record.source}:${record.offset ?? 0}`);
        }
        if (typeof r === 'object' && r !== null && r.type === 'problem') {
          // A problem the live sensor met: dead-lettered with its reason (the record keeps the bytes).
          throw new ParseError(String((r as { reason?: unknown }).reason ?? 'capture problem'), `${record.source}:${record.offset ?? 0}`);
        }
        if (typeof r !== 'object' || r === null || typeof r.type !== 'string' || typeof r.ts !== 'number') {
          throw new ParseError('network-sensor record without type and ts', `${record.source}:${record.offset ?? 0}`);
        }
        return [sensorToEvent(r)];
      },
    };
  },
  binary: {
    detect: isCapture,
    stream: (chunks, ctx) => pcapFrames(chunks, ctx),
  },
};
