/** Device types and criticalities as the API names them (src/devices/types.ts). */
export const DEVICE_TYPES = ['infusion_pump', 'patient_monitor', 'ventilator', 'imaging_modality', 'pacs', 'lab_analyser', 'workstation', 'server', 'printer', 'iot', 'network', 'unknown'] as const;
export const CRITICALITIES = ['life-sustaining', 'diagnostic', 'operational'] as const;

export interface Peer { ip: string; port: number; dir: 'out' | 'in'; count: number; last: string }
export interface Vuln { id: string; source: string; title: string; confidence: 'confirmed' | 'probable' | 'possible'; cves: string[]; knownExploited: boolean }
export interface Device {
  id: string; mac: string | null; vendor: string | null; ips: string[]; hostnames: string[];
  type: string; typeConfidence: number; typeEvidence: string[]; typeSource: 'classified' | 'override';
  criticality: string; criticalitySource: 'derived' | 'override';
  protocols: string[]; aeTitles: string[]; servedPorts: number[]; firstSeen: string; lastSeen: string;
  risk: number; riskReasons: string[]; vulnerabilities: Vuln[];
  report: { type?: string; manufacturer?: string; model?: string; firmware?: string };
}
export type DeviceRow = Omit<Device, 'peers'> & { peers: number };
export type DeviceDetail = Device & { peers: Peer[]; override: { type?: string; criticality?: string; updatedBy: string; updated: number } | null };

/** A type's label for people: `infusion_pump` → `infusion pump`. */
export const label = (t: string) => t.replace(/_/g, ' ');
