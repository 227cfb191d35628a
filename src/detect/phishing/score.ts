import type { ContextLookup } from '../../core/context.js';
import type { WardEvent } from '../../core/event.js';
import { createEmailParser, emailConfig } from '../../parsers/email/index.js';
import { attachmentSignals } from './attachments.js';
import { fraudSignals } from './bec.js';
import { brandSignals } from './brand.js';
import { reasons, type WordWeight } from './explain.js';
import { featurize, type Names } from './features.js';
import type { Contribution, Verdict } from './fusion.js';
import { authSignals, senderSignals, type SenderContext } from './headers.js';
import { brandDomains, phishingLists } from './lists.js';
import { LookalikeIndex } from './lookalike.js';
import type { PhishingModels } from './models.js';
import { SIGNALS, type Signal } from './signals.js';
import { readableBody } from './text.js';
import { MODEL_CLIP, urlSignals, type UrlContext } from './urls.js';
import { mailView, type MailView, type OpenSealed } from './view.js';

/** The organisation the scorer protects (all optional: without it, org-specific checks are off). */
export interface ScorerOptions {
  orgDomains?: string[];
  /** Executive names whose display name on an outside address is impersonation. */
  executives?: string[];
  /** Roster roles that count as executives. */
  executiveRoles?: string;
  context?: ContextLookup | undefined;
  intelHosts?: Set<string> | undefined;
  /** Opens the sealed subject/bodies/URLs of stored mail events (the data directory's sealer). */
  open?: OpenSealed | undefined;
}

/** A scored message. */
export interface PhishingResult {
  /** Probability of phishing or fraud, 0..1. */
  score: number;
  verdict: Verdict;
  /** Plain-language reasons, strongest first. */
  reasons: string[];
  /** Every signal seen with its weight and contribution (log-odds), strongest first. */
  signals: Array<{ id: string; label: string; observed: string; value: number; weight: number; contribution: number }>;
  /** Words of the message that weighed most in the content model (only when explained). */
  words: WordWeight[];
  contributions: Contribution[];
}

const clip = (z: number) => Math.max(-MODEL_CLIP, Math.min(MODEL_CLIP, z));

/**
 * Scores messages with every signal and the fused model, and explains the verdict.
 * Built once (lists, look-alike index and regexes compiled); `score` is synchronous.
 *
 * @example
 * const s = new PhishingScorer(loadPhishingModels(), { orgDomains: ['stmarys.example'] });
 * s.scoreRaw(rawEml) // { score: 0.98, verdict: 'phishing', reasons: [...] }
 */
export class PhishingScorer {
  private readonly sender: SenderContext;
  private readonly urls: UrlContext;
  private readonly parser = createEmailParser(emailConfig.parse({}));
  private readonly open: OpenSealed | undefined;

  constructor(readonly models: PhishingModels, opts: ScorerOptions = {}) {
    this.open = opts.open;
    const lists = phishingLists();
    const org = (opts.orgDomains ?? []).map((d) => d.toLowerCase());
    const lookalikes = new LookalikeIndex([...org, ...brandDomains(lists)]);
    this.sender = {
      lists,
      orgDomains: new Set(org),
      lookalikes,
      context: opts.context,
      executives: new Set((opts.executives ?? []).map((n) => n.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ').trim())),
      executiveRoles: new RegExp(opts.executiveRoles ?? '\\b(ceo|cfo|coo|cmo|cno|cio|ciso|chief|president|executive|director|chair)\\b', 'i'),
    };
    this.urls = { lists, lookalikes, model: models.url, intelHosts: opts.intelHosts };
  }

  /**
   * Every signal of a message except the content model's (which needs the text features).
   *
   * @example
   * scorer.headerAndLinkSignals(view).map((s) => s.id)
   */
  headerAndLinkSignals(v: MailView, body: string): Signal[] {
    return [...authSignals(v), ...senderSignals(v, this.sender), ...brandSignals(v, body, this.sender.lists), ...urlSignals(v, this.urls), ...attachmentSignals(v), ...fraudSignals(v, body)];
  }

  /**
   * Score a parsed message. `extra` adds signals the caller knows (sender reputation);
   * `explain` also finds the words that weighed most (costs a second feature pass).
   *
   * @example
   * scorer.scoreView(mailView(event), { explain: true })
   */
  scoreView(v: MailView, opts: { extra?: Signal[]; explain?: boolean } = {}): PhishingResult {
    const body = readableBody(v);
    const names: Names | undefined = opts.explain ? new Map() : undefined;
    const x = featurize({ subject: v.subject, body }, names);
    const z = clip(this.models.content.margin(x));
    const signals: Signal[] = [
      { id: 'content.model', value: z / MODEL_CLIP, observed: `content model ${(1 / (1 + Math.exp(-z))).toFixed(2)}` },
      ...this.headerAndLinkSignals(v, body),
      ...(opts.extra ?? []),
    ];
    const fused = this.models.fusion.score(signals);
    const verdict = this.models.fusion.verdict(fused.p, fused.contributions);
    const words: WordWeight[] = names ? this.models.content.contributions(x, names, 40).filter((c) => c.weight > 0).map((c) => ({ word: c.feature, weight: c.weight })) : [];
    return {
      score: fused.p,
      verdict,
      reasons: reasons(fused.contributions, words),
      signals: fused.contributions.map((c) => ({ id: c.signal.id, label: SIGNALS[c.signal.id].label, observed: c.signal.observed, value: c.signal.value, weight: c.weight, contribution: c.contribution })),
      words,
      contributions: fused.contributions,
    };
  }

  /**
   * Score an `email.*` event.
   *
   * @example
   * scorer.scoreEvent(event, { explain: true }).verdict
   */
  scoreEvent(e: Pick<WardEvent, '@timestamp' | 'email'>, opts: { extra?: Signal[]; explain?: boolean } = {}): PhishingResult {
    return this.scoreView(mailView(e, this.open), opts);
  }

  /**
   * Parse a raw RFC 5322 message with the email parser and score it (throws its ParseError).
   *
   * @example
   * scorer.scoreRaw(readFileSync('msg.eml', 'latin1'))
   */
  scoreRaw(raw: string, opts: { explain?: boolean } = {}): PhishingResult {
    const [event] = this.parser.parse({ data: raw, source: 'phishing-score', receivedAt: Date.now() });
    if (!event) throw new Error('the e-mail parser returned no event');
    return this.scoreEvent(event, opts);
  }

  /** Parse a raw message into its event (for callers that also keep the event). */
  parse(raw: string): WardEvent {
    const [event] = this.parser.parse({ data: raw, source: 'phishing-score', receivedAt: Date.now() });
    if (!event) throw new Error('the e-mail parser returned no event');
    return event as WardEvent;
  }
}
