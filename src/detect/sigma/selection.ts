import type { SigmaRuleDoc } from './rule.js';

/** Criteria naming rules: any criterion that matches selects the rule. */
export interface RuleCriteria {
  ids?: string[];
  statuses?: string[];
  levels?: string[];
  /** Tags like `attack.t1059`; a trailing `*` matches a prefix (`attack.t1059*`). */
  tags?: string[];
  /** Path globs over the rule file (`*` any run of characters). */
  paths?: string[];
}

/**
 * Which rules run: when `enable` is given a rule must match one of its criteria; a rule
 * matching any `disable` criterion is off (disable wins).
 *
 * @example
 * { enable: { levels: ['high', 'critical'] }, disable: { statuses: ['deprecated'], ids: ['…'] } }
 */
export interface RuleSelection {
  enable?: RuleCriteria;
  disable?: RuleCriteria;
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
}

function hasCriteria(c: RuleCriteria): boolean {
  return Object.values(c).some((v) => Array.isArray(v) && v.length > 0);
}

/**
 * Does the rule match any of the criteria?
 *
 * @example
 * matchesCriteria(doc, { tags: ['attack.t1059*'] })
 */
export function matchesCriteria(doc: SigmaRuleDoc, c: RuleCriteria): boolean {
  if (c.ids?.includes(doc.id)) return true;
  if (doc.status && c.statuses?.map((s) => s.toLowerCase()).includes(doc.status)) return true;
  if (doc.level && c.levels?.map((s) => s.toLowerCase()).includes(doc.level)) return true;
  if (c.tags?.some((t) => doc.tags.some((dt) => glob(t).test(dt)))) return true;
  if (c.paths?.some((p) => glob(p).test(doc.file) || glob(`*${p}*`).test(doc.file))) return true;
  return false;
}

/**
 * Apply a selection to one rule.
 *
 * @example
 * ruleSelected(doc, { enable: { levels: ['high'] }, disable: { ids: ['…'] } })
 */
export function ruleSelected(doc: SigmaRuleDoc, sel: RuleSelection): boolean {
  if (sel.enable && hasCriteria(sel.enable) && !matchesCriteria(doc, sel.enable)) return false;
  if (sel.disable && matchesCriteria(doc, sel.disable)) return false;
  return true;
}
