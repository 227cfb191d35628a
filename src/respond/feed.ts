import { isAddressOrCidr } from './net.js';
import type { ActionRecord } from './repo.js';

/**
 * What an action puts on the blocklist feed while it is `done`: a block's address or CIDR, or an
 * isolated host's address (found when it was isolated, kept as `params.undo.address`).
 *
 * @example
 * feedAddress({ action: 'isolate-host', target: 'ws-042', params: { undo: { address: '10.1.2.3' } }, … }) // '10.1.2.3'
 */
export function feedAddress(a: Pick<ActionRecord, 'action' | 'target' | 'params'>): string | undefined {
  if (a.action === 'block-ip') return a.target;
  if (a.action === 'isolate-host') {
    const addr = (a.params.undo as { address?: unknown } | undefined)?.address;
    return typeof addr === 'string' && isAddressOrCidr(addr) ? addr : undefined;
  }
  return undefined;
}
