import { CPG_CONTROLS } from './cpg.js';
import { HICP_CONTROLS } from './hicp.js';
import { HIPAA_CONTROLS } from './hipaa.js';
import type { Control } from './types.js';

export type { Control, ControlKind, CpgTier, Framework, Requirement } from './types.js';
export { CPG_CONTROLS, HICP_CONTROLS, HIPAA_CONTROLS };

/** Every control of every catalogue: HIPAA, then the CPGs, then HICP. */
export const CATALOGUE: readonly Control[] = [...HIPAA_CONTROLS, ...CPG_CONTROLS, ...HICP_CONTROLS];

const BY_ID = new Map(CATALOGUE.map((c) => [c.id, c]));

/** One control by id, or undefined. */
export function controlById(id: string): Control | undefined {
  return BY_ID.get(id);
}

/** Controls whose `parent` is this id (a standard's specifications, a practice's sub-practices). */
export function childrenOf(id: string): Control[] {
  return CATALOGUE.filter((c) => c.parent === id);
}

/**
 * How much a gap in this control weighs when gaps are ranked: HIPAA required > addressable, CPG
 * essential > enhanced, HICP practices last. Parents weigh a little less than their children, whose
 * gaps they only summarise.
 */
export function weightOf(c: Control): number {
  const base = c.framework === 'hipaa' ? (c.requirement === 'addressable' ? 6 : 10)
    : c.framework === 'cpg' ? (c.tier === 'essential' ? 8 : 4)
      : 3;
  return childrenOf(c.id).length > 0 ? base - 1 : base;
}
