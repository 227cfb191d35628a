import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { alertId } from '../alert-id.js';
import { common, duration, severity } from './config.js';
import { isAuthFailure } from './events.js';
import { EpisodeDetector, type EpisodeState } from './episode.js';

const config = z.strictObject({
  /** Distinct accounts failing from one source within `window` that raise an alert. */
  distinctUsers: z.number().int().min(2).default(10),
  window: duration('10m'),
  severity: severity.default('high'),
  ...common,
});
type Config = z.output<typeof config>;

/** One source failing against many accounts: password spraying (ATT&CK T1110.003). */
class Spray extends EpisodeDetector {
  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(cfg.window, cfg.distinctUsers * 50);
  }

  accepts(e: WardEvent): boolean {
    // Invalid-user lines count here: trying accounts that do not exist is part of a spray.
    return isAuthFailure(e) && !!e.user?.name && !!(e.source?.ip ?? e.source?.domain);
  }

  key(e: WardEvent): string | undefined {
    return e.source?.ip ?? e.source?.domain;
  }


  protected step(st: EpisodeState, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    this.advance(st, t);
    st.w.add({ t, id: e.event.id, n: 1, v: e.user!.name! });
    if (st.alerted) return;
    const users = new Set(st.w.hits.map((h) => h.v));
    if (users.size < this.cfg.distinctUsers) return;
    st.alerted = true;
    const hits = st.w.hits;
    const first = hits[0]!;
    const names = [...users].filter((u): u is string => !!u);
    emit({
      id: alertId(this.rule, key, first.id),
      time: e['@timestamp'],
      title: `Password spraying from ${key}`,
      severity: this.cfg.severity,
      entities: [{ type: 'ip', id: key }, ...names.slice(0, 20).map((u) => ({ type: 'user' as const, id: u }))],
      techniques: ['T1110.003'],
      firstSeen: new Date(first.t).toISOString(),
      lastSeen: e['@timestamp'],
      explanation: explain(
        `Source ${key} failed to log in to many different accounts (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}).`,
        [
          {
            feature: 'distinct_users', label: 'distinct accounts with failed logins', observed: users.size,
            threshold: this.cfg.distinctUsers, windowMs: this.cfg.window,
            baseline: { kind: 'threshold', value: this.cfg.distinctUsers, description: `alert at ${this.cfg.distinctUsers} or more` },
          },
          { feature: 'failed_attempts', label: 'failed attempts in total', observed: hits.length },
        ],
        hits.map((h) => h.id),
        hits.length,
        this.cfg.maxEvidence,
      ),
    });
  }

}

export const sprayDetector: DetectorDef<Config> = {
  type: 'auth.spray',
  description: 'One source failing against many accounts within a time window (password spraying).',
  config,
  build: (cfg, ctx) => new Spray(cfg, ctx.name),
};
