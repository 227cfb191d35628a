import type { Signal, SignalId } from './signals.js';
import type { MailView } from './view.js';

/**
 * Business-email-compromise and fraud cues in the words: bank-detail changes, gift cards,
 * urgency, secrecy, invoices, "new number" requests and credential requests. Each cue is a
 * few phrase patterns, compiled once; the value is 1 for one hit, more (up to 2) for several.
 */
const CUES: Array<[SignalId, RegExp]> = [
  ['fraud.payment_change', /\b(?:(?:new|updated?|change[ds]?|changing)\s+(?:our\s+|my\s+|the\s+)?(?:bank(?:ing)?|account|payment|remittance|wire|direct deposit|payroll)\s*(?:details|information|info|account|instructions)?|(?:bank|banking|account|payment)\s+(?:details|information)\s+(?:have|has)\s+changed|routing\s+(?:number|no)|sort\s+code|iban\b|swift\s+code|wire\s+transfer|direct\s+deposit)/gi],
  ['fraud.gift_card', /\b(?:gift\s*cards?|itunes\s+cards?|google\s+play\s+cards?|steam\s+cards?|amazon\s+cards?|scratch\s+(?:off|the)\s+(?:the\s+)?(?:back|code))/gi],
  ['fraud.urgency', /\b(?:urgent(?:ly)?|immediately|right away|asap|as soon as possible|within\s+(?:24|48|72|\d+)\s+hours|today|final\s+(?:notice|warning)|expires?\s+(?:today|soon)|account\s+(?:will\s+be\s+)?(?:suspended|closed|locked|terminated|deactivated))\b/gi],
  ['fraud.secrecy', /\b(?:confidential(?:ly)?|keep\s+(?:this|it)\s+(?:between\s+us|quiet|private|confidential)|do\s+not\s+(?:tell|share|discuss|mention)|don'?t\s+(?:tell|share|mention)|discreet(?:ly)?|between\s+(?:you\s+and\s+me|us))\b/gi],
  ['fraud.invoice', /\b(?:invoices?|overdue|past\s+due|payment\s+(?:due|request|reminder)|outstanding\s+(?:balance|payment)|remittance|purchase\s+order)\b/gi],
  ['fraud.new_number', /\b(?:(?:my|a)\s+new\s+(?:phone\s+|cell\s+|mobile\s+)?number|text\s+me|whats\s?app\s+me|reach\s+me\s+(?:on|at)\s+(?:my\s+)?(?:cell|mobile)|(?:are|r)\s+(?:you|u)\s+available\??|i\s+need\s+a\s+(?:quick\s+)?favou?r)\b/gi],
  ['fraud.credential_request', /\b(?:(?:verify|confirm|update|validate|re-?enter|restore)\s+(?:your\s+)?(?:account|password|identity|login|credentials|information|details|billing)|(?:login|log\s+in|sign\s+in)\s+(?:to|and)\s+(?:verify|confirm|restore|avoid))\b/gi],
];

/**
 * Fraud cues of a message's subject and text (HTML text when there is no text part).
 *
 * @example
 * fraudSignals({ subject: 'Urgent', text: 'Please buy 5 gift cards and keep this between us' } as MailView)
 * // gift_card, urgency, secrecy
 */
export function fraudSignals(v: Pick<MailView, 'subject' | 'text' | 'html'>, bodyText?: string): Signal[] {
  const text = `${v.subject}\n${(bodyText ?? v.text).slice(0, 20_000)}`;
  const out: Signal[] = [];
  for (const [id, re] of CUES) {
    const hits = text.match(re);
    if (!hits) continue;
    const uniq = [...new Set(hits.map((h) => h.toLowerCase().replace(/\s+/g, ' ')))];
    out.push({ id, value: Math.min(2, 1 + Math.log2(hits.length) / 3), observed: uniq.slice(0, 3).map((h) => `"${h}"`).join(', ') });
  }
  return out;
}
