import type { DayCtx } from '../context.js';
import { Incident } from '../labels.js';
import type { Rng } from '../rng.js';
import type { World } from '../world/types.js';

/** What a scenario sees when it plans its incidents for the whole run. */
export interface PlanCtx {
  world: World;
  rng: Rng;
  days: number;
  /** 0..1: how loud the attack is (1 = obvious, near 0 = hard to see). */
  intensity: number;
  /** A new incident with the next id. */
  incident(scenario: string, techniques: string[], description: string, variant?: string): Incident;
}

/** One planned incident: it runs on its first day and may emit records on later days. */
export interface PlannedRun {
  day: number;
  incident: Incident;
  run(ctx: DayCtx, inc: Incident): void;
}

/**
 * A scenario: a named attack (or misuse) that plans labelled incidents into the run.
 * Registered once by name in `scenarios/index.ts`.
 */
export interface ScenarioDef {
  name: string;
  description: string;
  techniques: string[];
  plan(p: PlanCtx): PlannedRun[];
}

/** Spread `n` incidents over the run: one per slice of days, at a random day within it. */
export function spreadDays(rng: Rng, days: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.min(days - 1, Math.floor(((i + rng.next()) * days) / n)));
  return out;
}

/** How many incidents of a scenario a run gets: about one a week, at least one. */
export function incidentCount(days: number, perWeek = 1): number {
  return Math.max(1, Math.round((days / 7) * perWeek));
}

export { Incident };
