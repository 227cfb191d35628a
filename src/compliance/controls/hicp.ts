import type { Control } from './types.js';

/**
 * The ten practices of the 405(d) Health Industry Cybersecurity Practices (HICP, 2023 edition), with
 * the sub-practices for medium-sized organisations from Technical Volume 2 where Wardwatch can show
 * evidence for them or an owner must attest. Practice 4's sub-practices are not listed (the practice
 * itself is attested).
 */
type Sub = [id: string, title: string, measures: string[]];
type Practice = [n: number, title: string, measures: string[], subs: Sub[]];

const PRACTICES: Practice[] = [
  [1, 'Email protection systems', [], [
    ['1.M.A', 'Basic email protection controls', []],
    ['1.M.B', 'Multifactor authentication for remote email access', ['mfa-share']],
    ['1.M.C', 'Email encryption', []],
    ['1.M.D', 'Workforce education', []],
  ]],
  [2, 'Endpoint protection systems', [], [
    ['2.M.A', 'Basic endpoint protection controls', []],
  ]],
  [3, 'Access management', [], [
    ['3.M.A', 'Identity', ['unique-ids']],
    ['3.M.B', 'Provisioning, transfers and de-provisioning procedures', ['terminated-active', 'dormant-accounts']],
    ['3.M.C', 'Authentication', ['mfa-share']],
  ]],
  [4, 'Data protection and loss prevention', [], []],
  [5, 'Asset management', [], [
    ['5.M.A', 'Inventory of endpoints and servers', []],
    ['5.M.B', 'Procurement', []],
    ['5.M.C', 'Secure storage for inactive devices', []],
    ['5.M.D', 'Decommissioning assets', []],
  ]],
  [6, 'Network management', [], [
    ['6.M.A', 'Network profiles and firewalls', ['cleartext-phi']],
    ['6.M.B', 'Network segmentation', []],
    ['6.M.C', 'Intrusion prevention', ['detection-active']],
    ['6.M.D', 'Web proxy protection', []],
    ['6.M.E', 'Physical security of network devices', []],
  ]],
  [7, 'Vulnerability management', [], [
    ['7.M.A', 'Host/server-based scanning', ['kev-devices']],
    ['7.M.B', 'Web application scanning', []],
    ['7.M.C', 'System placement and data classification', []],
    ['7.M.D', 'Patch management, configuration management and change management', []],
  ]],
  [8, 'Security operations center and incident response', [], [
    ['8.M.A', 'Security operations center', ['log-coverage', 'detection-active']],
    ['8.M.B', 'Incident response', ['incident-response']],
    ['8.M.C', 'Information sharing and ISAC/ISAO participation', []],
  ]],
  [9, 'Network connected medical devices', [], [
    ['9.M.A', 'Medical device management', ['kev-devices']],
    ['9.M.B', 'Endpoint protections', []],
    ['9.M.C', 'Identity and access management', []],
    ['9.M.D', 'Asset management', []],
    ['9.M.E', 'Network management', ['cleartext-phi']],
  ]],
  [10, 'Cybersecurity oversight and governance', [], [
    ['10.M.A', 'Policies', []],
    ['10.M.B', 'Cybersecurity risk assessment and management', []],
    ['10.M.C', 'Security awareness and training', []],
  ]],
];

/** HICP practices and their listed sub-practices, practice first. */
export const HICP_CONTROLS: Control[] = PRACTICES.flatMap(([n, title, measures, subs]) => {
  const id = `hicp-${n}`;
  const section = `Practice ${n}: ${title}`;
  return [
    { id, framework: 'hicp', kind: 'practice', citation: `HICP Practice ${n}`, title, section, measures } satisfies Control,
    ...subs.map(([sid, stitle, sm]): Control => ({
      id: `hicp-${sid.replace(/\./g, '-').toLowerCase()}`, framework: 'hicp', kind: 'sub-practice', citation: `HICP ${sid}`, title: stitle, section, parent: id, measures: sm,
    })),
  ];
});
