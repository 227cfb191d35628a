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

/** An analyst's verdict on an alert, as the triage store names it. */
export type AnalystVerdict = 'true_positive' | 'false_positive' | 'benign_expected';

/**
 * The event that carries an analyst's verdict on a `phishing` alert back to the detector: it is
 * stored like any event (an audit trail) and routed to the shard that owns the sender, which
 * counts it into the sender's reputation. `undefined` for alerts of other detectors or without
 * a sender.
 *
 * @example
 * feedbackEvent({ id: 'al_1', detector: 'phishing', entities: [{ type: 'email', id: 'x@y.example' }] }, 'true_positive', 'user:ann', new Date())
 */
export function feedbackEvent(
  alert: { id: string; detector: string; entities: Array<{ type: string; id: string }> },
  verdict: AnalystVerdict,
  actor: string,
  now: Date,
): Record<string, unknown> | undefined {
  if (alert.detector !== 'phishing') return undefined;
  const sender = alert.entities.find((e) => e.type === 'email')?.id;
  if (!sender || sender === '(no sender)') return undefined;
  return {
    '@timestamp': now.toISOString(),
    event: { kind: 'event', category: ['email'], type: ['info'], action: FEEDBACK_ACTION, module: 'wardwatch', dataset: 'phishing.feedback' },
    email: { from: { address: [sender] }, feedback: { verdict: verdict === 'true_positive' ? 'phish' : 'ham', alert: alert.id, by: actor } },
    message: `analyst verdict ${verdict} on phishing alert ${alert.id}`,
  };
}

/** `event.action` of analyst-verdict events. */
export const FEEDBACK_ACTION = 'phishing_feedback';
