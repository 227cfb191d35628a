import { featurize } from './features.js';
import type { LogisticModel } from './logistic.js';

/** A message with a verdict from the front line: an analyst's triage or a user's report. */
export interface FeedbackExample {
  subject: string;
  body: string;
  /** 1 = phishing/fraud (true positive, user report), 0 = legitimate (false positive, benign). */
  y: 0 | 1;
  /** Where the verdict came from (for the summary). */
  source: 'analyst' | 'user_report';
}

/**
 * Online update of the content model with verdicts: a few SGD steps per example, stopping
 * once the model agrees with the verdict by a margin, so a single verdict corrects the
 * model on that message and its near-duplicates without swamping what the corpora taught.
 * Returns how many examples the model got wrong before the update.
 *
 * @example
 * applyFeedback(model, [{ subject: 'Payroll', body: 'confirm your direct deposit', y: 1, source: 'user_report' }])
 */
export function applyFeedback(model: LogisticModel, examples: FeedbackExample[], opts: { lr?: number; maxSteps?: number; margin?: number } = {}): { wrongBefore: number; wrongAfter: number } {
  const lr = opts.lr ?? 0.3;
  const maxSteps = opts.maxSteps ?? 10;
  const margin = opts.margin ?? 1;
  const xs = examples.map((e) => featurize({ subject: e.subject, body: e.body }));
  const wrong = () => xs.filter((x, i) => (model.predict(x) >= 0.5 ? 1 : 0) !== examples[i]!.y).length;
  const wrongBefore = wrong();
  xs.forEach((x, i) => {
    const y = examples[i]!.y;
    for (let s = 0; s < maxSteps; s++) {
      const z = model.margin(x);
      if ((y === 1 && z >= margin) || (y === 0 && z <= -margin)) break;
      model.update(x, y, lr);
    }
  });
  return { wrongBefore, wrongAfter: wrong() };
}
