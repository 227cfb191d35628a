import type { DeviceCriticality, DeviceRecord, DeviceType } from './types.js';

/** One reason for a type, with how strongly it points there (0–1). */
export interface Evidence {
  type: DeviceType;
  weight: number;
  why: string;
}

/** What the classifier concluded: the type, its confidence and every piece of evidence for it. */
export interface Classification {
  type: DeviceType;
  confidence: number;
  evidence: string[];
}

type Rule = [RegExp, DeviceType, number];

/** Words a device uses for its own class (telemetry `device.type`, MQTT topics). */
const CLASS_WORDS: Rule[] = [
  [/infusion|\bpump|syringe|pca\b/i, 'infusion_pump', 0.95],
  [/ventilat|anaesth|anesth/i, 'ventilator', 0.95],
  [/patient[_ -]?monitor|vital|bedside|telemetry[_ -]?monitor|\bmonitor\b|ecg|spo2|oximet/i, 'patient_monitor', 0.9],
  [/\bct\b|ct[_ -]scanner|\bmri\b|x[_ -]?ray|xray|ultrasound|mammo|modality|fluoro|angio|c[_ -]?arm|\bpet\b|spect|radiograph/i, 'imaging_modality', 0.95],
  [/\bpacs\b|archive|\bvna\b/i, 'pacs', 0.9],
  [/analy[sz]er|\blab\b|laborator|blood[_ -]?gas|hematolog|chemistry/i, 'lab_analyser', 0.9],
  [/printer/i, 'printer', 0.9],
];

/** Vendors (IEEE registry names, self-reported manufacturers, DHCP vendor classes) and what they mostly make. */
const VENDORS: Rule[] = [
  [/baxter|becton|\bbd\b|alaris|carefusion|b\.? ?braun|icu medical|hospira|smiths medical|fresenius|moog|zyno|mindray.*pump/i, 'infusion_pump', 0.6],
  [/hamilton medical|vyaire|puritan|resmed|getinge|maquet/i, 'ventilator', 0.6],
  [/draeger|dräger/i, 'patient_monitor', 0.45],
  [/philips medical|mindray|nihon kohden|spacelabs|masimo|welch allyn|nonin|edan|schiller|ge medical systems information/i, 'patient_monitor', 0.55],
  [/siemens healthineers|siemens healthcare(?! diagnostics)|siemens medical|canon medical|toshiba medical|fujifilm(?! business)|carestream|agfa|hologic|shimadzu|konica minolta medical|samsung medison|esaote|ge healthcare|ge medical systems(?! information)|varian|elekta/i, 'imaging_modality', 0.5],
  [/roche diagnostics|siemens healthcare diagnostics|abbott|beckman|sysmex|biom[ée]rieux|ortho[- ]clinical|radiometer|bio-rad|werfen|instrumentation laboratory|\broche\b/i, 'lab_analyser', 0.6],
  [/lexmark|zebra technologies|brother industries|kyocera|xerox|ricoh|seiko epson|canon inc|konica minolta business|sharp corp|oki data/i, 'printer', 0.6],
  [/cisco|juniper|aruba|ubiquiti|mikrotik|fortinet|palo alto|extreme networks|ruckus|netgear|tp-link|d-link|meraki|arista|brocade|allied telesis/i, 'network', 0.55],
  [/espressif|raspberry|tuya|axis communications|hikvision|dahua|honeywell|johnson controls|schneider|siemens building|bosch security|hanwha|sonos|amazon technologies|google|nest|shelly/i, 'iot', 0.55],
  [/dell|lenovo|hewlett packard(?! enterprise)|hp inc|apple|microsoft corp|asustek|acer|intel corporate|fujitsu client|msft 5\.0|msft 98/i, 'workstation', 0.35],
  [/supermicro|super micro|vmware|hewlett packard enterprise|nutanix|oracle|ibm|citrix/i, 'server', 0.45],
];

/** Product names that settle the class. */
const MODELS: Rule[] = [
  [/sigma spectrum|spectrum iq|alaris|\bplum\b|medfusion|infusomat|perfusor|space ?station|\bcadd|agilia|volumat|symbiq|freedom ?60|bodyguard/i, 'infusion_pump', 0.95],
  [/intellivue|beneview|\bepm\b|carescape|\bdash\b|infinity (delta|m540|acute)|life ?scope|xprezzon|radical-7|vsm|connex/i, 'patient_monitor', 0.95],
  [/evita|savina|babylog|hamilton-[cgt]\d|servo-?[iu]|puritan bennett|\bpb ?980|trilogy|v60|bellavista/i, 'ventilator', 0.95],
  [/somatom|magnetom|signa|revolution|optima|discovery|aquilion|vantage|ingenuity|brilliance|\bdrx|definium|ysio|luminos|artis|multix|mammomat|selenia|fcr|\bcr[- ]|vivid|logiq|voluson|epiq|affiniti/i, 'imaging_modality', 0.95],
  [/\bcobas|atellica|architect|alinity|\bdxh|\bdxi|unicel|\bxn-\d|\bxs-\d|vitek|advia|dimension|abl ?\d|rapidpoint|gem premier|vitros/i, 'lab_analyser', 0.95],
];

/** Host-name conventions (site naming rules are common: `pump-icu-12`, `ws-radiology-3`, `prn-2f`). */
const HOSTNAMES: Rule[] = [
  [/pump|infus|alaris|sigma/i, 'infusion_pump', 0.7],
  [/vent(?!ur)|evita/i, 'ventilator', 0.6],
  [/monitor|intellivue|\bpm-|bedside/i, 'patient_monitor', 0.55],
  [/pacs|\bvna/i, 'pacs', 0.8],
  [/^(ct|mr|mri|xr|dx|cr|us|nm|mg|rf)[-_]?\d|modality|scanner|xray/i, 'imaging_modality', 0.6],
  [/^lab|analy[sz]|cobas/i, 'lab_analyser', 0.55],
  [/^(prn|print|mfp|npi)|printer/i, 'printer', 0.75],
  [/^(ws|wks|pc|desk|lt|laptop|nb|wkstn|cow)[-_]/i, 'workstation', 0.6],
  [/^(dc|srv|sql|db|app|web|mail|smtp|fs|file|ehr|fhir|hl7|vpn|bastion|ad|exch|citrix|esx|hv)[-_]?\d*/i, 'server', 0.55],
  [/^(sw|rtr|core|ap|wlc|fw|asa)[-_]?\d/i, 'network', 0.6],
  [/cam|hvac|bms|badge|door|tv-/i, 'iot', 0.5],
];

/** Services a device answers on, and what answering on them means. */
const SERVED: Record<number, [DeviceType, number, string]> = {
  9100: ['printer', 0.8, 'JetDirect'], 631: ['printer', 0.6, 'IPP'], 515: ['printer', 0.7, 'LPD'],
  88: ['server', 0.8, 'Kerberos'], 389: ['server', 0.7, 'LDAP'], 445: ['server', 0.45, 'SMB'], 53: ['server', 0.5, 'DNS'],
  25: ['server', 0.6, 'SMTP'], 1433: ['server', 0.7, 'SQL Server'], 3306: ['server', 0.7, 'MySQL'], 5432: ['server', 0.7, 'PostgreSQL'],
  2575: ['server', 0.6, 'HL7 MLLP'], 1883: ['server', 0.55, 'MQTT broker'], 8883: ['server', 0.55, 'MQTT broker (TLS)'],
  443: ['server', 0.4, 'HTTPS'], 80: ['server', 0.35, 'HTTP'], 22: ['server', 0.25, 'SSH'], 993: ['server', 0.6, 'IMAPS'],
};

function match(rules: Rule[], text: string | undefined, label: string, out: Evidence[], scale = 1): void {
  if (!text) return;
  for (const [re, type, w] of rules) {
    if (re.test(text)) {
      out.push({ type, weight: w * scale, why: `${label} "${text}"` });
      return;
    }
  }
}

/** Distinct peers that opened connections to this device on a port. */
function callers(r: DeviceRecord, port: number): number {
  return new Set(r.peers.filter((p) => p.dir === 'in' && p.port === port).map((p) => p.ip)).size;
}

/**
 * All the evidence a record holds about its device's type: self-report, vendor (MAC registry and
 * self-reported manufacturer), product name, DHCP vendor class, host names, DICOM/HL7 roles, MQTT
 * topics, services offered and client behaviour.
 */
export function evidenceFor(r: DeviceRecord, vendor: string | undefined): Evidence[] {
  const ev: Evidence[] = [];
  match(CLASS_WORDS, r.report.type, 'reports itself as', ev);
  match(MODELS, r.report.model, 'product', ev);
  match(VENDORS, r.report.manufacturer, 'manufacturer', ev);
  match(VENDORS, vendor, 'MAC vendor', ev);
  for (const vc of r.vendorClasses) {
    match(MODELS, vc, 'DHCP vendor class', ev);
    match(VENDORS, vc, 'DHCP vendor class', ev);
  }
  for (const h of r.hostnames) match(HOSTNAMES, h, 'host name', ev);
  for (const t of r.mqttTopics.slice(0, 4)) match(CLASS_WORDS, t, 'MQTT topic', ev, 0.85);
  for (const m of r.serverBanners) match(MODELS, m, 'server banner', ev);

  // DICOM: who stores images where. A modality sends (C-STORE SCU); an archive receives from many.
  const dicomIn = Math.max(callers(r, 104), callers(r, 11112), callers(r, 2762), r.storeCallers.length);
  if (r.dicomRoles.includes('scp-store') || dicomIn > 0 && r.servedPorts.some((p) => p === 104 || p === 11112 || p === 2762)) {
    if (dicomIn >= 3) ev.push({ type: 'pacs', weight: 0.85, why: `receives DICOM from ${dicomIn} devices` });
    else ev.push({ type: 'pacs', weight: 0.5, why: `receives DICOM from ${dicomIn || 1} device(s)` });
  }
  const dicomOut = r.peers.some((p) => p.dir === 'out' && (p.port === 104 || p.port === 11112 || p.port === 2762));
  if (r.dicomRoles.includes('scu-store')) ev.push({ type: 'imaging_modality', weight: 0.75, why: 'sends images (DICOM C-STORE SCU)' });
  else if (r.dicomRoles.includes('scu-find') || r.dicomRoles.includes('scu-move')) ev.push({ type: 'workstation', weight: 0.4, why: 'queries/retrieves images (DICOM C-FIND/C-MOVE SCU)' });
  else if (dicomOut && !r.servedPorts.includes(104)) ev.push({ type: 'imaging_modality', weight: 0.55, why: 'opens DICOM associations to an archive' });

  // HL7: results senders are analysers or monitor gateways; an engine receives from many.
  if (r.hl7.includes('ORU-sender')) {
    ev.push({ type: 'lab_analyser', weight: 0.35, why: 'sends HL7 ORU results' });
    ev.push({ type: 'patient_monitor', weight: 0.35, why: 'sends HL7 ORU results' });
  }
  const hl7Out = r.peers.some((p) => p.dir === 'out' && (p.port === 2575 || p.port === 6661));
  if (hl7Out && !r.servedPorts.includes(2575)) {
    ev.push({ type: 'patient_monitor', weight: 0.3, why: 'sends HL7 over MLLP' });
    ev.push({ type: 'lab_analyser', weight: 0.25, why: 'sends HL7 over MLLP' });
  }
  const mqttOut = r.peers.some((p) => p.dir === 'out' && (p.port === 1883 || p.port === 8883));
  if (mqttOut && !r.mqttTopics.length) ev.push({ type: 'iot', weight: 0.35, why: 'publishes to an MQTT broker' });

  // Services offered to several clients.
  for (const port of r.servedPorts) {
    const s = SERVED[port];
    if (!s) continue;
    const n = callers(r, port);
    if (n >= 2 || s[0] === 'printer') ev.push({ type: s[0], weight: s[1], why: `serves ${s[2]} (port ${port}) to ${n} client(s)` });
  }

  // A person's machine: browsers, and the mix of directory, file and web traffic.
  if (r.userAgents.some((u) => /mozilla|chrome|edge|safari|firefox/i.test(u))) ev.push({ type: 'workstation', weight: 0.5, why: 'web browser user agent' });
  const outPorts = new Set(r.peers.filter((p) => p.dir === 'out').map((p) => p.port));
  const officeMix = [88, 389, 445, 443, 80, 53, 3389, 993, 587].filter((p) => outPorts.has(p)).length;
  if (officeMix >= 3) ev.push({ type: 'workstation', weight: 0.3 + 0.08 * Math.min(officeMix, 6), why: `client of ${officeMix} office services (directory, file, web, mail)` });
  // Browsing: web sessions to several internet hosts and no service offered — a person at a screen.
  const web = r.peers.filter((p) => p.dir === 'out' && (p.port === 443 || p.port === 80)).length;
  const resolves = r.peers.some((p) => p.dir === 'out' && p.port === 53);
  if (r.exposure.internetPeers.length && web && resolves && !r.servedPorts.length) {
    const n = r.exposure.internetPeers.length;
    ev.push({ type: 'workstation', weight: n >= 2 ? 0.4 : 0.3, why: `resolves names and opens web sessions to ${n} internet host(s), offers no service` });
  }
  return ev;
}

/**
 * The most likely type and its confidence: per type, pieces of evidence combine as independent
 * odds (1 − Π(1 − w)); the best type wins and its confidence is discounted by the strongest rival.
 *
 * @example
 * classify(record, 'Baxter International Inc').type // 'infusion_pump'
 */
export function classify(r: DeviceRecord, vendor: string | undefined): Classification {
  const ev = evidenceFor(r, vendor);
  if (!ev.length) return { type: 'unknown', confidence: 0, evidence: [] };
  const score = new Map<DeviceType, number>();
  for (const e of ev) score.set(e.type, 1 - (1 - (score.get(e.type) ?? 0)) * (1 - Math.min(0.99, e.weight)));
  const ranked = [...score].sort((a, b) => b[1] - a[1]);
  const [type, best] = ranked[0]!;
  const rival = ranked[1]?.[1] ?? 0;
  const confidence = Math.round(best * (1 - rival / 2) * 100) / 100;
  return { type, confidence, evidence: ev.filter((e) => e.type === type).map((e) => e.why) };
}

/**
 * The default criticality of a type: what keeps a patient alive, what a diagnosis waits for, the rest.
 *
 * @example
 * criticalityOf('infusion_pump') // 'life-sustaining'
 */
export function criticalityOf(type: DeviceType): DeviceCriticality {
  switch (type) {
    case 'infusion_pump': case 'patient_monitor': case 'ventilator': return 'life-sustaining';
    case 'imaging_modality': case 'pacs': case 'lab_analyser': return 'diagnostic';
    default: return 'operational';
  }
}
