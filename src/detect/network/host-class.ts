import type { WardEvent } from '../../core/event.js';

/**
 * Telemetry events that name a device's class and address (`device.type` + `host.ip`): the
 * network detectors accept them, under the device's address as key, to learn what kind of host
 * an address is (the same shard sees its connections).
 */
export function isDeviceIdentity(e: WardEvent): boolean {
  return typeof e.device?.type === 'string' && Array.isArray(e.host?.ip) && typeof e.host.ip[0] === 'string';
}

/** The address and class of a device-identity event. */
export function deviceIdentity(e: WardEvent): { ip: string; cls: string } | undefined {
  const ip = e.host?.ip?.[0];
  const cls = e.device?.type;
  return typeof ip === 'string' && typeof cls === 'string' ? { ip, cls: cls.toLowerCase() } : undefined;
}

/**
 * Class lookup: configured assets first, then what telemetry said; `host` when unknown.
 *
 * @example
 * new HostClasses([{ ip: '10.10.2.10', class: 'pacs' }]).of('10.10.2.10', undefined) // 'pacs'
 */
export class HostClasses {
  private readonly fixed = new Map<string, string>();

  constructor(assets: ReadonlyArray<{ ip: string; class: string }>, private readonly medical: readonly string[] = []) {
    for (const a of assets) this.fixed.set(a.ip, a.class.toLowerCase());
  }

  of(ip: string, learned: string | undefined): string {
    return this.fixed.get(ip) ?? learned ?? 'host';
  }

  isMedical(cls: string): boolean {
    return this.medical.includes(cls);
  }
}
