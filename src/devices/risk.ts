import type { DeviceCriticality, DeviceRecord, VulnMatch } from './types.js';

/** A risk score (0–100) and the reasons that made it, largest first. */
export interface Risk {
  score: number;
  reasons: string[];
}

/**
 * A device's risk: what an attacker could use (known vulnerabilities, default accounts, SMBv1,
 * cleartext admin), what it exposes (internet peers, patient data in clear), weighted up by how
 * much patients depend on it. Each part is capped so one kind of finding cannot fill the scale.
 *
 * @example
 * riskOf(record, 'life-sustaining', []).reasons // ['life-sustaining device', 'sends HL7 in clear (no TLS)']
 */
export function riskOf(r: DeviceRecord, criticality: DeviceCriticality, vulns: readonly VulnMatch[]): Risk {
  const parts: Array<[number, string]> = [];
  const confirmed = vulns.filter((v) => v.confidence === 'confirmed');
  const probable = vulns.filter((v) => v.confidence === 'probable');
  const possible = vulns.filter((v) => v.confidence === 'possible');
  const exploited = vulns.filter((v) => v.knownExploited && v.confidence !== 'possible');
  if (exploited.length) parts.push([25, `known exploited vulnerability (CISA KEV): ${exploited.slice(0, 3).flatMap((v) => v.cves.slice(0, 1)).join(', ')}`]);
  if (confirmed.length) parts.push([Math.min(35, 25 + 5 * (confirmed.length - 1)), `${confirmed.length} advisory(ies) match vendor, product and firmware: ${confirmed.slice(0, 3).map((v) => v.id).join(', ')}`]);
  if (probable.length) parts.push([Math.min(25, 15 + 5 * (probable.length - 1)), `${probable.length} advisory(ies) match vendor and product (firmware unknown): ${probable.slice(0, 3).map((v) => v.id).join(', ')}`]);
  if (possible.length) parts.push([Math.min(10, 2 * possible.length), `${possible.length} advisory(ies) for this vendor (product not confirmed)`]);
  const x = r.exposure;
  if (x.defaultUsers.length) parts.push([25, `default account(s) logged in: ${x.defaultUsers.join(', ')}`]);
  if (x.smbv1) parts.push([20, 'speaks SMBv1']);
  if (x.internetPeers.length) parts.push([Math.min(25, 10 + 3 * x.internetPeers.length), `talks to ${x.internetPeers.length}${x.internetPeers.length >= 16 ? '+' : ''} internet address(es)`]);
  for (const p of x.cleartextPhi) parts.push([10, `carries ${p.toUpperCase()} in clear (no TLS)`]);
  const clearAdmin = r.servedPorts.filter((p) => p === 23 || p === 21);
  if (clearAdmin.length) parts.push([10, `offers cleartext administration (${clearAdmin.map((p) => (p === 23 ? 'telnet' : 'ftp')).join(', ')})`]);
  const raw = parts.reduce((s, [w]) => s + w, 0);
  if (!raw) return { score: 0, reasons: [] };
  // Criticality multiplies what was found: the same weakness matters more on a pump than on a printer.
  const factor = criticality === 'life-sustaining' ? 1.3 : criticality === 'diagnostic' ? 1.15 : 1;
  const score = Math.min(100, Math.round(raw * factor));
  const reasons = parts.sort((a, b) => b[0] - a[0]).map(([, why]) => why);
  if (factor > 1) reasons.push(`${criticality} device (×${factor})`);
  return { score, reasons };
}
