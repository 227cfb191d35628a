import type { Control, CpgTier } from './types.js';

/**
 * The HHS Healthcare and Public Health sector Cybersecurity Performance Goals (HPH CPGs, HHS/ASPR,
 * January 2024): ten essential goals (a floor of safeguards) and ten enhanced goals (the next level).
 * Numbers follow the order HHS lists them in; the id says the tier (`cpg-ess-03` = essential 3, `cpg-enh-08` = enhanced 8).
 */
type Row = [n: number, title: string, measures: string[]];

const ESSENTIAL: Row[] = [
  [1, 'Mitigate known vulnerabilities', ['kev-devices']],
  [2, 'Email security', []],
  [3, 'Multifactor authentication', ['mfa-share']],
  [4, 'Basic cybersecurity training', []],
  [5, 'Strong encryption', ['cleartext-phi', 'tls-share']],
  [6, 'Revoke credentials for departing workforce members', ['terminated-active']],
  [7, 'Basic incident planning and preparedness', ['incident-response']],
  [8, 'Unique credentials', ['unique-ids']],
  [9, 'Separate user and privileged accounts', []],
  [10, 'Vendor/supplier cybersecurity requirements', []],
];

const ENHANCED: Row[] = [
  [1, 'Asset inventory', []],
  [2, 'Third party vulnerability disclosure', []],
  [3, 'Third party incident reporting', []],
  [4, 'Cybersecurity testing', []],
  [5, 'Cybersecurity mitigation', []],
  [6, 'Detect and respond to relevant threats and tactics, techniques, and procedures', ['detection-active', 'incident-response']],
  [7, 'Network segmentation', []],
  [8, 'Centralized log collection', ['log-coverage', 'dead-letters']],
  [9, 'Centralized incident planning and preparedness', []],
  [10, 'Configuration management', []],
];

const rows = (tier: CpgTier, list: Row[]): Control[] => list.map(([n, title, measures]) => ({
  id: `cpg-${tier === 'essential' ? 'ess' : 'enh'}-${String(n).padStart(2, '0')}`, framework: 'cpg', kind: 'goal', tier,
  citation: `HPH CPG ${tier === 'essential' ? 'Essential' : 'Enhanced'} ${n}`, title,
  section: tier === 'essential' ? 'Essential goals' : 'Enhanced goals', measures,
}));

/** The 20 HPH Cybersecurity Performance Goals, essential first. */
export const CPG_CONTROLS: Control[] = [...rows('essential', ESSENTIAL), ...rows('enhanced', ENHANCED)];
