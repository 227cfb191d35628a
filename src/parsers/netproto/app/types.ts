/**
 * What an application decoder sees of its flow and what it hands back: records for the event
 * stream and problems (malformed or oversized protocol data) for the dead-letter store.
 */

/** One output record of the sensor, in Zeek's flat naming (`id.orig_h` …) plus its own fields. */
export interface SensorRecord {
  /** `conn`, `dns`, `dicom`, `hl7`, `mqtt`, `dhcp`, `tls`, `http`, `ssdp`, `mdns`. */
  type: string;
  ts: number;
  uid: string;
  'id.orig_h': string;
  'id.orig_p': number;
  'id.resp_h': string;
  'id.resp_p': number;
  proto: string;
  [field: string]: unknown;
}

/** The flow a decoder works for. */
export interface FlowRef {
  uid: string;
  origH: string;
  origP: number;
  respH: string;
  respP: number;
  proto: string;
}

/** What a decoder may do: emit a record, report a problem (the flow's decoding then usually stops). */
export interface DecoderContext {
  flow: FlowRef;
  emit(type: string, ts: number, fields: Record<string, unknown>): void;
  problem(code: string, reason: string, bytes: Buffer): void;
}

/** Direction of data: 0 originator → responder, 1 responder → originator. */
export type Dir = 0 | 1;

/** A decoder of one flow's application protocol. */
export interface AppDecoder {
  /** Zeek-style service name written on the connection (`dicom`, `dns`, `ssl`…). */
  readonly service: string;
  /** True once it understood something (the service is then written on the connection). */
  recognised: boolean;
  /** True when it wants no more data (done, or gave up). */
  done: boolean;
  /** In-order bytes (TCP, after minimal reassembly) or one datagram (UDP). */
  data(dir: Dir, bytes: Buffer, ts: number): void;
  /** A hole in the stream (lost or unreassembled segment). */
  gap?(dir: Dir): void;
  /** The flow ends (flush pending state). */
  end?(ts: number): void;
}

/** Builds a decoder for a flow, or declines it. `first` is the first payload seen and its direction. */
export interface DecoderFactory {
  service: string;
  transport: 'tcp' | 'udp';
  /** Likely from the ports alone. */
  ports: number[];
  /** Recognise the protocol from the first payload (used when the ports say nothing). */
  sniff?(first: Buffer, dir: Dir): boolean;
  create(ctx: DecoderContext): AppDecoder;
}
