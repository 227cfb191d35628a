import type { Alert, EntityRef, Severity } from '../core/alert.js';
import { entityKey, rolesOf, type EntityRole } from './roles.js';

/** How alerts turn into entity risk. */
export interface RiskOptions {
  /** Risk points of one alert by severity, before role, confidence and criticality. */
  points: Record<Severity, number>;
  /** Share of the points an entity gets for its role in the alert. */
  roleWeight: Record<EntityRole, number>;
  /** Risk halves after this long without new alerts (ms). */
  halfLifeMs: number;
  /** An entity at or above this score raises an incident even if only low alerts brought it there. */
  threshold: number;
  /** Asset criticality multiplier (life-sustaining devices, PHI systems, privileged accounts); default 1. */
  criticality?: (e: EntityRef) => number;
}

export const DEFAULT_RISK: RiskOptions = {
  points: { low: 8, medium: 20, high: 45, critical: 80 },
  // The attacker carries the risk; the ten victims of a spray do not rank beside it.
  roleWeight: { actor: 1, target: 0.2, related: 0.3 },
  halfLifeMs: 7 * 86_400_000,
  threshold: 60,
};

/** One alert's contribution to an entity's score, kept so the score can explain itself. */
export interface RiskContribution {
  alertId: string;
  detector: string;
  title: string;
  severity: Severity;
  role: EntityRole;
  time: string;
  /** Points added at the alert's time. */
  points: number;
}

/** An entity's current risk and why. */
export interface EntityRisk {
  entity: EntityRef;
  /** Decayed score at `asOf`. */
  score: number;
  asOf: string;
  alerts: number;
  /** When the score first reached the threshold, if it did. */
  crossedAt?: string;
  /** Largest contributions, newest first among equals. */
  top: RiskContribution[];
  /** The score in words. */
  explanation: string;
}

interface State {
  entity: EntityRef;
  score: number;
  at: number;
  alerts: number;
  crossedAt?: number;
  contributions: RiskContribution[];
}

/**
 * Risk-based alerting: each alert adds decaying risk to its entities by their role (attacker
 * vs target), the alert's severity and the asset's criticality. Feed alerts in time order.
 *
 * @example
 * const r = new RiskLedger(); for (const a of alerts) r.add(a); r.ranked(new Date())[0]?.explanation
 */
export class RiskLedger {
  private readonly states = new Map<string, State>();

  constructor(private readonly opts: RiskOptions = DEFAULT_RISK) {}

  /** Add an alert; returns the entities whose score crossed the threshold with it. */
  add(alert: Alert): EntityRef[] {
    const t = Date.parse(alert.time);
    const crossed: EntityRef[] = [];
    const seen = new Set<string>();
    for (const e of rolesOf(alert)) {
      const key = entityKey(e);
      if (seen.has(key)) continue;
      seen.add(key);
      const crit = this.opts.criticality?.(e) ?? 1;
      const pts = this.opts.points[alert.severity] * this.opts.roleWeight[e.role] * crit;
      let s = this.states.get(key);
      if (!s) {
        s = { entity: { type: e.type, id: e.id }, score: 0, at: t, alerts: 0, contributions: [] };
        this.states.set(key, s);
      }
      s.score = this.decayed(s, t) + pts;
      s.at = Math.max(s.at, t);
      s.alerts++;
      s.contributions.push({ alertId: alert.id, detector: alert.detector, title: alert.title, severity: alert.severity, role: e.role, time: alert.time, points: round(pts) });
      // Keep the evidence bounded: the largest contributions explain the score.
      if (s.contributions.length > 40) {
        s.contributions.sort((a, b) => b.points - a.points || b.time.localeCompare(a.time));
        s.contributions.length = 20;
      }
      if (s.crossedAt === undefined && s.score >= this.opts.threshold) {
        s.crossedAt = t;
        crossed.push(s.entity);
      }
    }
    return crossed;
  }

  /** An entity's risk now (or at `asOf`). */
  get(e: EntityRef, asOf: Date): EntityRisk | undefined {
    const s = this.states.get(entityKey(e));
    return s ? this.view(s, asOf.getTime()) : undefined;
  }

  /** Entities by decayed score, highest first. */
  ranked(asOf: Date, limit = 20): EntityRisk[] {
    const t = asOf.getTime();
    return [...this.states.values()]
      .map((s) => ({ s, score: this.decayed(s, t) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map(({ s }) => this.view(s, t));
  }

  private decayed(s: State, t: number): number {
    const dt = Math.max(0, t - s.at);
    return s.score * 0.5 ** (dt / this.opts.halfLifeMs);
  }

  private view(s: State, t: number): EntityRisk {
    const score = round(this.decayed(s, t));
    const top = [...s.contributions].sort((a, b) => b.points - a.points || b.time.localeCompare(a.time)).slice(0, 5);
    const roles = new Map<EntityRole, number>();
    for (const c of s.contributions) roles.set(c.role, (roles.get(c.role) ?? 0) + 1);
    const asRole = [...roles].map(([r, n]) => `${n} as ${r === 'actor' ? 'the actor' : r === 'target' ? 'a target' : 'context'}`).join(', ');
    const days = this.opts.halfLifeMs / 86_400_000;
    const explanation = `${s.entity.type} ${s.entity.id} has risk ${score} (threshold ${this.opts.threshold}) from ${s.alerts} alert${s.alerts === 1 ? '' : 's'} (${asRole}); `
      + `risk halves every ${days} day${days === 1 ? '' : 's'} without new alerts. Largest: `
      + top.slice(0, 3).map((c) => `${c.title} (${c.severity}, ${c.role}, +${c.points})`).join('; ') + '.';
    return {
      entity: s.entity,
      score,
      asOf: new Date(t).toISOString(),
      alerts: s.alerts,
      ...(s.crossedAt !== undefined ? { crossedAt: new Date(s.crossedAt).toISOString() } : {}),
      top,
      explanation,
    };
  }
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
