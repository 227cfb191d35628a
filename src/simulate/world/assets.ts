import type { Rng } from '../rng.js';
import type { Profile } from './profiles.js';
import type { Device, Server, Workstation } from './types.js';

interface DeviceModel {
  type: string;
  manufacturer: string;
  model: string;
  firmware: string[];
  protocol: Device['protocol'];
  criticality: Device['criticality'];
  periodSec: number;
  metrics: Array<[string, number, number]>;
  share: number;
}

/** Device classes with vendor, protocol and their steady periodic behaviour. */
const CATALOGUE: DeviceModel[] = [
  { type: 'infusion_pump', manufacturer: 'Baxter', model: 'Sigma Spectrum', firmware: ['8.01.01', '8.02.00'], protocol: 'mqtt', criticality: 'life_critical', periodSec: 900, metrics: [['flow_rate_ml_h', 80, 25], ['volume_remaining_ml', 400, 150], ['battery_pct', 85, 10]], share: 40 },
  { type: 'infusion_pump', manufacturer: 'BD', model: 'Alaris 8015', firmware: ['12.1.2', '12.3.0'], protocol: 'mqtt', criticality: 'life_critical', periodSec: 900, metrics: [['flow_rate_ml_h', 60, 20], ['volume_remaining_ml', 300, 120], ['battery_pct', 80, 12]], share: 25 },
  { type: 'patient_monitor', manufacturer: 'Philips', model: 'IntelliVue MX450', firmware: ['M.00.03', 'M.01.00'], protocol: 'hl7-mllp', criticality: 'life_critical', periodSec: 900, metrics: [['heart_rate_bpm', 78, 12], ['spo2_pct', 97, 1.5], ['resp_rate', 16, 3]], share: 25 },
  { type: 'ventilator', manufacturer: 'Draeger', model: 'Evita V500', firmware: ['2.51'], protocol: 'hl7-mllp', criticality: 'life_critical', periodSec: 900, metrics: [['tidal_volume_ml', 450, 60], ['peep_cmh2o', 6, 1.5]], share: 3 },
  { type: 'lab_analyzer', manufacturer: 'Roche', model: 'cobas 6000', firmware: ['06-02'], protocol: 'hl7-mllp', criticality: 'medium', periodSec: 1800, metrics: [['samples_per_hour', 120, 30], ['reagent_pct', 60, 20]], share: 3 },
  { type: 'ct_scanner', manufacturer: 'Siemens', model: 'SOMATOM go.Up', firmware: ['VA40A'], protocol: 'dicom', criticality: 'high', periodSec: 1800, metrics: [['studies_per_hour', 3, 1.5], ['tube_temp_c', 45, 8]], share: 2 },
  { type: 'mri', manufacturer: 'GE Healthcare', model: 'SIGNA Explorer', firmware: ['DV26.0'], protocol: 'dicom', criticality: 'high', periodSec: 1800, metrics: [['studies_per_hour', 2, 1], ['helium_pct', 92, 2]], share: 1 },
  { type: 'xray', manufacturer: 'Carestream', model: 'DRX-Evolution', firmware: ['5.7'], protocol: 'dicom', criticality: 'medium', periodSec: 1800, metrics: [['studies_per_hour', 5, 2]], share: 3 },
];

/**
 * Core servers (EHR, PACS, HL7 engine, AD, VPN, mail, FHIR API, file server, SSH bastion)
 * plus the profile's Linux application servers.
 *
 * @example
 * buildServers(PROFILES.clinic).find((s) => s.role === 'ehr')?.name // 'ehr01'
 */
export function buildServers(profile: Profile): Server[] {
  const s: Server[] = [
    { name: 'dc01', ip: '10.10.0.10', role: 'ad', os: 'windows' },
    { name: 'dc02', ip: '10.10.0.11', role: 'ad', os: 'windows' },
    { name: 'ehr01', ip: '10.10.1.10', role: 'ehr', os: 'linux' },
    { name: 'fhir01', ip: '10.10.1.20', role: 'fhir', os: 'linux' },
    { name: 'pacs01', ip: '10.10.2.10', role: 'pacs', os: 'linux' },
    { name: 'hl7eng01', ip: '10.10.3.10', role: 'hl7', os: 'linux' },
    { name: 'vpn01', ip: '10.10.4.10', role: 'vpn', os: 'appliance' },
    { name: 'mail01', ip: '10.10.5.10', role: 'mail', os: 'linux' },
    { name: 'fs01', ip: '10.10.6.10', role: 'file', os: 'windows' },
    { name: 'bastion01', ip: '10.10.7.10', role: 'bastion', os: 'linux' },
  ];
  for (let i = 1; i <= profile.linuxServers; i++) {
    s.push({ name: `app${String(i).padStart(2, '0')}`, ip: `10.10.8.${10 + i}`, role: 'linux', os: 'linux' });
  }
  return s;
}

/** Workstations: shared ones on each unit, desks in each department. */
export function buildWorkstations(rng: Rng, profile: Profile): Workstation[] {
  const out: Workstation[] = [];
  for (let i = 0; i < profile.workstations; i++) {
    const onUnit = profile.beds > 0 && rng.chance(0.45);
    const dept = rng.pick(profile.departments);
    const unit = onUnit ? rng.pick(profile.units) : undefined;
    const ws: Workstation = {
      name: `WS-${(unit ?? dept).replace(/[^A-Za-z0-9]/g, '').slice(0, 6).toUpperCase()}-${String(i + 1).padStart(4, '0')}`,
      ip: `10.20.${Math.floor(i / 250)}.${(i % 250) + 2}`,
      department: dept,
    };
    if (unit !== undefined) ws.unit = unit;
    out.push(ws);
  }
  return out;
}

/** Medical devices with their vendor, protocol, destination and telemetry profile. */
export function buildDevices(rng: Rng, profile: Profile, servers: Server[]): Device[] {
  const by = (role: string) => servers.find((s) => s.role === role)!;
  const out: Device[] = [];
  const weights = CATALOGUE.map((m) => [m, m.share] as const);
  for (let i = 0; i < profile.devices; i++) {
    const m = rng.weighted(weights);
    const dest = m.protocol === 'dicom' ? { ip: by('pacs').ip, port: 104, service: 'dicom' }
      : m.protocol === 'hl7-mllp' ? { ip: by('hl7').ip, port: 2575, service: 'hl7' }
        : { ip: by('hl7').ip, port: 8883, service: 'mqtt' };
    out.push({
      id: `DEV-${m.type.split('_').map((w) => w[0]!.toUpperCase()).join('')}-${String(i + 1).padStart(5, '0')}`,
      type: m.type, manufacturer: m.manufacturer, model: m.model, firmware: rng.pick(m.firmware),
      serial: `${m.manufacturer.slice(0, 2).toUpperCase()}${rng.hex(8).toUpperCase()}`,
      ip: `10.30.${Math.floor(i / 250)}.${(i % 250) + 2}`,
      unit: m.type === 'ct_scanner' || m.type === 'mri' || m.type === 'xray' ? 'Radiology' : m.type === 'lab_analyzer' ? 'Laboratory' : rng.pick(profile.units),
      protocol: m.protocol, dest, criticality: m.criticality, periodSec: m.periodSec, metrics: m.metrics,
    });
  }
  return out;
}
