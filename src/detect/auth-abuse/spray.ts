import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { KeyedDetector } from '../keyed-detector.js';
import { alertId } from './alert-id.js';
import { common, duration, severity } from './config.js';
import { isAuthFailure } from './events.js';
import { HitWindow, type Hit } from './window.js';

const config = z.strictObject({
  /** Distinct accounts failing from one source within `window` that raise an alert. */
  distinctUsers: z.number().int().min(2).default(10),
  window: duration('10m'),
  severity: severity.default('high'),
  ...common,
});
type Config = z.output<typeof config>;

interface State { w: HitWindow; alerted: boolean }

/** One source failing against many accounts: password spraying (ATT&CK T1110.003). */
class Spray extends KeyedDetector<State> {
  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(cfg.window * 2);
  }

  accepts(e: WardEvent): boolean {
    // Invalid-user lines count here: trying accounts that do not exist is part of a spray.
    return isAuthFailure(e) && !!e.user?.name && !!(e.source?.ip ?? e.source?.domain);
  }

  key(e: WardEvent): string | undefined {
    return e.source?.ip ?? e.source?.domain;
  }

  protected fresh(): State {
    return { w: new HitWindow(this.cfg.window, this.cfg.distinctUsers * 50), alerted: false };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    st.w.expire(t);
    if (st.w.hits.length === 0) st.alerted = false;
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

  protected lastSeen(st: State): number {
    return st.w.hits[st.w.hits.length - 1]?.t ?? 0;
  }

  protected encode(st: State): unknown {
    return { ...st.w.toJSON(), alerted: st.alerted };
  }

  protected decode(raw: unknown): State {
    const r = raw as { hits: Hit[]; total: number; alerted: boolean };
    return { w: HitWindow.from(this.cfg.window, this.cfg.distinctUsers * 50, r), alerted: r.alerted };
  }
}

export const sprayDetector: DetectorDef<Config> = {
  type: 'auth.spray',
  description: 'One source failing against many accounts within a time window (password spraying).',
  config,
  build: (cfg, ctx) => new Spray(cfg, ctx.name),
};
