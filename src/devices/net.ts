import { isIP } from 'node:net';

/**
 * Whether an address belongs to the site (RFC 1918, CGNAT, link-local, loopback, IPv6 ULA and
 * link-local): such addresses become inventoried devices; any other is "the internet".
 *
 * @example
 * isInternal('10.30.0.2') // true
 * isInternal('8.8.8.8')   // false
 */
export function isInternal(ip: string): boolean {
  const v = isIP(ip);
  if (v === 4) {
    const [a, b] = ip.split('.').map(Number) as [number, number];
    return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)
      || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (v === 6) {
    const l = ip.toLowerCase();
    return l === '::1' || l.startsWith('fc') || l.startsWith('fd') || l.startsWith('fe80');
  }
  return false;
}

/** A routable unicast address outside the site (not multicast/broadcast/unspecified). */
export function isInternet(ip: string): boolean {
  const v = isIP(ip);
  if (v === 0 || isInternal(ip)) return false;
  if (v === 4) {
    const a = Number(ip.split('.')[0]);
    return a !== 0 && a < 224;
  }
  const l = ip.toLowerCase();
  return l !== '::' && !l.startsWith('ff');
}

/** Whether an address can be a device (internal, not multicast/broadcast). */
export function isDeviceAddress(ip: string): boolean {
  if (!isInternal(ip)) return false;
  return !ip.endsWith('.255') && ip !== '127.0.0.1' && ip !== '::1';
}

/**
 * A MAC address in canonical form (lower case, colon separated), or `undefined` for anything else
 * and for broadcast / all-zero addresses.
 *
 * @example
 * normaliseMac('00-0F-14-AB-CD-EF') // '00:0f:14:ab:cd:ef'
 */
export function normaliseMac(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const hex = raw.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  if (hex.length !== 12 || /^0+$/.test(hex) || /^f+$/.test(hex)) return undefined;
  if (raw.replace(/[\s:.-]/g, '').length !== 12) return undefined;
  return hex.match(/../g)!.join(':');
}
