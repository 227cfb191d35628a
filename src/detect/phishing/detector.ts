import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AlertDraft, EntityRef, Severity } from '../../core/alert.js';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { ContextLookup } from '../../core/context.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { sealerFor } from '../../enrich/pseudonymise/index.js';
import { alertId } from '../alert-id.js';
import { KeyedDetector } from '../keyed-detector.js';
import { factors } from './explain.js';
import { loadPhishingModels } from './models.js';
import { PhishingScorer, type PhishingResult } from './score.js';
import { FEEDBACK_ACTION } from './feedback.js';
import { freshRep, judge, observe, reputationSignals, type SenderRep } from './sender-reputation.js';
import { SIGNALS } from './signals.js';
import { domainOf, mailView } from './view.js';

const config = z.strictObject({
  /** The organisation's own mail domains (look-alikes, impersonation of staff on outside addresses). */
  orgDomains: z.array(z.string().min(1)).default([]),
  /** Names of executives (display-name impersonation even without a roster). */
  executives: z.array(z.string().min(1)).default([]),
  /** Roster roles that count as executives (regular expression, case-insensitive). */
  executiveRoles: z.string().default('\\b(ceo|cfo|coo|cmo|cno|cio|ciso|chief|president|executive|director|chair)\\b'),
  /**
   * Lowest verdict that raises an alert (`fraud` and `phishing` always do). `suspicious` is the
   * ≤ 1 % false-positive operating point: useful in a pilot, too noisy for most inboxes.
   */
  alertFrom: z.enum(['suspicious', 'phishing']).default('phishing'),
  /** Files of known-bad hosts, one per line (`#` comments), matched against link hosts. */
  intelLists: z.array(z.string()).default([]),
  /** Learn each sender's history (first-time sender, usual hours, past reports). */
  reputation: z.boolean().default(true),
  /** Where the trained models are (default: the shipped `models/`). */
  modelsDir: z.string().optional(),
  /** Forget a sender's history after this long without mail. */
  forgetAfterDays: z.number().int().positive().default(400),
  maxEvidence: z.number().int().positive().max(1000).default(50),
});
type Config = z.output<typeof config>;

const aid = (rule: string, id: string) => alertId(rule, 'phish', id);
const TITLE: Record<PhishingResult['verdict'], string> = { phishing: 'Phishing e-mail', fraud: 'Fraud e-mail (business e-mail compromise)', suspicious: 'Suspicious e-mail', clean: 'E-mail' };

function loadIntel(files: string[]): Set<string> | undefined {
  if (files.length === 0) return undefined;
  const hosts = new Set<string>();
  for (const f of files) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      const t = line.replace(/#.*/, '').trim().toLowerCase();
      if (!t) continue;
      const host = /^[a-z]+:\/\//.test(t) ? t.replace(/^[a-z]+:\/\//, '').split(/[/:?#]/)[0]! : t;
      if (host) hosts.add(host);
    }
  }
  return hosts;
}

/**
 * Phishing and fraud e-mail: scores every `email.*` event with the fused model over sender,
 * authentication, link, attachment, fraud-cue and content signals (plus the sender's own
 * history, kept per sender address), and raises an alert explained by its strongest signals
 * and words. Messages users reported (`email.reported`) always raise an alert and count
 * against the sender's reputation.
 */
class PhishingDetector extends KeyedDetector<SenderRep> {
  private scorer?: PhishingScorer;
  /** Stored mail carries subject, bodies and URLs sealed; opened here, in process, never stored opened. */
  private readonly open = (sealed: string) => sealerFor(this.dataDir).open(sealed);

  constructor(private readonly cfg: Config, private readonly rule: string, private readonly dataDir: string, private readonly context?: () => ContextLookup) {
    super(cfg.forgetAfterDays * 86_400_000);
  }

  private get s(): PhishingScorer {
    // Built on first use: the router thread only calls accepts/key and never needs the models.
    this.scorer ??= new PhishingScorer(loadPhishingModels({ dataDir: this.dataDir, ...(this.cfg.modelsDir ? { modelsDir: this.cfg.modelsDir } : {}) }), {
      orgDomains: this.cfg.orgDomains,
      executives: this.cfg.executives,
      executiveRoles: this.cfg.executiveRoles,
      context: this.context?.(),
      intelHosts: loadIntel(this.cfg.intelLists),
      open: this.open,
    });
    return this.scorer;
  }

  accepts(e: WardEvent): boolean {
    return e.email !== undefined && (e.event.category?.includes('email') ?? false);
  }

  key(e: WardEvent): string | undefined {
    return mailView(e).from ?? '(no sender)';
  }

  protected fresh(): SenderRep {
    return freshRep(0);
  }

  protected step(rep: SenderRep, e: WardEvent, t: number, sender: string, emit: EmitAlert): void {
    if (e.event.action === FEEDBACK_ACTION) {
      // An analyst's verdict on an earlier alert about this sender: reputation only, no message.
      const verdict = (e.email as { feedback?: { verdict?: unknown } } | undefined)?.feedback?.verdict;
      if (verdict === 'phish' || verdict === 'ham') judge(rep, verdict);
      rep.last = Math.max(rep.last, t);
      return;
    }
    if (rep.n === 0) rep.first = t;
    const v = mailView(e, this.open);
    // Reputation is about outside senders: a colleague's first message is not a warning sign.
    const from = domainOf(v.from);
    const internal = from !== undefined && this.cfg.orgDomains.some((d) => from === d || from.endsWith(`.${d}`));
    const extra = this.cfg.reputation && sender !== '(no sender)' && !internal ? reputationSignals(rep, t, sender) : [];
    let r = this.s.scoreView(v, { extra });
    const alerting = v.reported || r.verdict === 'phishing' || r.verdict === 'fraud' || (r.verdict === 'suspicious' && this.cfg.alertFrom === 'suspicious');
    observe(rep, t, v.reported ? 'phish' : undefined);
    if (!alerting) return;
    r = this.s.scoreView(v, { extra, explain: true });
    emit(this.alert(e, sender, v.to, r, v.reported));
  }

  private alert(e: WardEvent, sender: string, to: string[], r: PhishingResult, reported: boolean): AlertDraft {
    const groups = new Set(r.contributions.filter((c) => c.contribution > 0.2).map((c) => SIGNALS[c.signal.id].group));
    const payload = groups.has('attachment');
    const severity: Severity = r.verdict === 'clean' ? 'low' : r.verdict === 'suspicious' ? 'medium' : payload && r.score >= 0.99 ? 'critical' : 'high';
    const entities: EntityRef[] = [{ type: 'email', id: sender }, ...to.slice(0, 10).map((id): EntityRef => ({ type: 'user', id }))];
    const techniques = ['T1566'];
    if (payload) techniques.push('T1566.001');
    if (groups.has('url')) techniques.push('T1566.002');
    if (r.verdict === 'fraud') techniques.push('T1656');
    const domain = domainOf(sender) ?? sender;
    const threshold = r.verdict === 'suspicious' || r.verdict === 'clean' ? this.s.models.fusion.thresholds.suspicious : this.s.models.fusion.thresholds.phishing;
    const head = reported ? `Reported by a user as phishing (scored ${r.verdict}, ${Math.round(r.score * 100)} %)` : `${TITLE[r.verdict]} from ${domain} (score ${Math.round(r.score * 100)} %)`;
    return {
      id: aid(this.rule, e.event.id),
      time: e['@timestamp'],
      title: `${reported ? 'Reported phishing' : TITLE[r.verdict]} from ${sender}${to.length ? ` to ${to.length === 1 ? to[0] : `${to.length} recipients`}` : ''}`,
      severity,
      entities,
      techniques,
      firstSeen: e['@timestamp'],
      lastSeen: e['@timestamp'],
      explanation: explain(head, factors(r.score, r.verdict, threshold, r.contributions, r.words), [e.event.id], 1, this.cfg.maxEvidence),
    };
  }

  protected lastSeen(rep: SenderRep): number {
    return rep.last;
  }

  protected encode(rep: SenderRep): unknown {
    return rep;
  }

  protected decode(raw: unknown): SenderRep {
    return raw as SenderRep;
  }
}

/**
 * Registration of the `phishing` detector.
 *
 * @example
 * const det = phishingDetector.build(phishingDetector.config.parse({ orgDomains: ['stmarys.example'] }), { dataDir, name: 'phishing' });
 */
export const phishingDetector: DetectorDef<Config> = {
  type: 'phishing',
  description: 'Phishing and fraud e-mail: sender, authentication, links, attachments, fraud cues and content, fused and explained.',
  config,
  build: (cfg, ctx) => new PhishingDetector(cfg, ctx.name, ctx.dataDir, ctx.clinicalContext),
};
