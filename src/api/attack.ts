/**
 * The ATT&CK techniques Wardwatch's detectors name, with tactic and a one-line description for
 * the console. Unknown ids are shown as they are (the console links them to attack.mitre.org).
 *
 * @example
 * technique('T1110.001') // { id: 'T1110.001', name: 'Password Guessing', tactic: 'Credential Access', … }
 */
export interface Technique { id: string; name: string; tactic: string; description: string }

const T: Technique[] = [
  { id: 'T1110', name: 'Brute Force', tactic: 'Credential Access', description: 'Guessing or cracking passwords to get into accounts.' },
  { id: 'T1110.001', name: 'Password Guessing', tactic: 'Credential Access', description: 'Many passwords tried against one account.' },
  { id: 'T1110.003', name: 'Password Spraying', tactic: 'Credential Access', description: 'A few common passwords tried against many accounts, to stay under lockout limits.' },
  { id: 'T1110.004', name: 'Credential Stuffing', tactic: 'Credential Access', description: 'Username/password pairs leaked elsewhere tried against this system.' },
  { id: 'T1078', name: 'Valid Accounts', tactic: 'Initial Access', description: 'Signing in with a real account\'s credentials, often after guessing or stealing them.' },
  { id: 'T1021.004', name: 'Remote Services: SSH', tactic: 'Lateral Movement', description: 'Using SSH to move between hosts.' },
  { id: 'T1098', name: 'Account Manipulation', tactic: 'Persistence', description: 'Changing accounts (groups, keys, passwords) to keep access.' },
  { id: 'T1136', name: 'Create Account', tactic: 'Persistence', description: 'Creating an account to keep access.' },
  { id: 'T1548.003', name: 'Sudo and Sudo Caching', tactic: 'Privilege Escalation', description: 'Abusing sudo to run commands as another user.' },
  { id: 'T1530', name: 'Data from Cloud Storage', tactic: 'Collection', description: 'Reading data from storage the attacker should not reach.' },
  { id: 'T1213', name: 'Data from Information Repositories', tactic: 'Collection', description: 'Browsing repositories such as an EHR for records beyond need.' },
  { id: 'T1566', name: 'Phishing', tactic: 'Initial Access', description: 'Deceptive messages that lead a person to give access or run code.' },
  { id: 'T1071', name: 'Application Layer Protocol', tactic: 'Command and Control', description: 'Command-and-control traffic hidden in ordinary protocols.' },
  { id: 'T1046', name: 'Network Service Discovery', tactic: 'Discovery', description: 'Scanning for services on the network.' },
];
const BY_ID = new Map(T.map((t) => [t.id, t]));

export function technique(id: string): Technique {
  return BY_ID.get(id) ?? BY_ID.get(id.split('.')[0]!) ?? { id, name: id, tactic: 'Unknown', description: '' };
}
