import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { KeyedDetector } from '../keyed-detector.js';
import { alertId } from '../alert-id.js';
import { common, duration, severity } from './config.js';
import { attemptHit, episodeContext } from './context.js';
import { isAuthAttemptFailure, isAuthSuccess, userKey } from './events.js';
import { HitWindow, type Hit } from './window.js';

const config = z.strictObject({
  /** Failed attempts that must precede the success within `window`. */
  failures: z.number().int().min(1).default(5),
  window: duration('15m'),
  severity: severity.default('critical'),
  ...common,
});
type Config = z.output<typeof config>;

/** A successful login that follows a run of failures: a guessed password (T1110, T1078). */
class SuccessAfterFailures extends KeyedDetector<HitWindow> {
  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(cfg.window * 2);
  }

  accepts(e: WardEvent): boolean {
    return !!e.user?.name && (isAuthAttemptFailure(e) || isAuthSuccess(e));
  }

  key(e: WardEvent): string | undefined {
    return userKey(e);
  }

  protected fresh(): HitWindow {
    return new HitWindow(this.cfg.window, this.cfg.failures * 20);
  }

  protected step(w: HitWindow, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    w.expire(t);
    if (isAuthAttemptFailure(e)) {
      w.add(attemptHit(e, t, e.source?.ip), this.cfg.dedupe);
      return;
    }
    if (w.total < this.cfg.failures) {
      w.hits = [];
      w.total = 0;
      return;
    }
    const hits = w.hits;
    const first = hits[0]!;
    const src = e.source?.ip;
    const sameSource = src !== undefined && hits.some((h) => h.v === src);
    const failures = w.total;
    const ctx = episodeContext(hits, !src);
    const name = e.user?.name ?? key;
    emit({
      id: alertId(this.rule, key, first.id),
      time: e['@timestamp'],
      title: `Successful login to "${name}" after ${failures} failures`,
      severity: this.cfg.severity,
      entities: [{ type: 'user', id: key }, ...(src ? [{ type: 'ip' as const, id: src }] : [])],
      techniques: ['T1110', 'T1078'],
      firstSeen: new Date(first.t).toISOString(),
      lastSeen: e['@timestamp'],
      explanation: explain(
        `Account "${name}" logged in successfully${src ? ` from ${src}` : ''} right after a run of failed logins${sameSource ? ' from the same address' : ''}${ctx.clause}; the password may have been guessed.`,
        [{
          feature: 'failures_before_success', label: 'failed logins before the success', observed: failures,
          threshold: this.cfg.failures, windowMs: this.cfg.window,
          baseline: { kind: 'threshold', value: this.cfg.failures, description: `alert at ${this.cfg.failures} or more` },
        }, ...ctx.factors],
        [...hits.map((h) => h.id), e.event.id],
        hits.length + 1,
        this.cfg.maxEvidence,
      ),
    });
    // The success closes the run: later failures start a new one.
    w.hits = [];
    w.total = 0;
  }

  protected lastSeen(w: HitWindow): number {
    return w.hits[w.hits.length - 1]?.t ?? 0;
  }

  protected encode(w: HitWindow): unknown {
    return w.toJSON();
  }

  protected decode(raw: unknown): HitWindow {
    return HitWindow.from(this.cfg.window, this.cfg.failures * 20, raw as { hits: Hit[]; total: number });
  }
}

export const successAfterFailuresDetector: DetectorDef<Config> = {
  type: 'auth.success_after_failures',
  description: 'A successful login that follows a run of failed logins for the same account.',
  config,
  build: (cfg, ctx) => new SuccessAfterFailures(cfg, ctx.name),
};
