import type { WardEvent } from '../core/event.js';
import { sightingsOf, type Sighting } from './observe.js';
import { LIMITS, type DeviceRecord } from './types.js';

/** Add a value to a bounded set-like list (kept in first-seen order; past the cap new values are dropped). */
function add<T>(list: T[], v: T | undefined, cap: number): boolean {
  if (v === undefined || list.includes(v)) return false;
  if (list.length >= cap) return false;
  list.push(v);
  return true;
}

/** An empty record for a new device. */
export function newRecord(id: string, time: string): DeviceRecord {
  return {
    id, ips: [], hostnames: [], protocols: [], servedPorts: [], peers: [], aeTitles: [], vendorClasses: [], dicomRoles: [],
    storeCallers: [], hl7: [], mqttTopics: [], tlsServerNames: [], userAgents: [], serverBanners: [], report: {},
    exposure: { internetPeers: [], cleartextPhi: [], smbv1: false, defaultUsers: [], tlsPhi: [] },
    events: 0, firstSeen: time, lastSeen: time,
  };
}

/**
 * The device inventory in memory: sightings folded into one record per device, keyed by MAC when
 * one is known and by IP otherwise. A device first seen by IP and later with its MAC (a DHCP lease,
 * a pcap) is re-keyed to the MAC; an IP leased to a different MAC moves to that device. Changed and
 * re-keyed ids are tracked so the store writes only those.
 *
 * @example
 * const inv = new Inventory(); inv.observe(events); inv.get('ip:10.30.0.2')?.protocols // ['mqtt']
 */
export class Inventory {
  private readonly byId = new Map<string, DeviceRecord>();
  private readonly byMac = new Map<string, string>();
  private readonly byIp = new Map<string, string>();
  /** Ids changed since the last {@link drain}. */
  private dirty = new Set<string>();
  /** Ids that no longer exist (re-keyed to a MAC) since the last {@link drain}, with their new id. */
  private gone = new Map<string, string>();

  constructor(records: Iterable<DeviceRecord> = []) {
    for (const r of records) this.index(r);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): DeviceRecord | undefined {
    return this.byId.get(id);
  }

  /** The device that holds an IP address or MAC now. */
  lookup(key: { ip?: string | undefined; mac?: string | undefined }): DeviceRecord | undefined {
    const id = (key.mac ? this.byMac.get(key.mac) : undefined) ?? (key.ip ? this.byIp.get(key.ip) : undefined);
    return id ? this.byId.get(id) : undefined;
  }

  all(): IterableIterator<DeviceRecord> {
    return this.byId.values();
  }

  /** Fold every sighting of a batch of events. */
  observe(events: readonly WardEvent[]): void {
    for (const ev of events) for (const s of sightingsOf(ev)) this.apply(s);
  }

  /** Changed records and re-keyed ids since the last call (what the store must write). */
  drain(): { changed: DeviceRecord[]; renamed: Array<[from: string, to: string]> } {
    const changed = [...this.dirty].map((id) => this.byId.get(id)).filter((r): r is DeviceRecord => r !== undefined);
    const renamed = [...this.gone].filter(([id]) => !this.byId.has(id));
    this.dirty = new Set();
    this.gone = new Map();
    return { changed, renamed };
  }

  /** Mark records changed again (their write failed and must be retried). */
  touch(ids: Iterable<string>): void {
    for (const id of ids) if (this.byId.has(id)) this.dirty.add(id);
  }

  private index(r: DeviceRecord): void {
    this.byId.set(r.id, r);
    if (r.mac) this.byMac.set(r.mac, r.id);
    for (const ip of r.ips) this.byIp.set(ip, r.id);
  }

  private resolve(s: Sighting): DeviceRecord | undefined {
    if (s.mac) {
      const id = this.byMac.get(s.mac);
      if (id) return this.byId.get(id);
    }
    if (!s.ip) return undefined;
    const id = this.byIp.get(s.ip);
    const r = id ? this.byId.get(id) : undefined;
    // The address now belongs to another interface: a new device (the old one keeps its history).
    if (r && s.mac && r.mac && r.mac !== s.mac) return undefined;
    return r;
  }

  /** Fold one sighting into its device (creating or re-keying it). */
  apply(s: Sighting): void {
    if (!s.ip && !s.mac) return;
    let r = this.resolve(s);
    if (!r) {
      r = newRecord(s.mac ? `mac:${s.mac}` : `ip:${s.ip}`, s.time);
      if (s.mac) r.mac = s.mac;
      this.byId.set(r.id, r);
      if (s.mac) this.byMac.set(s.mac, r.id);
    } else if (s.mac && !r.mac) {
      // First MAC for a device known by IP: re-key it, so its id stays stable across address changes.
      this.byId.delete(r.id);
      this.gone.set(r.id, `mac:${s.mac}`);
      r.id = `mac:${s.mac}`;
      r.mac = s.mac;
      const other = this.byId.get(r.id);
      if (other) mergeInto(other, r);
      else this.byId.set(r.id, r);
      r = this.byId.get(r.id)!;
      this.byMac.set(s.mac, r.id);
      for (const ip of r.ips) this.byIp.set(ip, r.id);
    }
    if (s.ip) {
      const prev = this.byIp.get(s.ip);
      if (prev !== r.id) {
        const old = prev ? this.byId.get(prev) : undefined;
        if (old) {
          old.ips = old.ips.filter((x) => x !== s.ip);
          this.dirty.add(old.id);
        }
        this.byIp.set(s.ip, r.id);
      }
      if (!r.ips.includes(s.ip)) {
        // Keep the newest addresses: a DHCP client moves; the oldest lease is the least useful.
        if (r.ips.length >= LIMITS.ips) {
          const dropped = r.ips.shift()!;
          if (this.byIp.get(dropped) === r.id) this.byIp.delete(dropped);
        }
        r.ips.push(s.ip);
      }
    }
    fold(r, s);
    this.dirty.add(r.id);
  }
}

/** Fold one sighting's facts into a record. */
function fold(r: DeviceRecord, s: Sighting): void {
  r.events++;
  if (s.time < r.firstSeen) r.firstSeen = s.time;
  if (s.time > r.lastSeen) r.lastSeen = s.time;
  add(r.hostnames, s.hostname, LIMITS.hostnames);
  add(r.protocols, s.protocol, LIMITS.protocols);
  add(r.servedPorts, s.servedPort, LIMITS.servedPorts);
  add(r.aeTitles, s.aeTitle, LIMITS.aeTitles);
  add(r.vendorClasses, s.vendorClass, LIMITS.strings);
  add(r.dicomRoles, s.dicomRole, LIMITS.strings);
  add(r.storeCallers, s.storeCaller, LIMITS.callers);
  add(r.hl7, s.hl7, LIMITS.strings);
  add(r.mqttTopics, s.mqttTopic, LIMITS.strings);
  add(r.tlsServerNames, s.sni, LIMITS.strings);
  add(r.userAgents, s.userAgent, LIMITS.strings);
  add(r.serverBanners, s.banner, LIMITS.strings);
  if (s.report) r.report = { ...r.report, ...s.report };
  const x = r.exposure;
  add(x.internetPeers, s.internetPeer, LIMITS.strings);
  add(x.cleartextPhi, s.cleartextPhi, LIMITS.strings);
  add(x.tlsPhi, s.tlsPhi, LIMITS.strings);
  add(x.defaultUsers, s.defaultUser, LIMITS.strings);
  if (s.smbv1) x.smbv1 = true;
  if (s.peer) {
    const p = s.peer;
    const hit = r.peers.find((q) => q.ip === p.ip && q.port === p.port && q.dir === p.dir);
    if (hit) {
      hit.count++;
      if (s.time > hit.last) hit.last = s.time;
    } else {
      if (r.peers.length >= LIMITS.peers) {
        // Drop the rarest peer: a scan's one-off targets go before the device's regular partners.
        let min = 0;
        for (let i = 1; i < r.peers.length; i++) if (r.peers[i]!.count < r.peers[min]!.count) min = i;
        r.peers.splice(min, 1);
      }
      r.peers.push({ ...p, count: 1, last: s.time });
    }
  }
}

/** Merge a re-keyed record into the record already holding its MAC. */
function mergeInto(into: DeviceRecord, from: DeviceRecord): void {
  for (const ip of from.ips) add(into.ips, ip, LIMITS.ips);
  into.events += from.events;
  if (from.firstSeen < into.firstSeen) into.firstSeen = from.firstSeen;
  if (from.lastSeen > into.lastSeen) into.lastSeen = from.lastSeen;
  for (const k of ['hostnames', 'protocols', 'aeTitles', 'vendorClasses', 'dicomRoles', 'storeCallers', 'hl7', 'mqttTopics', 'tlsServerNames', 'userAgents', 'serverBanners'] as const) {
    for (const v of from[k]) add(into[k] as string[], v, LIMITS.strings * 4);
  }
  for (const p of from.servedPorts) add(into.servedPorts, p, LIMITS.servedPorts);
  for (const p of from.peers) if (into.peers.length < LIMITS.peers) into.peers.push(p);
  into.report = { ...from.report, ...into.report };
}
