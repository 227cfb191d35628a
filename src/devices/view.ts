import { classify, criticalityOf } from './classify.js';
import { vendorOfMac } from './oui.js';
import type { DeviceOverride } from './repo.js';
import { riskOf } from './risk.js';
import type { DeviceRecord, DeviceView } from './types.js';
import { matchVulns, type VulnCatalogue } from './vulns.js';

/**
 * What the CLI, API and console show of a device: the record with its vendor, classification
 * (or a person's override), criticality, matched vulnerabilities and risk.
 *
 * @example
 * viewOf(record, overrides.get(record.id), catalogue).type // 'infusion_pump'
 */
export function viewOf(r: DeviceRecord, override: DeviceOverride | undefined, cat: VulnCatalogue | undefined): DeviceView {
  const macVendor = vendorOfMac(r.mac);
  const c = classify(r, macVendor);
  const type = override?.type ?? c.type;
  const criticality = override?.criticality ?? criticalityOf(type);
  const vulnerabilities = cat ? matchVulns(r, macVendor, cat) : [];
  const risk = riskOf(r, criticality, vulnerabilities);
  return {
    id: r.id,
    mac: r.mac ?? null,
    vendor: macVendor ?? r.report.manufacturer ?? null,
    ips: r.ips,
    hostnames: r.hostnames,
    type,
    typeConfidence: override?.type ? 1 : c.confidence,
    typeEvidence: override?.type ? [`set by ${override.updatedBy}`, ...c.evidence.map((e) => `classifier (${c.type}): ${e}`)] : c.evidence,
    typeSource: override?.type ? 'override' : 'classified',
    criticality,
    criticalitySource: override?.criticality ? 'override' : 'derived',
    protocols: r.protocols,
    aeTitles: r.aeTitles,
    peers: [...r.peers].sort((a, b) => b.count - a.count),
    servedPorts: r.servedPorts,
    firstSeen: r.firstSeen,
    lastSeen: r.lastSeen,
    risk: risk.score,
    riskReasons: risk.reasons,
    vulnerabilities,
    report: r.report,
  };
}
