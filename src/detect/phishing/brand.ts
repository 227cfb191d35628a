import { getDomain } from 'tldts';
import type { PhishingLists } from './lists.js';
import type { Signal } from './signals.js';
import { domainOf, type MailView } from './view.js';

/** How much of the body counts as "the opening" a lure puts its brand in. */
const OPENING = 400;

const ownedBy = (host: string | undefined, domains: string[]) => host !== undefined && domains.some((d) => host === d || host.endsWith(`.${d}`));

/**
 * Brand impersonation by content: the subject or the opening of the body names a brand (the
 * reference list of impersonated brands) while neither the sender's registrable domain
 * (`tldts`, and authenticated) belongs to that brand, and a link leads elsewhere (or, without
 * links, the sender is not the brand's). The wording ages; a brand named
 * by mail that does not come from it and does not lead to it does not.
 *
 * @example
 * brandSignals({ ...view, subject: 'Your PayPal account is limited', from: 'a@x.example' }, body, lists)
 * // [{ id: 'brand.unowned_mention', value: 1, observed: '"paypal" named; sender x.example, links …' }]
 */
export function brandSignals(v: MailView, body: string, lists: PhishingLists): Signal[] {
  const fromHost = domainOf(v.from);
  if (!fromHost) return [];
  const opening = `${v.subject}\n${body.slice(0, OPENING)}`;
  const hosts = v.urls.flatMap((u) => (u.domain ? [u.domain.toLowerCase()] : []));
  for (const { brand, re, domains } of lists.brandNames) {
    if (!re.test(opening)) continue;
    // A From in the brand's domain counts only when authenticated: the lures of every era spoof
    // it. Lures carry real links of the brand (logos, footers) beside theirs, so one link that
    // leaves the brand is enough; mail without links is judged by its sender alone.
    const sender = ownedBy(fromHost, domains);
    if (sender && (v.auth.dmarc === 'pass' || v.auth.dkim === 'pass')) return [];
    if (hosts.length > 0 ? hosts.every((h) => ownedBy(h, domains)) : sender) return [];
    const reg = getDomain(fromHost) ?? fromHost;
    return [{ id: 'brand.unowned_mention', value: 1, observed: `"${brand}" named; sender ${reg}${hosts.length ? `, links to ${[...new Set(hosts.map((h) => getDomain(h) ?? h))].slice(0, 3).join(', ')}` : ''}` }];
  }
  return [];
}
