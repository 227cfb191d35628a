import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { KeyedDetector } from '../keyed-detector.js';
import { alertId } from '../alert-id.js';
import { common, duration, roster, severity } from './config.js';
import { eventTime } from '../../core/event.js';
import { userKey } from './events.js';
import { rosterFor, type Roster } from './roster.js';
import { riskFactor, severityFor } from './risk.js';

const DAY = 86_400_000;

const config = z.strictObject({
  /** Activity this soon after the termination instant is tolerated (a last shift ending, a clock skew). */
  grace: duration('0s'),
  /** Count failed attempts too (off by default: a disabled account *should* fail). */
  includeFailures: z.boolean().default(false),
  /** One alert per account per cooldown; later activity adds to the count only. */
  cooldown: duration('24h'),
  roster,
  severity: severity.default('critical'),
  ...common,
});
type Config = z.output<typeof config>;

interface State { alerted: number; n: number; last: number }

/** Any activity by an account after the person's employment ended (from the roster). */
class AfterTermination extends KeyedDetector<State> {
  constructor(private readonly cfg: Config, private readonly rule: string, private readonly roster: Roster) {
    super(Math.max(cfg.cooldown * 2, DAY));
  }

  accepts(e: WardEvent): boolean {
    const u = userKey(e);
    if (!u) return false;
    if (e.event.outcome === 'failure' && !this.cfg.includeFailures) return false;
    if (e.event.type?.includes('info')) return false;
    const end = this.roster.get(u)?.terminatedAt;
    return end !== undefined && eventTime(e) >= end + this.cfg.grace;
  }

  key(e: WardEvent): string | undefined {
    return userKey(e);
  }

  protected fresh(): State {
    return { alerted: 0, n: 0, last: 0 };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    st.n++;
    st.last = Math.max(st.last, t);
    if (st.alerted && t - st.alerted < this.cfg.cooldown) return;
    st.alerted = t;
    const end = this.roster.get(key)!.terminatedAt!;
    const days = Math.floor((t - end) / DAY);
    const what = [e.event.category?.join('/'), e.event.action].filter(Boolean).join(' ') || 'activity';
    const risk = 95;
    const ip = e.source?.ip;
    emit({
      id: alertId(this.rule, key, e.event.id),
      time: e['@timestamp'],
      title: `Activity by terminated account "${key}"`,
      severity: severityFor(risk, this.cfg.severity),
      entities: [{ type: 'user', id: key }, ...(ip ? [{ type: 'ip' as const, id: ip }] : []), ...(e.host?.name ? [{ type: 'host' as const, id: e.host.name }] : [])],
      techniques: ['T1078'],
      firstSeen: e['@timestamp'],
      lastSeen: e['@timestamp'],
      explanation: explain(
        `"${key}" was active (${what}, outcome ${e.event.outcome ?? 'unknown'}) ${days >= 1 ? `${days} day${days === 1 ? '' : 's'}` : 'less than a day'} after their employment ended on ${new Date(end).toISOString().slice(0, 10)}.`,
        [
          { feature: 'days_after_termination', label: 'days after termination', observed: days, baseline: { kind: 'threshold', value: 0, description: 'no activity expected after termination' } },
          { feature: 'events_after_termination', label: 'events since termination seen so far', observed: st.n },
          riskFactor(risk),
        ],
        [e.event.id], 1, this.cfg.maxEvidence,
      ),
    });
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    return { a: st.alerted, n: st.n, l: st.last };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as { a?: number; n?: number; l?: number };
    return { alerted: Number(r.a) || 0, n: Number(r.n) || 0, last: Number(r.l) || 0 };
  }
}

/** `identity.after_termination`: any activity by an account whose owner left (roster `terminatedAt`). */
export const afterTerminationDetector: DetectorDef<Config> = {
  type: 'identity.after_termination',
  description: 'Any activity by an account after its owner\'s employment ended, from the roster (config rows or a roster the runtime supplies).',
  config,
  build: (cfg, ctx) => new AfterTermination(cfg, ctx.name, rosterFor(cfg.roster, ctx)),
};
