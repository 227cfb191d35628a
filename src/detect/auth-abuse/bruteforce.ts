import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { alertId } from '../alert-id.js';
import { common, duration, severity } from './config.js';
import { attemptCount, attemptFingerprint, isAuthAttemptFailure } from './events.js';
import { EpisodeDetector, type EpisodeState } from './episode.js';
import type { Hit } from './window.js';

const config = z.strictObject({
  /** Failed attempts on one account within `window` that raise an alert. */
  threshold: z.number().int().min(2).default(10),
  window: duration('5m'),
  severity: severity.default('high'),
  ...common,
});
type Config = z.output<typeof config>;

/** Many failed logins against one account: password guessing (ATT&CK T1110.001). */
class BruteForce extends EpisodeDetector {
  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(cfg.window, cfg.threshold * 20);
  }

  accepts(e: WardEvent): boolean {
    return isAuthAttemptFailure(e) && !!e.user?.name;
  }

  key(e: WardEvent): string | undefined {
    return e.user?.name;
  }


  protected step(st: EpisodeState, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    this.advance(st, t);
    const hit: Hit = { t, id: e.event.id, n: attemptCount(e) };
    if (e.source?.ip) hit.v = e.source.ip;
    const f = attemptFingerprint(e);
    if (f !== undefined) hit.f = f;
    st.w.add(hit, this.cfg.dedupe);
    if (st.alerted || st.w.total < this.cfg.threshold) return;
    st.alerted = true;
    const hits = st.w.hits;
    const sources = [...new Set(hits.map((h) => h.v).filter((v): v is string => !!v))];
    const first = hits[0]!;
    emit({
      id: alertId(this.rule, key, first.id),
      time: e['@timestamp'],
      title: `Brute force against account "${key}"`,
      severity: this.cfg.severity,
      entities: [{ type: 'user', id: key }, ...sources.slice(0, 20).map((ip) => ({ type: 'ip' as const, id: ip }))],
      techniques: ['T1110.001'],
      firstSeen: new Date(first.t).toISOString(),
      lastSeen: e['@timestamp'],
      explanation: explain(
        `Possible password guessing against account "${key}"${sources.length ? ` from ${sources.length === 1 ? sources[0] : `${sources.length} source addresses`}` : ''}.`,
        [{
          feature: 'failed_logins', label: `failed logins for account "${key}"`, observed: st.w.total,
          threshold: this.cfg.threshold, windowMs: this.cfg.window,
          baseline: { kind: 'threshold', value: this.cfg.threshold, description: `alert at ${this.cfg.threshold} or more` },
        }],
        hits.map((h) => h.id),
        hits.length,
        this.cfg.maxEvidence,
      ),
    });
  }

}

export const bruteForceDetector: DetectorDef<Config> = {
  type: 'auth.bruteforce',
  description: 'Many failed logins against one account within a time window (password guessing).',
  config,
  build: (cfg, ctx) => new BruteForce(cfg, ctx.name),
};
