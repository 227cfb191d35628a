import { isIPv6 } from 'node:net';

/**
 * Whether `s` is an IPv4 or IPv6 address (not a host name). IPv4 is checked by hand because
 * it is by far the common case in auth logs; IPv6 goes to `net.isIPv6`.
 *
 * @example
 * isIpAddress('173.234.31.186') // true
 * isIpAddress('ns.example.com') // false
 */
export function isIpAddress(s: string): boolean {
  if (s.indexOf(':') >= 0) return isIPv6(s);
  let parts = 0;
  let n = 0;
  let digits = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i === s.length ? 46 : s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || n > 255) return false;
      parts++;
      n = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      // A leading zero ("010") is ambiguous (octal in some tools): not a canonical address.
      if (digits === 1 && n === 0) return false;
      n = n * 10 + c - 48;
      if (++digits > 3) return false;
    } else {
      return false;
    }
  }
  return parts === 4;
}
