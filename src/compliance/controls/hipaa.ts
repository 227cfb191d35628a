import type { Control, Requirement } from './types.js';

/**
 * The HIPAA Security Rule's standards and implementation specifications, 45 CFR Part 164 Subpart C
 * (164.308 administrative, 164.310 physical, 164.312 technical safeguards, 164.314 organizational
 * requirements, 164.316 policies, procedures and documentation), as amended in 2013 (the Omnibus
 * rule: business-associate contracts at 164.308(b)(3), subcontractors at 164.314(a)(2)(iii)).
 *
 * Required vs addressable follows the regulation text and Appendix A to Subpart C. A standard
 * without implementation specifications is itself required (164.306(c)); a standard with
 * specifications is judged through them.
 */

type Row = [id: string, citation: string, title: string, requirement: Requirement | null, measures: string[]];

const SECTIONS: Record<string, string> = {
  '164.308': 'Administrative safeguards (164.308)',
  '164.310': 'Physical safeguards (164.310)',
  '164.312': 'Technical safeguards (164.312)',
  '164.314': 'Organizational requirements (164.314)',
  '164.316': 'Policies, procedures and documentation (164.316)',
};

/** Standards: `requirement` null when the standard is judged through its implementation specifications. */
const STANDARDS: Row[] = [
  ['308-a-1', '164.308(a)(1)', 'Security management process', null, []],
  ['308-a-2', '164.308(a)(2)', 'Assigned security responsibility', 'required', []],
  ['308-a-3', '164.308(a)(3)', 'Workforce security', null, []],
  ['308-a-4', '164.308(a)(4)', 'Information access management', null, []],
  ['308-a-5', '164.308(a)(5)', 'Security awareness and training', null, []],
  ['308-a-6', '164.308(a)(6)', 'Security incident procedures', null, []],
  ['308-a-7', '164.308(a)(7)', 'Contingency plan', null, []],
  ['308-a-8', '164.308(a)(8)', 'Evaluation', 'required', ['log-coverage', 'detection-active']],
  ['308-b-1', '164.308(b)(1)', 'Business associate contracts and other arrangements', null, []],
  ['310-a-1', '164.310(a)(1)', 'Facility access controls', null, []],
  ['310-b', '164.310(b)', 'Workstation use', 'required', []],
  ['310-c', '164.310(c)', 'Workstation security', 'required', []],
  ['310-d-1', '164.310(d)(1)', 'Device and media controls', null, []],
  ['312-a-1', '164.312(a)(1)', 'Access control', null, []],
  ['312-b', '164.312(b)', 'Audit controls', 'required', ['log-coverage', 'audit-self', 'dead-letters']],
  ['312-c-1', '164.312(c)(1)', 'Integrity', null, []],
  ['312-d', '164.312(d)', 'Person or entity authentication', 'required', ['mfa-share', 'unique-ids']],
  ['312-e-1', '164.312(e)(1)', 'Transmission security', null, []],
  ['314-a-1', '164.314(a)(1)', 'Business associate contracts or other arrangements', null, []],
  ['314-b-1', '164.314(b)(1)', 'Requirements for group health plans', null, []],
  ['316-a', '164.316(a)', 'Policies and procedures', 'required', []],
  ['316-b-1', '164.316(b)(1)', 'Documentation', null, []],
];

/** Implementation specifications, each under the standard whose id prefixes it. */
const SPECS: Row[] = [
  ['308-a-1-ii-A', '164.308(a)(1)(ii)(A)', 'Risk analysis', 'required', []],
  ['308-a-1-ii-B', '164.308(a)(1)(ii)(B)', 'Risk management', 'required', []],
  ['308-a-1-ii-C', '164.308(a)(1)(ii)(C)', 'Sanction policy', 'required', []],
  ['308-a-1-ii-D', '164.308(a)(1)(ii)(D)', 'Information system activity review', 'required', ['activity-review', 'ehr-access-review', 'log-coverage']],
  ['308-a-3-ii-A', '164.308(a)(3)(ii)(A)', 'Authorization and/or supervision', 'addressable', []],
  ['308-a-3-ii-B', '164.308(a)(3)(ii)(B)', 'Workforce clearance procedure', 'addressable', []],
  ['308-a-3-ii-C', '164.308(a)(3)(ii)(C)', 'Termination procedures', 'addressable', ['terminated-active']],
  ['308-a-4-ii-A', '164.308(a)(4)(ii)(A)', 'Isolating health care clearinghouse functions', 'required', []],
  ['308-a-4-ii-B', '164.308(a)(4)(ii)(B)', 'Access authorization', 'addressable', ['ehr-access-review']],
  ['308-a-4-ii-C', '164.308(a)(4)(ii)(C)', 'Access establishment and modification', 'addressable', ['dormant-accounts', 'terminated-active']],
  ['308-a-5-ii-A', '164.308(a)(5)(ii)(A)', 'Security reminders', 'addressable', []],
  ['308-a-5-ii-B', '164.308(a)(5)(ii)(B)', 'Protection from malicious software', 'addressable', ['kev-devices']],
  ['308-a-5-ii-C', '164.308(a)(5)(ii)(C)', 'Log-in monitoring', 'addressable', ['login-monitoring']],
  ['308-a-5-ii-D', '164.308(a)(5)(ii)(D)', 'Password management', 'addressable', []],
  ['308-a-6-ii', '164.308(a)(6)(ii)', 'Response and reporting', 'required', ['incident-response']],
  ['308-a-7-ii-A', '164.308(a)(7)(ii)(A)', 'Data backup plan', 'required', []],
  ['308-a-7-ii-B', '164.308(a)(7)(ii)(B)', 'Disaster recovery plan', 'required', []],
  ['308-a-7-ii-C', '164.308(a)(7)(ii)(C)', 'Emergency mode operation plan', 'required', []],
  ['308-a-7-ii-D', '164.308(a)(7)(ii)(D)', 'Testing and revision procedures', 'addressable', []],
  ['308-a-7-ii-E', '164.308(a)(7)(ii)(E)', 'Applications and data criticality analysis', 'addressable', []],
  ['308-b-3', '164.308(b)(3)', 'Written contract or other arrangement', 'required', []],
  ['310-a-2-i', '164.310(a)(2)(i)', 'Contingency operations', 'addressable', []],
  ['310-a-2-ii', '164.310(a)(2)(ii)', 'Facility security plan', 'addressable', []],
  ['310-a-2-iii', '164.310(a)(2)(iii)', 'Access control and validation procedures', 'addressable', []],
  ['310-a-2-iv', '164.310(a)(2)(iv)', 'Maintenance records', 'addressable', []],
  ['310-d-2-i', '164.310(d)(2)(i)', 'Disposal', 'required', []],
  ['310-d-2-ii', '164.310(d)(2)(ii)', 'Media re-use', 'required', []],
  ['310-d-2-iii', '164.310(d)(2)(iii)', 'Accountability', 'addressable', []],
  ['310-d-2-iv', '164.310(d)(2)(iv)', 'Data backup and storage', 'addressable', []],
  ['312-a-2-i', '164.312(a)(2)(i)', 'Unique user identification', 'required', ['unique-ids']],
  ['312-a-2-ii', '164.312(a)(2)(ii)', 'Emergency access procedure', 'required', ['emergency-access']],
  ['312-a-2-iii', '164.312(a)(2)(iii)', 'Automatic logoff', 'addressable', ['session-length']],
  ['312-a-2-iv', '164.312(a)(2)(iv)', 'Encryption and decryption', 'addressable', []],
  ['312-c-2', '164.312(c)(2)', 'Mechanism to authenticate electronic protected health information', 'addressable', []],
  ['312-e-2-i', '164.312(e)(2)(i)', 'Integrity controls', 'addressable', ['cleartext-phi']],
  ['312-e-2-ii', '164.312(e)(2)(ii)', 'Encryption', 'addressable', ['cleartext-phi', 'tls-share']],
  ['314-a-2-i', '164.314(a)(2)(i)', 'Business associate contracts', 'required', []],
  ['314-a-2-ii', '164.314(a)(2)(ii)', 'Other arrangements', 'required', []],
  ['314-a-2-iii', '164.314(a)(2)(iii)', 'Business associate contracts with subcontractors', 'required', []],
  ['314-b-2', '164.314(b)(2)', 'Group health plan documents (plan sponsor safeguards)', 'required', []],
  ['316-b-2-i', '164.316(b)(2)(i)', 'Time limit (retain documentation 6 years)', 'required', []],
  ['316-b-2-ii', '164.316(b)(2)(ii)', 'Availability', 'required', []],
  ['316-b-2-iii', '164.316(b)(2)(iii)', 'Updates', 'required', []],
];

const sectionOf = (id: string): string => SECTIONS[`164.${id.slice(0, 3)}`]!;

/**
 * The standard a specification belongs to: the standard whose citation it extends (`164.308(a)(1)`
 * → `164.308(a)(1)(ii)(A)`), else the `(1)` standard of the same lettered paragraph (`164.312(a)(1)`
 * → `164.312(a)(2)(iii)`, `164.308(b)(1)` → `164.308(b)(3)`).
 */
function parentOf(citation: string): string {
  const direct = STANDARDS.find((s) => citation.startsWith(`${s[1]}(`));
  const para = /^(164\.\d{3}\([a-z]\))/.exec(citation)?.[1];
  const hit = direct ?? STANDARDS.find((s) => para !== undefined && s[1] === `${para}(1)`);
  if (!hit) throw new Error(`HIPAA catalogue: no standard for ${citation}`);
  return `hipaa-${hit[0]}`;
}

/** Every HIPAA Security Rule standard and implementation specification, in regulation order. */
export const HIPAA_CONTROLS: Control[] = [
  ...STANDARDS.map(([id, citation, title, requirement, measures]): Control => ({
    id: `hipaa-${id}`, framework: 'hipaa', kind: 'standard', citation: `45 CFR ${citation}`, title, section: sectionOf(id),
    ...(requirement ? { requirement } : {}), measures,
  })),
  ...SPECS.map(([id, citation, title, requirement, measures]): Control => ({
    id: `hipaa-${id}`, framework: 'hipaa', kind: 'implementation', citation: `45 CFR ${citation}`, title, section: sectionOf(id),
    requirement: requirement!, parent: parentOf(citation), measures,
  })),
].sort((a, b) => citationKey(a.citation).localeCompare(citationKey(b.citation)));

/** Sort key that keeps regulation order: `(a)(2)` before `(a)(10)`, a standard before its specifications. */
function citationKey(c: string): string {
  return c.replace(/\d+/g, (d) => d.padStart(4, '0'));
}
