import type { Signal } from './signals.js';

/**
 * What the organisation knows about one sender address: when it first wrote, how much and at
 * which hours (UTC), and what analysts and users said about its messages. Updated online with
 * every message and every verdict; persisted by the detector's snapshot.
 */
export interface SenderRep {
  first: number;
  last: number;
  n: number;
  /** Messages per UTC hour of day. */
  hours: number[];
  /** Messages reported or confirmed as phishing, and confirmed as legitimate. */
  phish: number;
  ham: number;
}

/** Messages before "usual hours" are judged (a sender needs some history first). */
export const MIN_HISTORY = 20;

/**
 * A sender never seen before.
 *
 * @example
 * const r = freshRep(Date.now());
 */
export function freshRep(t: number): SenderRep {
  return { first: t, last: t, n: 0, hours: new Array<number>(24).fill(0), phish: 0, ham: 0 };
}

/**
 * Reputation signals of a message from this sender, judged before the message is counted.
 *
 * @example
 * reputationSignals(rep, Date.parse('2026-01-05T03:00:00Z'), 'ceo@x.example')
 */
export function reputationSignals(rep: SenderRep, t: number, sender: string): Signal[] {
  const out: Signal[] = [];
  if (rep.n === 0) out.push({ id: 'sender.first_time', value: 1, observed: sender });
  else if (rep.n >= MIN_HISTORY) {
    const h = new Date(t).getUTCHours();
    // An hour (±1) this sender has used for under 1 % of its mail.
    const near = rep.hours[h]! + rep.hours[(h + 23) % 24]! + rep.hours[(h + 1) % 24]!;
    if (near / rep.n < 0.01) out.push({ id: 'sender.unusual_hour', value: 1, observed: `${String(h).padStart(2, '0')}:00 UTC; ${rep.n} earlier messages, none near that hour` });
  }
  if (rep.phish > rep.ham) out.push({ id: 'sender.reported', value: Math.min(2, rep.phish - rep.ham), observed: `${rep.phish} phishing report(s), ${rep.ham} legitimate verdict(s)` });
  return out;
}

/**
 * Count a message (and, when known, its verdict) into the sender's reputation.
 *
 * @example
 * observe(rep, Date.now(), 'phish')
 */
export function observe(rep: SenderRep, t: number, verdict?: 'phish' | 'ham'): void {
  rep.n++;
  rep.last = Math.max(rep.last, t);
  const h = new Date(t).getUTCHours();
  rep.hours[h] = rep.hours[h]! + 1;
  if (verdict === 'phish') rep.phish++;
  else if (verdict === 'ham') rep.ham++;
}

/**
 * Count a verdict given later (an analyst's triage) without counting a message.
 *
 * @example
 * judge(rep, 'ham')
 */
export function judge(rep: SenderRep, verdict: 'phish' | 'ham'): void {
  if (verdict === 'phish') rep.phish++;
  else rep.ham++;
}
