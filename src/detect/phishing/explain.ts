import type { ExplanationFactor } from '../../core/alert.js';
import type { Contribution, Verdict } from './fusion.js';
import { SIGNALS } from './signals.js';

/** A word or phrase of the message and how much it pushed the content model. */
export interface WordWeight {
  word: string;
  weight: number;
}

/** Words too common to explain anything to a reader (they still count in the model). */
const STOP = new Set('a an and are as at be by for from has have i if in is it its of on or our so that the their this to us was we will with you your'.split(' '));

/**
 * The words worth showing: positive weight, and not made only of common function words.
 *
 * @example
 * telling([{ word: 'b:your', weight: 0.3 }, { word: 'b:verify your', weight: 0.2 }]) // [{ word: 'b:verify your', … }]
 */
export function telling(words: WordWeight[], max = 5): WordWeight[] {
  return words.filter((w) => w.weight > 0 && !w.word.slice(2).split(' ').every((t) => STOP.has(t))).slice(0, max);
}

/**
 * Readable name of a content-model feature: `s:verify your` → `"verify your" (subject)`.
 *
 * @example
 * featureWords('b:__url__') // 'a link (body)'
 */
export function featureWords(feature: string): string {
  const where = feature.startsWith('s:') ? 'subject' : 'body';
  const words = feature.slice(2).replace(/__url__/g, 'a link').replace(/__email__/g, 'an e-mail address').replace(/__money__/g, 'a money amount').replace(/__num__/g, 'a number');
  return `"${words}" (${where})`;
}

/**
 * Reasons in plain language, strongest first: each signal that pushed the score towards
 * phishing, with what was observed, and the words that weighed most.
 *
 * @example
 * reasons(contributions, words) // ['link text "www.paypal.com" goes to 140.130.108.11 (+2.0)', …]
 */
export function reasons(contributions: Contribution[], words: WordWeight[], max = 6): string[] {
  const out = contributions
    .filter((c) => c.contribution > 0.05)
    .slice(0, max)
    .map((c) => `${SIGNALS[c.signal.id].label}: ${c.signal.observed} (+${c.contribution.toFixed(1)})`);
  const strong = telling(words);
  if (strong.length) out.push(`words that read like phishing: ${strong.map((w) => featureWords(w.word)).join(', ')}`);
  return out;
}

/**
 * Explanation factors for an alert: the fused score against its threshold, then each
 * contributing signal with the observed value and its weight as the baseline.
 *
 * @example
 * factors(0.97, 'phishing', 0.9, contributions, words)
 */
export function factors(score: number, verdict: Verdict, threshold: number, contributions: Contribution[], words: WordWeight[], max = 8): ExplanationFactor[] {
  const out: ExplanationFactor[] = [{
    feature: 'phishing_score',
    label: `— verdict ${verdict}`,
    observed: `score ${score.toFixed(4)}`,
    baseline: { kind: 'threshold', value: Number(threshold.toFixed(4)), description: `${verdict === 'suspicious' ? 'suspicious' : 'phishing'} threshold ${threshold.toFixed(3)}` },
  }];
  for (const c of contributions.filter((x) => x.contribution > 0.05).slice(0, max)) {
    out.push({
      feature: c.signal.id,
      label: `— ${SIGNALS[c.signal.id].label}`,
      observed: c.signal.observed,
      baseline: { kind: 'threshold', value: Number(c.contribution.toFixed(2)), description: `adds ${c.contribution.toFixed(1)} to the log-odds` },
    });
  }
  const strong = telling(words);
  if (strong.length) out.push({ feature: 'content.words', label: '— words that weighed most', observed: strong.map((w) => featureWords(w.word)).join(', ') });
  return out;
}
