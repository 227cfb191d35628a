import type { WardEvent } from '../../core/event.js';
import type { DeadLetter } from '../../core/record.js';
import type { StoredBatchKey } from '../store.js';

/** Columns per event row in {@link PackedBatch.rows}. */
export const EVENT_COLUMNS = 12;

/**
 * A batch ready for the `events` table: flat column values (cheap to hand to the writer
 * thread), the entity keys of each row, the entities to upsert and the dead letters.
 */
export interface PackedBatch {
  /** `EVENT_COLUMNS` values per event, in insert order. */
  rows: Array<string | number | null>;
  /** Pairs (event index, entity hash). */
  ents: number[];
  /** Entities whose first/last seen moved: type, id, first, last. */
  entities: Array<[string, string, string, string]>;
  dead: DeadLetter[];
  /** Idempotency keys of the batches in this transaction. */
  keys?: StoredBatchKey[];
}

/**
 * A 53-bit hash of an entity value (two 32-bit FNV-style lanes), stored as an exact JS integer.
 *
 * @example
 * entityHash('root') === entityHash('root') // true
 */
export function entityHash(s: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + (b >>> 11);
}

/**
 * Turns events into {@link PackedBatch}es. It remembers what it last wrote for each entity, so
 * an entity active all day is rewritten at most once a minute of event time.
 */
export class EventPacker {
  private readonly written = new Map<string, [first: string, last: string]>();

  pack(events: WardEvent[], docs: string[] | undefined, raws: ReadonlyArray<string | undefined>, dead: DeadLetter[]): PackedBatch {
    const rows: Array<string | number | null> = new Array(events.length * EVENT_COLUMNS);
    const ents: number[] = [];
    const seen = new Map<string, [string, string, string, string]>();
    const note = (type: string, id: unknown, ts: string) => {
      if (typeof id !== 'string' || id.length === 0 || id.length > 256) return;
      const k = `${type}\u0000${id}`;
      const cur = seen.get(k);
      if (!cur) seen.set(k, [type, id, ts, ts]);
      else if (ts < cur[2]) cur[2] = ts;
      else if (ts > cur[3]) cur[3] = ts;
    };
    let r = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      const ts = e['@timestamp'];
      const user = e.user?.name;
      const host = e.host?.name;
      const src = e.source?.ip;
      const dst = e.destination?.ip;
      rows[r++] = e.event.id;
      rows[r++] = Date.parse(ts);
      rows[r++] = e.event.category?.[0] ?? null;
      rows[r++] = e.event.action ?? null;
      rows[r++] = e.event.outcome ?? null;
      rows[r++] = user ?? null;
      rows[r++] = host ?? null;
      rows[r++] = src ?? null;
      rows[r++] = dst ?? null;
      rows[r++] = e.message ?? null;
      rows[r++] = docs?.[i] ?? JSON.stringify(e);
      rows[r++] = raws[i] ?? null;
      // Distinct entity values of the row (a user named like a host shares a hash: harmless).
      let h1 = -1;
      let h2 = -1;
      let h3 = -1;
      for (const v of [user, host, src, dst]) {
        if (!v) continue;
        const h = entityHash(v);
        if (h === h1 || h === h2 || h === h3) continue;
        ents.push(i, h);
        if (h1 < 0) h1 = h; else if (h2 < 0) h2 = h; else h3 = h;
      }
      // IPs are not tracked as entities: a firewall sees millions.
      note('user', user, ts);
      note('host', host, ts);
      note('device', e.device?.id, ts);
    }
    const entities: Array<[string, string, string, string]> = [];
    for (const [k, v] of seen) {
      const w = this.written.get(k);
      if (w && v[2] >= w[0] && Date.parse(v[3]) - Date.parse(w[1]) < 60_000) continue;
      entities.push(v);
      if (this.written.size > 200_000) this.written.clear();
      this.written.set(k, [w && w[0] < v[2] ? w[0] : v[2], w && w[1] > v[3] ? w[1] : v[3]]);
    }
    return { rows, ents, entities, dead };
  }
}
