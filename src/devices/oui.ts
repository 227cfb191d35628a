import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let table: Record<string, string> | undefined;

/** The IEEE registry (MA-L, MA-M, MA-S) from the `oui-data` package, loaded on first use (~5 MB). */
function registry(): Record<string, string> {
  if (!table) {
    const path = createRequire(import.meta.url).resolve('oui-data');
    table = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  }
  return table;
}

/**
 * The organisation the IEEE assigned a MAC address's prefix to (the longest of the 36-, 28- and
 * 24-bit assignments), or `undefined`: unknown prefix, or a locally administered (randomised) address.
 *
 * @example
 * vendorOfMac('00:0f:14:12:34:56') // 'Mindray Co., Ltd.'
 */
export function vendorOfMac(mac: string | undefined): string | undefined {
  if (!mac) return undefined;
  const hex = mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  if (hex.length !== 12) return undefined;
  // Locally administered addresses (phones' private MACs, VMs) carry no vendor.
  if ((parseInt(hex.slice(0, 2), 16) & 0x02) !== 0) return undefined;
  const t = registry();
  const hit = t[hex.slice(0, 9)] ?? t[hex.slice(0, 7)] ?? t[hex.slice(0, 6)];
  return hit?.split('\n')[0]?.trim() || undefined;
}
