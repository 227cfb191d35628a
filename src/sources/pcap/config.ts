import { z } from 'zod';

/**
 * Settings of a `pcap` source (live capture through Debian's tcpdump).
 *
 * @example
 * pcapSourceConfig.parse({ interface: 'eth1', filter: 'not port 22' })
 */
export const pcapSourceConfig = z.strictObject({
  /** Interface to capture on (a SPAN/mirror port, or `any`). */
  interface: z.string().regex(/^[A-Za-z0-9_.:@-]{1,32}$/, { message: 'expected an interface name like "eth1" or "any"' }),
  /** BPF filter expression passed to tcpdump (e.g. `not port 22`). */
  filter: z.string().max(4096).optional(),
  /** Bytes captured per packet (tcpdump `-s`); application decoders need the payloads. */
  snaplen: z.number().int().min(64).max(262_144).default(262_144),
  /** The tcpdump binary. */
  tcpdump: z.string().default('tcpdump'),
  /** Flow table: flows held, and idle/active timeouts in seconds. */
  maxFlows: z.number().int().positive().default(100_000),
  idleTimeoutTcp: z.number().positive().default(300),
  idleTimeoutUdp: z.number().positive().default(60),
  activeTimeout: z.number().positive().default(1800),
  /** Decode application protocols (false: flows only). */
  decoders: z.boolean().default(true),
  batchRecords: z.number().int().positive().default(500),
  /** Longest a record waits before its batch is handed to the pipeline. */
  lingerMs: z.number().int().min(0).default(200),
  /** Restart delays after tcpdump exits: doubling from `minMs` to `maxMs`. */
  restart: z.strictObject({ minMs: z.number().int().positive().default(1000), maxMs: z.number().int().positive().default(60_000) }).default({ minMs: 1000, maxMs: 60_000 }),
});

/** Parsed settings of a `pcap` source. */
export type PcapSourceConfig = z.output<typeof pcapSourceConfig>;
