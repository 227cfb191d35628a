import type { WardEvent } from '../../core/event.js';
import { SigmaEngine } from './engine.js';
import { parseSigmaYaml } from './parse.js';
import { compileRuleSet, type LoadOptions, type RuleSet } from './ruleset.js';

/**
 * Build an engine from YAML text (one or more documents). For tests and the rule-pack checks.
 *
 * @example
 * const { engine } = engineFromYaml(ruleYaml);
 * engine.match(windowsLikeEvent({ Image: 'C:\\cmd.exe' }))
 */
export function engineFromYaml(yaml: string, opts: LoadOptions = {}): { set: RuleSet; engine: SigmaEngine } {
  const { docs, issues } = parseSigmaYaml(yaml, 'inline.yml');
  const set = compileRuleSet(docs, opts, issues);
  return { set, engine: new SigmaEngine(set.rules, set.table) };
}

/**
 * A minimal event carrying `raw` fields, labelled with a Sigma log source.
 *
 * @example
 * rawEvent({ Image: 'C:\\\\x.exe' }, { product: 'windows', category: 'process_creation' })
 */
export function rawEvent(raw: Record<string, unknown>, logsource: { product?: string; category?: string; service?: string } = { product: 'windows', category: 'process_creation' }, time = '2026-01-01T00:00:00.000Z'): WardEvent {
  const labels: Record<string, string> = {};
  if (logsource.product) labels['sigma.product'] = logsource.product;
  if (logsource.category) labels['sigma.category'] = logsource.category;
  if (logsource.service) labels['sigma.service'] = logsource.service;
  return { '@timestamp': time, event: { id: `ev-${JSON.stringify(raw).length}-${time}` }, labels, raw };
}
