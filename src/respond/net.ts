import { BlockList, isIP } from 'node:net';

/**
 * A set of addresses and CIDRs (IPv4 and IPv6) that answers "is this address in it?".
 *
 * @example
 * addressSet(['10.0.0.0/8']).has('10.1.2.3') // true
 */
export function addressSet(items: readonly string[]): { has(addr: string): boolean } {
  const list = new BlockList();
  for (const item of items) {
    const [addr, bits] = item.split('/');
    const family = isIP(addr ?? '');
    if (!family) throw new Error(`not an address or CIDR: "${item}"`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr!, type);
    else list.addSubnet(addr!, Number(bits), type);
  }
  return {
    has(a) {
      const f = isIP(a);
      return f !== 0 && list.check(a, f === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

/** An IPv4/IPv6 address or CIDR, as nftables and firewalls accept it. */
export function isAddressOrCidr(v: string): boolean {
  const [addr, bits, extra] = v.split('/');
  const f = isIP(addr ?? '');
  if (!f || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n >= 0 && n <= (f === 6 ? 128 : 32);
}
