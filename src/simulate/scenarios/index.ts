import { WardError } from '../../core/errors.js';
import { bruteForce, spray } from './credential-attacks.js';
import { dicomExfil, pumpCompromise } from './device-attacks.js';
import { ehrSnooping, insiderDownload } from './ehr-misuse.js';
import { phishNewCountry, ransomware } from './phishing.js';
import { drugDiversion, portalDdos } from './service-attacks.js';
import type { ScenarioDef } from './types.js';

export type { ScenarioDef, PlanCtx, PlannedRun } from './types.js';

/**
 * Every scenario the simulator can inject, by name.
 *
 * @example
 * SCENARIOS.get('bruteforce')?.techniques // ['T1110.001', 'T1078']
 */
export const SCENARIOS = new Map<string, ScenarioDef>();
for (const s of [bruteForce, spray, phishNewCountry, ehrSnooping, insiderDownload, drugDiversion, pumpCompromise, dicomExfil, portalDdos, ransomware]) SCENARIOS.set(s.name, s);

/**
 * Scenario definitions for a list of names (`all` = every one); an unknown name fails with the list.
 *
 * @example
 * resolveScenarios(['bruteforce', 'spray']).length // 2
 */
export function resolveScenarios(names: string[]): ScenarioDef[] {
  if (names.length === 1 && names[0] === 'all') return [...SCENARIOS.values()];
  return names.map((n) => {
    const def = SCENARIOS.get(n);
    if (!def) throw new WardError('request.invalid', `unknown scenario "${n}" (known: ${[...SCENARIOS.keys()].join(', ')}, or all)`, '--scenarios');
    return def;
  });
}
