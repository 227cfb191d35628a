import type Database from 'better-sqlite3';
import { CRITICALITIES, DEVICE_TYPES, type DeviceCriticality, type DeviceRecord, type DeviceType } from './types.js';

/** A person's decision about a device, kept over what the classifier says. */
export interface DeviceOverride {
  type?: DeviceType | undefined;
  criticality?: DeviceCriticality | undefined;
  updated: number;
  updatedBy: string;
}

/** One record to write, with what it was classified as. */
export interface DeviceRow {
  record: DeviceRecord;
  type: DeviceType;
  criticality: DeviceCriticality;
}

const isType = (v: unknown): v is DeviceType => typeof v === 'string' && (DEVICE_TYPES as readonly string[]).includes(v);
const isCrit = (v: unknown): v is DeviceCriticality => typeof v === 'string' && (CRITICALITIES as readonly string[]).includes(v);

/**
 * The inventory in SQLite (`device_inventory`, `device_address`, `device_override`). Writes come
 * in batches from the tracker; overrides from the API and CLI.
 *
 * @example
 * const repo = new DeviceRepo(store.db); repo.criticalityOf('10.30.0.7') // 'life-sustaining'
 */
export class DeviceRepo {
  private readonly upsert;
  private readonly delAddr;
  private readonly putAddr;
  private readonly delDevice;
  private readonly moveOverride;
  private readonly critStmt;

  constructor(readonly db: Database.Database) {
    this.upsert = db.prepare(`INSERT INTO device_inventory (id, doc, type, criticality, last_seen) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, type = excluded.type, criticality = excluded.criticality, last_seen = excluded.last_seen`);
    this.delAddr = db.prepare('DELETE FROM device_address WHERE id = ?');
    this.putAddr = db.prepare('INSERT OR REPLACE INTO device_address (addr, id) VALUES (?, ?)');
    this.delDevice = db.prepare('DELETE FROM device_inventory WHERE id = ?');
    this.moveOverride = db.prepare('UPDATE OR IGNORE device_override SET id = ? WHERE id = ?');
    this.critStmt = db.prepare(`SELECT COALESCE(o.criticality, d.criticality) FROM device_address a
      JOIN device_inventory d ON d.id = a.id LEFT JOIN device_override o ON o.id = a.id WHERE a.addr = ?`).pluck();
  }

  /** Write changed devices and re-keyed ids in one transaction (overrides follow a re-keyed device). */
  save(rows: DeviceRow[], renamed: Array<[string, string]> = []): void {
    this.db.transaction(() => {
      for (const [from, to] of renamed) {
        this.moveOverride.run(to, from);
        this.delDevice.run(from);
        this.delAddr.run(from);
      }
      for (const { record: r, type, criticality } of rows) {
        this.upsert.run(r.id, JSON.stringify(r), type, criticality, r.lastSeen);
        this.delAddr.run(r.id);
        for (const ip of r.ips) this.putAddr.run(ip, r.id);
        if (r.mac) this.putAddr.run(r.mac, r.id);
      }
    })();
  }

  /** Every stored record. */
  all(): DeviceRecord[] {
    return (this.db.prepare('SELECT doc FROM device_inventory').pluck().all() as string[]).map((d) => JSON.parse(d) as DeviceRecord);
  }

  /** One record by id, or by one of its addresses (IP or MAC). */
  get(idOrAddress: string): DeviceRecord | undefined {
    const key = idOrAddress.toLowerCase().startsWith('mac:') || idOrAddress.startsWith('ip:') ? idOrAddress.toLowerCase() : undefined;
    const id = key ?? (this.db.prepare('SELECT id FROM device_address WHERE addr = ?').pluck().get(idOrAddress.toLowerCase()) as string | undefined);
    if (!id) return undefined;
    const doc = this.db.prepare('SELECT doc FROM device_inventory WHERE id = ?').pluck().get(id) as string | undefined;
    return doc ? (JSON.parse(doc) as DeviceRecord) : undefined;
  }

  /** The ids of the devices holding these addresses now (alerts' entities). */
  idsOf(addrs: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    const stmt = this.db.prepare('SELECT id FROM device_address WHERE addr = ?').pluck();
    for (const a of addrs) {
      const id = stmt.get(a.toLowerCase()) as string | undefined;
      if (id) out.set(a, id);
    }
    return out;
  }

  /** People's overrides by device id. */
  overrides(): Map<string, DeviceOverride> {
    const rows = this.db.prepare('SELECT id, type, criticality, updated, updated_by AS updatedBy FROM device_override').all() as Array<{ id: string; type: string | null; criticality: string | null; updated: number; updatedBy: string }>;
    return new Map(rows.map((r) => [r.id, {
      ...(isType(r.type) ? { type: r.type } : {}), ...(isCrit(r.criticality) ? { criticality: r.criticality } : {}), updated: r.updated, updatedBy: r.updatedBy,
    }]));
  }

  /**
   * Set (or, with `null`, clear) a device's type and/or criticality override. Fields left
   * `undefined` keep their current value.
   */
  setOverride(id: string, patch: { type?: DeviceType | null | undefined; criticality?: DeviceCriticality | null | undefined }, actor: string, now = Date.now()): DeviceOverride | undefined {
    const cur = this.overrides().get(id);
    const type = patch.type === undefined ? cur?.type : patch.type ?? undefined;
    const criticality = patch.criticality === undefined ? cur?.criticality : patch.criticality ?? undefined;
    if (!type && !criticality) {
      this.db.prepare('DELETE FROM device_override WHERE id = ?').run(id);
      return undefined;
    }
    this.db.prepare(`INSERT INTO device_override (id, type, criticality, updated, updated_by) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET type = excluded.type, criticality = excluded.criticality, updated = excluded.updated, updated_by = excluded.updated_by`)
      .run(id, type ?? null, criticality ?? null, now, actor);
    return { type, criticality, updated: now, updatedBy: actor };
  }

  /**
   * The effective criticality (override, else classified) of the device holding an address now;
   * `undefined` for an address the inventory does not know. This is what the respond gate asks.
   */
  criticalityOf(addr: string): DeviceCriticality | undefined {
    const c = this.critStmt.get(addr.toLowerCase());
    return isCrit(c) ? c : undefined;
  }
}
