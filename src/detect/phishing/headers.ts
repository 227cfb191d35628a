import { getDomain } from 'tldts';
import { normaliseName, type ContextLookup } from '../../core/context.js';
import type { PhishingLists } from './lists.js';
import type { LookalikeIndex } from './lookalike.js';
import type { Signal } from './signals.js';
import { domainOf, type MailView } from './view.js';

/** What the sender checks compare with: the organisation's own domains and people, and brands. */
export interface SenderContext {
  lists: PhishingLists;
  /** Registrable domains of the organisation (lower case). */
  orgDomains: Set<string>;
  /** Brands and the organisation's domains, for lookalike checks. */
  lookalikes: LookalikeIndex;
  /** Staff roster (display-name impersonation), when loaded. */
  context?: ContextLookup | undefined;
  /** Executives by normalised name (configured; roster roles matching `executiveRoles` count too). */
  executives: Set<string>;
  executiveRoles: RegExp;
}

const registrable = (d: string | undefined) => (d ? getDomain(d) ?? d : undefined);
const ORG_WORDS = /\b(bank|banking|hospital|clinic|health|medical|support|service|services|team|department|dept|security|billing|accounts?|payroll|hr|human resources|it|helpdesk|help desk|admin|administrator|administration|customer|verification|notification|inc|ltd|llc|corp|group)\b/i;

/**
 * Authentication outcomes as the receiving server recorded them (`Authentication-Results`, ARC).
 *
 * @example
 * authSignals({ auth: { dmarc: 'fail', spf: 'softfail' } } as MailView) // [dmarc_fail, spf_fail]
 */
export function authSignals(v: MailView): Signal[] {
  const out: Signal[] = [];
  const a = v.auth;
  if (a.dmarc === 'fail') out.push({ id: 'auth.dmarc_fail', value: 1, observed: `dmarc=${a.dmarc}` });
  if (a.spf === 'fail' || a.spf === 'softfail') out.push({ id: 'auth.spf_fail', value: a.spf === 'fail' ? 1 : 0.5, observed: `spf=${a.spf}` });
  if (a.dkim === 'fail') out.push({ id: 'auth.dkim_fail', value: 1, observed: 'dkim=fail' });
  if (a.arc === 'fail') out.push({ id: 'auth.arc_fail', value: 1, observed: 'arc=fail' });
  return out;
}

/**
 * Who really sent it: From vs Reply-To vs Return-Path, brand and organisation claims in the
 * display name, free-mail and disposable senders, look-alike sender domains, and display
 * names of staff and executives on outside addresses.
 *
 * @example
 * senderSignals(mailView(event), ctx).map((s) => s.id) // ['sender.reply_to_mismatch', 'sender.lookalike']
 */
export function senderSignals(v: MailView, ctx: SenderContext): Signal[] {
  const out: Signal[] = [];
  const fromDomain = domainOf(v.from);
  const fromReg = registrable(fromDomain);
  const internal = fromReg !== undefined && ctx.orgDomains.has(fromReg);
  // A mailing list sets Reply-To to the list and Return-Path to its bounce handler by design.
  const rt = v.listId ? undefined : registrable(domainOf(v.replyTo));
  if (fromReg && rt && rt !== fromReg) out.push({ id: 'sender.reply_to_mismatch', value: 1, observed: `From ${fromReg}, Reply-To ${rt}` });
  const rp = v.listId ? undefined : registrable(domainOf(v.returnPath));
  if (fromReg && rp && rp !== fromReg) out.push({ id: 'sender.return_path_mismatch', value: 1, observed: `From ${fromReg}, Return-Path ${rp}` });
  if (!fromDomain) return out;

  const name = (v.fromName ?? '').toLowerCase();
  if (name) {
    for (const { re, domains } of ctx.lists.brandNames) {
      if (!re.test(name)) continue;
      if (!domains.some((d) => fromDomain === d || fromDomain.endsWith(`.${d}`))) {
        out.push({ id: 'sender.display_brand', value: 1, observed: `"${v.fromName}" <…@${fromDomain}>` });
        break;
      }
    }
  }
  const free = fromReg !== undefined && ctx.lists.freemail.has(fromReg);
  if (free && name && (ORG_WORDS.test(name) || out.some((s) => s.id === 'sender.display_brand'))) {
    out.push({ id: 'sender.freemail_claims_org', value: 1, observed: `"${v.fromName}" on ${fromReg}` });
  }
  if (fromReg && (ctx.lists.disposable.has(fromReg) || ctx.lists.disposable.has(fromDomain))) out.push({ id: 'sender.disposable', value: 1, observed: fromDomain });
  const look = ctx.lookalikes.match(fromDomain);
  if (look) out.push({ id: 'sender.lookalike', value: 1, observed: `${fromDomain} imitates ${look.target} (${look.how.replace('_', ' ')})` });

  // Display-name impersonation: a colleague's or an executive's name on an outside address.
  if (!internal && v.fromName && ctx.orgDomains.size > 0) {
    const n = normaliseName(v.fromName);
    const staff = ctx.context?.staffByName?.(v.fromName) ?? [];
    const exec = ctx.executives.has(n) || staff.some((s) => s.role !== undefined && ctx.executiveRoles.test(s.role));
    if (exec) out.push({ id: 'sender.impersonates_executive', value: 1, observed: `"${v.fromName}" from ${fromDomain}` });
    else if (staff.length > 0) out.push({ id: 'sender.impersonates_staff', value: 1, observed: `"${v.fromName}" from ${fromDomain}` });
  }
  return out;
}
