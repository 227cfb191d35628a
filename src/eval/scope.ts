/**
 * Which labelled incidents a detector is expected to catch, by the ATT&CK techniques of the
 * incident. Recall counts only these; alerts on anything else still count for precision.
 * A detector not listed here is scoped by the techniques its own alerts carry (and has no
 * stated recall when it raised nothing). Add a line here when a detector arrives.
 *
 * @example
 * inScope('auth.spray', ['T1110.003']) // true
 * inScope('auth.success_after_failures', ['T1110.003', 'T1078']) // false: no run of failures on one account
 */
export const DETECTOR_SCOPE: Record<string, (techniques: string[]) => boolean> = {
  'auth.bruteforce': (t) => t.includes('T1110.001'),
  'auth.spray': (t) => t.includes('T1110.003'),
  'auth.success_after_failures': (t) => t.includes('T1110.001') && t.some((x) => x === 'T1078' || x.startsWith('T1078.')),
  // EHR access analytics: snooping, bulk export and insider mass reads (all carry T1213).
  'ehr.access': (t) => t.includes('T1213'),
  // Unusual hours of EHR use: the patterns of volume and breadth (bulk export, insider mass reads, diversion), not one chart.
  'ehr.behaviour': (t) => t.includes('T1213') && t.some((x) => x === 'T1530' || x === 'T1039' || x === 'T1565.001'),
  // Phishing and fraud e-mail: the lure itself (link or attachment).
  phishing: (t) => t.some((x) => x === 'T1566' || x.startsWith('T1566.')),
  // Network and device behaviour (src/detect/network): each finding by the technique it evidences.
  'network.new_external_destination': (t) => t.includes('T0883'),
  'network.beaconing': (t) => t.some((x) => x === 'T1071' || x === 'T1071.001'),
  'network.exfiltration': (t) => t.includes('T1041') || t.includes('T1048'),
  'network.dicom_destination': (t) => t.includes('T1048'),
  'network.scan': (t) => t.includes('T1046'),
  'network.lateral_movement': (t) => t.some((x) => x === 'T1021' || x.startsWith('T1021.')),
  'network.hl7_unknown_sender': (t) => t.includes('T0830'),
  'network.dns_tunnel': (t) => t.includes('T1071.004'),
  'network.dos': (t) => t.some((x) => x.startsWith('T1498') || x.startsWith('T1499')),
  'network.ransomware_smb': (t) => t.includes('T1486'),
  'device.telemetry_tampering': (t) => t.includes('T0836'),
};

/** Whether an incident with these techniques is in a known detector's scope (`undefined` when the detector is not listed). */
export function inScope(detector: string, techniques: string[]): boolean | undefined {
  return DETECTOR_SCOPE[detector]?.(techniques);
}

/** Scope by the techniques a detector's alerts carry: an incident sharing one (or its parent) is in scope. */
export function scopeByTechniques(alertTechniques: Set<string>, techniques: string[]): boolean {
  for (const t of techniques) {
    if (alertTechniques.has(t) || alertTechniques.has(t.split('.')[0]!)) return true;
  }
  return false;
}
