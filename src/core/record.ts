/**
 * One record as it arrived, before parsing: a line of a log file, a syslog datagram, an
 * element of an NDJSON body. Parsers turn it into events; if they cannot, the record goes
 * to the dead-letter store with these exact bytes.
 */
export interface RawRecord {
  /** The bytes as received (text records are kept as strings to avoid copies). */
  data: string;
  /** Which source delivered it, e.g. `file:/var/log/auth.log`, `syslog-udp:127.0.0.1:5514`, `http`. */
  source: string;
  /** Position in the source: 1-based line number for files, byte offset, or a sequence number. */
  offset?: number;
  /** When Wardwatch received it (epoch ms). */
  receivedAt: number;
  /** Transport facts a parser may use, e.g. the sending peer's address. */
  peer?: string;
  /** Reference time for formats without a year (RFC 3164): epoch ms, e.g. the file's mtime. */
  referenceTime?: number;
}

/** A record that could not be parsed, kept with its raw bytes and the reason. */
export interface DeadLetter {
  source: string;
  offset?: number;
  receivedAt: number;
  parser: string;
  reason: string;
  data: string;
}
