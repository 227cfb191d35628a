import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { humanDuration } from '../../core/duration.js';
import { alertId } from '../alert-id.js';
import { common, duration, severity } from './config.js';
import { attemptHit, episodeContext } from './context.js';
import { isAuthAttemptFailure, userKey } from './events.js';
import { EpisodeDetector, type EpisodeState } from './episode.js';

const config = z.strictObject({
  /** Failed attempts on one account within `window` that raise an alert. */
  threshold: z.number().int().min(2).default(10),
  window: duration('5m'),
  /**
   * Machine-speed guessing: this many failures on one account within `burstWindow` also raise
   * an alert (a person mistyping does not fail 5 times in a minute; tools do, and an account
   * lockout policy of 5 stops them before they reach `threshold`).
   */
  burstThreshold: z.number().int().min(2).default(5),
  burstWindow: duration('1m'),
  severity: severity.default('high'),
  ...common,
});
type Config = z.output<typeof config>;

/** Many failed logins against one account: password guessing (ATT&CK T1110.001). */
class BruteForce extends EpisodeDetector {
  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(Math.max(cfg.window, cfg.burstWindow), cfg.threshold * 20);
  }

  accepts(e: WardEvent): boolean {
    return isAuthAttemptFailure(e) && !!e.user?.name;
  }

  key(e: WardEvent): string | undefined {
    return userKey(e);
  }

  /** Attempts within the last `ms` before `t` (the window holds at least that long). */
  private countSince(st: EpisodeState, t: number, ms: number): number {
    let n = 0;
    for (const h of st.w.hits) if (h.t >= t - ms) n += h.n;
    return n;
  }

  protected step(st: EpisodeState, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    this.advance(st, t);
    st.w.add(attemptHit(e, t, e.source?.ip), this.cfg.dedupe);
    if (st.alerted) return;
    const slow = this.countSince(st, t, this.cfg.window);
    const burst = this.countSince(st, t, this.cfg.burstWindow);
    const byBurst = slow < this.cfg.threshold && burst >= this.cfg.burstThreshold;
    if (slow < this.cfg.threshold && !byBurst) return;
    st.alerted = true;
    const windowMs = byBurst ? this.cfg.burstWindow : this.cfg.window;
    const hits = st.w.hits.filter((h) => h.t >= t - windowMs);
    const sources = [...new Set(hits.map((h) => h.v).filter((v): v is string => !!v))];
    const ctx = episodeContext(hits, sources.length === 0);
    const first = hits[0]!;
    const threshold = byBurst ? this.cfg.burstThreshold : this.cfg.threshold;
    const name = e.user?.name ?? key;
    emit({
      id: alertId(this.rule, key, first.id),
      time: e['@timestamp'],
      title: `Brute force against account "${name}"`,
      severity: this.cfg.severity,
      entities: [{ type: 'user', id: key }, ...sources.slice(0, 20).map((ip) => ({ type: 'ip' as const, id: ip }))],
      techniques: ['T1110.001'],
      firstSeen: new Date(first.t).toISOString(),
      lastSeen: e['@timestamp'],
      explanation: explain(
        `Possible password guessing against account "${name}"${sources.length ? ` from ${sources.length === 1 ? sources[0] : `${sources.length} source addresses`}` : ''}${ctx.clause}.`,
        [
          {
            feature: 'failed_logins', label: `failed logins for account "${name}"`, observed: byBurst ? burst : slow,
            threshold, windowMs,
            baseline: { kind: 'threshold', value: threshold, description: `alert at ${threshold} or more in ${humanDuration(windowMs)}` },
          },
          ...ctx.factors,
        ],
        hits.map((h) => h.id),
        hits.length,
        this.cfg.maxEvidence,
      ),
    });
  }
}

export const bruteForceDetector: DetectorDef<Config> = {
  type: 'auth.bruteforce',
  description: 'Many failed logins against one account within a time window, or a machine-speed burst (password guessing).',
  config,
  build: (cfg, ctx) => new BruteForce(cfg, ctx.name),
};
