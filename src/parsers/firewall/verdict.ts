import type { DraftEvent } from '../common/draft-event.js';

/**
 * What the firewall did with the packet.
 *
 * @example
 * const v: Verdict = 'denied';
 */
export type Verdict = 'allowed' | 'denied' | undefined;

const DENY_WORDS = ['DROP', 'REJECT', 'BLOCK', 'DENY', 'DENIED'];
const ALLOW_WORDS = ['ACCEPT', 'ALLOW', 'PASS', 'PERMIT'];

/**
 * The verdict a netfilter `--log-prefix` names (`[UFW BLOCK]`, `DROP-IN:`, `nft accept`), if any.
 *
 * @example
 * verdictOfPrefix('[UFW BLOCK]') // 'denied'
 */
export function verdictOfPrefix(prefix: string): Verdict {
  const p = prefix.toUpperCase();
  if (DENY_WORDS.some((w) => p.includes(w))) return 'denied';
  if (ALLOW_WORDS.some((w) => p.includes(w))) return 'allowed';
  return undefined;
}

/**
 * Set the shared firewall fields: category `network`, type `connection` + the verdict,
 * `event.action` (`accept`/`drop`/…), observer type `firewall`.
 *
 * @example
 * markFirewall(ev, 'denied', 'block');
 */
export function markFirewall(ev: DraftEvent, verdict: Verdict, action: string | undefined): void {
  const e = ev.event;
  e.category = ['network'];
  e.type = verdict === undefined ? ['connection'] : ['connection', verdict];
  if (action !== undefined) e.action = action;
}
