import { APP_DECODERS } from './app/index.js';
import type { SensorRecord } from './app/types.js';
import { CaptureReader, type CaptureProblem } from './capture-reader.js';
import { DEFAULT_FLOW_OPTIONS, FlowTable, type FlowOptions } from './flow.js';
import { decodePacket } from './packet.js';

/** Something the sensor could not read: a code for counters, a sentence, and (bounded) bytes. */
export interface SensorProblem {
  code: string;
  reason: string;
  bytes: Buffer;
  /** Byte offset in the capture (when known). */
  offset?: number;
  fatal?: boolean;
}

/** Options of a {@link Sensor}. */
export interface SensorOptions {
  flows?: Partial<FlowOptions>;
  /** Problems kept per code (the rest are only counted), so a flood of bad packets cannot flood the store. */
  problemsPerCode?: number;
  /** Decode application protocols (false: flows only). */
  decoders?: boolean;
}

/**
 * The passive sensor: capture bytes in (a pcap/pcapng stream), flow and application records
 * out, with every problem counted by code and the first few of each kept for the dead-letter
 * store.
 *
 * @example
 * const s = new Sensor((r) => records.push(r), (p) => dead.push(p));
 * for await (const c of createReadStream('x.pcap')) s.push(c);
 * s.end();
 */
export class Sensor {
  private readonly reader: CaptureReader;
  readonly flows: FlowTable;
  /** Problems by code (all of them, kept or not). */
  readonly problems: Record<string, number> = {};
  private readonly keep: number;

  constructor(out: (r: SensorRecord) => void, private readonly onProblem: (p: SensorProblem) => void, opts: SensorOptions = {}) {
    this.keep = opts.problemsPerCode ?? 100;
    this.flows = new FlowTable(out, { ...DEFAULT_FLOW_OPTIONS, ...opts.flows }, opts.decoders === false ? [] : APP_DECODERS, (f, code, reason, bytes) =>
      this.problem({ code, reason: `${reason} (flow ${f.uid} ${f.origH}:${f.origP} → ${f.respH}:${f.respP})`, bytes }));
    this.reader = new CaptureReader(
      (pkt) => {
        const p = decodePacket(pkt.data, pkt.linkType, pkt.ts, pkt.origLen);
        if ('skip' in p) {
          // Non-IP frames (ARP, LLDP…) are normal on a wire: counted, not dead-lettered.
          if (p.skip === 'not_ip') this.problems.not_ip = (this.problems.not_ip ?? 0) + 1;
          else this.problem({ code: p.skip, reason: `packet at byte ${pkt.offset}: ${p.reason}`, bytes: pkt.data.subarray(0, 256), offset: pkt.offset });
          return;
        }
        this.flows.add(p);
      },
      (e: CaptureProblem) => this.problem({ code: e.code, reason: e.reason, bytes: e.bytes, offset: e.offset, fatal: e.fatal }),
    );
  }

  private problem(p: SensorProblem): void {
    const n = (this.problems[p.code] = (this.problems[p.code] ?? 0) + 1);
    if (n <= this.keep || p.fatal === true) this.onProblem(p);
  }

  /** Capture format once recognised. */
  get format(): string {
    return this.reader.kind;
  }

  /** Packets read so far. */
  get packets(): number {
    return this.reader.stats.packets;
  }

  push(chunk: Buffer): void {
    this.reader.push(chunk);
  }

  /** End of the capture: every flow still held is emitted. */
  end(): void {
    this.reader.end();
    this.flows.flush();
  }
}
