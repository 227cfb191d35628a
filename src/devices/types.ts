/** What a device is, as the inventory classifies it. */
export const DEVICE_TYPES = [
  'infusion_pump', 'patient_monitor', 'ventilator', 'imaging_modality', 'pacs', 'lab_analyser',
  'workstation', 'server', 'printer', 'iot', 'network', 'unknown',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

/**
 * How much a patient depends on the device: `life-sustaining` devices are never acted on without a
 * biomedical-engineering approval, `diagnostic` ones neither (the respond gate's rule), `operational` may be.
 */
export const CRITICALITIES = ['life-sustaining', 'diagnostic', 'operational'] as const;
export type DeviceCriticality = (typeof CRITICALITIES)[number];

/** One peer of a device: the other address, the port on the serving side and how often. */
export interface Peer {
  ip: string;
  port: number;
  /** `out`: this device opened the connection; `in`: the peer did. */
  dir: 'out' | 'in';
  count: number;
  last: string;
}

/** What the device said about itself (telemetry, DHCP, HTTP/SSDP banners). */
export interface SelfReport {
  type?: string;
  manufacturer?: string;
  model?: string;
  firmware?: string;
}

/**
 * Everything the inventory keeps of one device, built from observed events. Bounded: at most
 * {@link LIMITS} entries per list, the oldest/rarest dropped first.
 */
export interface DeviceRecord {
  /** Stable id: `mac:aa:bb:…` when a MAC is known, else `ip:10.0.0.5`. */
  id: string;
  mac?: string;
  ips: string[];
  hostnames: string[];
  /** Application protocols seen (`dicom`, `hl7`, `mqtt`, `http`, `tls`, `smb`, `dns`, `rdp`…). */
  protocols: string[];
  /** Ports this device answered on (a service it offers). */
  servedPorts: number[];
  peers: Peer[];
  aeTitles: string[];
  vendorClasses: string[];
  /** DICOM: `scu-store` when it sent C-STORE, `scp-store` when it received it (with the callers). */
  dicomRoles: string[];
  /** Distinct DICOM / HL7 / MQTT callers (for "receives from many" rules). */
  storeCallers: string[];
  hl7: string[];
  mqttTopics: string[];
  tlsServerNames: string[];
  userAgents: string[];
  serverBanners: string[];
  report: SelfReport;
  /** Exposure facts: cleartext PHI protocols, SMBv1, default user names seen, internet peers. */
  exposure: { internetPeers: string[]; cleartextPhi: string[]; smbv1: boolean; defaultUsers: string[]; tlsPhi: string[] };
  events: number;
  firstSeen: string;
  lastSeen: string;
}

/** Caps on each list of a device record, so a scanning or busy device cannot grow without bound. */
export const LIMITS = { ips: 8, hostnames: 8, protocols: 32, servedPorts: 32, peers: 64, aeTitles: 16, strings: 16, callers: 64 } as const;

/** A device as the CLI, API and console show it (record + classification + risk). */
export interface DeviceView {
  id: string;
  mac: string | null;
  vendor: string | null;
  ips: string[];
  hostnames: string[];
  type: DeviceType;
  typeConfidence: number;
  typeEvidence: string[];
  typeSource: 'classified' | 'override';
  criticality: DeviceCriticality;
  criticalitySource: 'derived' | 'override';
  protocols: string[];
  aeTitles: string[];
  peers: Peer[];
  servedPorts: number[];
  firstSeen: string;
  lastSeen: string;
  risk: number;
  riskReasons: string[];
  vulnerabilities: VulnMatch[];
  report: SelfReport;
}

/** A vulnerability the device may have, and how sure the match is. */
export interface VulnMatch {
  id: string;
  source: 'cisa-kev' | 'icsma-csaf';
  title: string;
  /** `confirmed`: vendor, product and version match; `probable`: vendor and product; `possible`: vendor only. */
  confidence: 'confirmed' | 'probable' | 'possible';
  cves: string[];
  knownExploited: boolean;
}
