import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { humanDuration } from '../../core/duration.js';
import { KeyedDetector } from '../keyed-detector.js';
import { alertId } from '../alert-id.js';
import { common, duration, severity } from './config.js';
import { isLoginSuccess, userKey } from './events.js';
import { clampRisk, riskFactor, severityFor } from './risk.js';

const DAY = 86_400_000;

const config = z.strictObject({
  /** An account idle at least this long that logs in again is "dormant reuse". */
  dormantAfter: duration('30d'),
  /** Accounts idle longer than this are forgotten (must exceed `dormantAfter`). */
  forgetAfter: duration('400d'),
  severity: severity.default('medium'),
  ...common,
}).refine((c) => c.forgetAfter > c.dormantAfter, { message: 'must be longer than dormantAfter', path: ['forgetAfter'] });
type Config = z.output<typeof config>;

interface State { last: number; lastId: string; n: number }

/** A successful login to an account with no logins for a long time (stale accounts are taken over). */
class DormantAccount extends KeyedDetector<State> {
  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(cfg.forgetAfter);
  }

  accepts(e: WardEvent): boolean {
    return isLoginSuccess(e) && !!userKey(e);
  }

  key(e: WardEvent): string | undefined {
    return userKey(e);
  }

  protected fresh(): State {
    return { last: 0, lastId: '', n: 0 };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    const prev = st.last, prevId = st.lastId;
    if (t >= st.last) { st.last = t; st.lastId = e.event.id; }
    st.n++;
    if (prev === 0 || t - prev < this.cfg.dormantAfter) return;
    const idle = t - prev;
    const risk = clampRisk(45 + 15 * Math.log2(idle / this.cfg.dormantAfter));
    const ip = e.source?.ip;
    emit({
      id: alertId(this.rule, key, e.event.id),
      time: e['@timestamp'],
      title: `Dormant account "${key}" used after ${Math.floor(idle / DAY)} days`,
      severity: severityFor(risk, this.cfg.severity),
      entities: [{ type: 'user', id: key }, ...(ip ? [{ type: 'ip' as const, id: ip }] : []), ...(e.host?.name ? [{ type: 'host' as const, id: e.host.name }] : [])],
      techniques: ['T1078'],
      firstSeen: new Date(prev).toISOString(),
      lastSeen: e['@timestamp'],
      explanation: explain(
        `Account "${key}" logged in${ip ? ` from ${ip}` : ''} after ${Math.floor(idle / DAY)} days without a successful login (last on ${new Date(prev).toISOString().slice(0, 10)}).`,
        [{ feature: 'idle_days', label: 'days since the previous login', observed: Math.floor(idle / DAY), threshold: Math.round(this.cfg.dormantAfter / DAY), baseline: { kind: 'threshold', value: Math.round(this.cfg.dormantAfter / DAY), description: `dormant after ${humanDuration(this.cfg.dormantAfter)}` } }, riskFactor(risk)],
        [prevId, e.event.id].filter(Boolean), 2, this.cfg.maxEvidence,
      ),
    });
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    return { l: st.last, i: st.lastId, n: st.n };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as { l?: number; i?: string; n?: number };
    return { last: Number(r.l) || 0, lastId: typeof r.i === 'string' ? r.i : '', n: Number(r.n) || 0 };
  }
}

/** `identity.dormant_account`: a login to an account idle for longer than `dormantAfter`. */
export const dormantAccountDetector: DetectorDef<Config> = {
  type: 'identity.dormant_account',
  description: 'A successful login to an account that had no successful login for a long time (default 30 days).',
  config,
  build: (cfg, ctx) => new DormantAccount(cfg, ctx.name),
};
