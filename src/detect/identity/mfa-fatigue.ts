import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { KeyedDetector } from '../keyed-detector.js';
import { alertId } from '../alert-id.js';
import { HitWindow, type Hit } from '../auth-abuse/window.js';
import { common, duration, severity } from './config.js';
import { userKey } from './events.js';
import { clampRisk, riskFactor, severityFor } from './risk.js';

const config = z.strictObject({
  /** `event.action` values of MFA push prompts (denied or timed out = outcome failure; approved = success). */
  actions: z.array(z.string().min(1)).min(1).default(['mfa_push']),
  /** Denied or unanswered pushes within `window` that make a burst. */
  threshold: z.number().int().min(2).default(5),
  window: duration('10m'),
  /** An approval this soon after a burst means the user gave in: critical. */
  approvalWithin: duration('30m'),
  severity: severity.default('high'),
  ...common,
});
type Config = z.output<typeof config>;

interface State { w: HitWindow; burst?: { t: number; n: number; first: string; ids: string[] }; alerted: boolean; last: number }

/**
 * MFA fatigue (push bombing, ATT&CK T1621): a burst of denied or unanswered push prompts for one
 * user, and — worse — an approval right after one.
 *
 * Expected events: `event.category: [authentication]`, `event.action: mfa_push` (configurable),
 * `event.outcome: failure` for denied / timed-out prompts and `success` for an approval,
 * `user.name`, and the requesting `source.ip` when the IdP logs it.
 */
class MfaFatigue extends KeyedDetector<State> {
  private readonly actions: ReadonlySet<string>;

  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(Math.max(cfg.window, cfg.approvalWithin) * 4);
    this.actions = new Set(cfg.actions);
  }

  accepts(e: WardEvent): boolean {
    return !!e.event.action && this.actions.has(e.event.action) && (e.event.outcome === 'failure' || e.event.outcome === 'success') && !!userKey(e);
  }

  key(e: WardEvent): string | undefined {
    return userKey(e);
  }

  protected fresh(): State {
    return { w: new HitWindow(this.cfg.window, this.cfg.threshold * 20), alerted: false, last: 0 };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    st.last = Math.max(st.last, t);
    st.w.expire(t);
    if (st.w.hits.length === 0) st.alerted = false;
    if (st.burst && t - st.burst.t > this.cfg.approvalWithin) delete st.burst;
    const ip = e.source?.ip;
    const entities = [{ type: 'user' as const, id: key }, ...(ip ? [{ type: 'ip' as const, id: ip }] : [])];
    if (e.event.outcome === 'failure') {
      st.w.add({ t, id: e.event.id, n: 1, ...(ip ? { v: ip } : {}) });
      if (st.w.total < this.cfg.threshold) return;
      const ids = st.w.hits.map((h) => h.id);
      st.burst = { t, n: st.w.total, first: st.burst?.first ?? ids[0]!, ids: ids.slice(-this.cfg.maxEvidence) };
      if (st.alerted) return;
      st.alerted = true;
      const risk = clampRisk(55 + 3 * (st.w.total - this.cfg.threshold));
      emit({
        id: alertId(this.rule, key, ids[0]!),
        time: e['@timestamp'],
        title: `MFA push bombing against "${key}"`,
        severity: severityFor(risk, this.cfg.severity),
        entities,
        techniques: ['T1621'],
        firstSeen: new Date(st.w.hits[0]!.t).toISOString(),
        lastSeen: e['@timestamp'],
        explanation: explain(
          `"${key}" received a burst of MFA push prompts that were denied or not answered: someone with the password may be trying to wear them down.`,
          [{ feature: 'mfa_denials', label: 'denied or unanswered MFA pushes', observed: st.w.total, threshold: this.cfg.threshold, windowMs: this.cfg.window }, riskFactor(risk)],
          ids, ids.length, this.cfg.maxEvidence,
        ),
      });
      return;
    }
    // An approval: alarming right after a burst.
    const b = st.burst;
    if (!b) return;
    delete st.burst;
    const risk = 90;
    emit({
      id: alertId(this.rule, key, `${b.first}|approved|${e.event.id}`),
      time: e['@timestamp'],
      title: `MFA push approved by "${key}" after ${b.n} denials`,
      severity: severityFor(risk, 'critical'),
      entities,
      techniques: ['T1621', 'T1078'],
      firstSeen: new Date(b.t).toISOString(),
      lastSeen: e['@timestamp'],
      explanation: explain(
        `"${key}" approved an MFA push ${Math.max(1, Math.round((t - b.t) / 60_000))} min after a burst of denied prompts; the account is probably compromised.`,
        [
          { feature: 'mfa_denials', label: 'denied or unanswered MFA pushes before the approval', observed: b.n, threshold: this.cfg.threshold, windowMs: this.cfg.window },
          riskFactor(risk),
        ],
        [...b.ids, e.event.id], b.ids.length + 1, this.cfg.maxEvidence,
      ),
    });
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    return { ...st.w.toJSON(), b: st.burst, a: st.alerted, l: st.last };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as { hits?: Hit[]; total?: number; b?: State['burst']; a?: boolean; l?: number };
    const st: State = { w: HitWindow.from(this.cfg.window, this.cfg.threshold * 20, { hits: Array.isArray(r.hits) ? r.hits : [], total: Number(r.total) || 0 }), alerted: r.a === true, last: Number(r.l) || 0 };
    if (r.b && Array.isArray(r.b.ids)) st.burst = r.b;
    return st;
  }
}

/** `identity.mfa_fatigue`: bursts of denied MFA pushes, and approvals right after them. */
export const mfaFatigueDetector: DetectorDef<Config> = {
  type: 'identity.mfa_fatigue',
  description: 'A burst of denied or unanswered MFA push prompts for one user (push bombing), escalated when a push is approved right after.',
  config,
  build: (cfg, ctx) => new MfaFatigue(cfg, ctx.name),
};
