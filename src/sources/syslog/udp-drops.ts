import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** One row of `/proc/net/udp{,6}`: the socket's inode, local port and the kernel's drop counter. */
export interface UdpSocketRow {
  inode: number;
  port: number;
  drops: number;
  /** Bytes queued in the receive buffer, not yet read by the process. */
  rxQueue: number;
}

/**
 * Parse `/proc/net/udp` or `/proc/net/udp6` (the header line is skipped). The `drops` column
 * counts datagrams the kernel discarded for this socket, mostly because its receive buffer was
 * full — loss the process never sees.
 *
 * @example
 * parseProcNetUdp(readFileSync('/proc/net/udp', 'utf8')).find((r) => r.port === 5514)?.drops
 */
export function parseProcNetUdp(text: string): UdpSocketRow[] {
  const rows: UdpSocketRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 13) continue;
    const local = f[1]!;
    const queues = f[4]!.split(':');
    rows.push({
      port: parseInt(local.slice(local.lastIndexOf(':') + 1), 16),
      rxQueue: parseInt(queues[1] ?? '0', 16),
      inode: Number(f[9]),
      drops: Number(f[12]),
    });
  }
  return rows;
}

/** Inodes of this process's open sockets (from `/proc/self/fd`). */
function ownSocketInodes(): Set<number> {
  const out = new Set<number>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) out.add(Number(m[1]));
    } catch {
      // The fd closed while listing.
    }
  }
  return out;
}

const TABLES = ['/proc/net/udp', '/proc/net/udp6'];

function readTables(): UdpSocketRow[] {
  const rows: UdpSocketRow[] = [];
  for (const t of TABLES) {
    try {
      rows.push(...parseProcNetUdp(readFileSync(t, 'utf8')));
    } catch {
      // Not Linux, or IPv6 disabled.
    }
  }
  return rows;
}

/**
 * Reads the kernel's drop counter of one UDP socket of this process, identified by its local
 * port and confirmed by inode (another process may hold the same port with SO_REUSEPORT, or
 * another address). `available` is false where `/proc/net/udp` does not exist (not Linux).
 *
 * @example
 * const k = new KernelUdpDrops(sock.address().port);
 * setInterval(() => { const d = k.poll(); if (d) tele.dropped('kernel', d); }, 2000);
 */
export class KernelUdpDrops {
  private inode: number | undefined;
  private last = 0;
  /** Total drops seen since the socket was bound. */
  total = 0;
  /** Bytes waiting in the receive buffer at the last poll. */
  rxQueue = 0;

  constructor(private readonly port: number) {
    const own = ownSocketInodesSafe();
    const row = readTables().find((r) => r.port === port && own.has(r.inode));
    if (row) {
      this.inode = row.inode;
      this.last = row.drops;
      this.rxQueue = row.rxQueue;
    }
  }

  /** Whether the counter could be found (Linux with procfs). */
  get available(): boolean {
    return this.inode !== undefined;
  }

  /** Drops since the previous poll (0 when unavailable). */
  poll(): number {
    if (this.inode === undefined) return 0;
    const row = readTables().find((r) => r.inode === this.inode);
    if (!row) return 0;
    const delta = row.drops >= this.last ? row.drops - this.last : row.drops;
    this.last = row.drops;
    this.rxQueue = row.rxQueue;
    this.total += delta;
    return delta;
  }
}

function ownSocketInodesSafe(): Set<number> {
  try {
    return ownSocketInodes();
  } catch {
    return new Set();
  }
}
