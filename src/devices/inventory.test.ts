import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../core/event.js';
import { Inventory } from './inventory.js';
import { sightingsOf } from './observe.js';

let n = 0;
function ev(body: Partial<WardEvent> & { dataset?: string; category?: string[]; outcome?: 'success' | 'failure' }, t = '2026-01-05T10:00:00.000Z'): WardEvent {
  const { dataset, category, outcome, ...rest } = body;
  return { '@timestamp': t, event: { id: `e${n++}`, dataset: dataset ?? 'zeek.conn', category: category ?? ['network'], ...(outcome ? { outcome } : {}) }, ...rest } as WardEvent;
}

describe('sightingsOf', () => {
  it('makes both internal ends of a flow devices, with the served port on the responder and the protocol from the port', () => {
    const s = sightingsOf(ev({ source: { ip: '10.30.0.2', port: 50000 }, destination: { ip: '10.10.2.10', port: 104 }, outcome: 'success' }));
    expect(s).toHaveLength(2);
    expect(s[0]).toMatchObject({ ip: '10.30.0.2', protocol: 'dicom', peer: { ip: '10.10.2.10', port: 104, dir: 'out' }, cleartextPhi: 'dicom' });
    expect(s[1]).toMatchObject({ ip: '10.10.2.10', servedPort: 104, peer: { ip: '10.30.0.2', dir: 'in' } });
  });

  it('keeps internet addresses as peers, not devices', () => {
    const s = sightingsOf(ev({ source: { ip: '10.30.0.2' }, destination: { ip: '203.0.113.7', port: 443 } }));
    expect(s.map((x) => x.ip)).toEqual(['10.30.0.2']);
    expect(s[0]!.internetPeer).toBe('203.0.113.7');
  });

  it('reads DHCP hostname, vendor class and MAC (Windows DHCP field names)', () => {
    const s = sightingsOf(ev({ dataset: 'windows.dhcp', network: { protocol: 'dhcp' }, source: { ip: '10.30.1.9', domain: 'PUMP-ICU-07', mac: '00-40-49-12-34-56' }, windows_dhcp: { vendor_class: 'Alaris 8015 v12.1.2' } }));
    expect(s[0]).toMatchObject({ ip: '10.30.1.9', mac: '00:40:49:12:34:56', hostname: 'pump-icu-07', vendorClass: 'Alaris 8015 v12.1.2' });
  });

  it('reads DICOM AE titles and C-STORE roles (dicom.*)', () => {
    const s = sightingsOf(ev({ source: { ip: '10.30.0.5' }, destination: { ip: '10.10.2.10', port: 104 }, dicom: { calling_ae_title: 'CT01', called_ae_title: 'PACS', command: 'C-STORE-RQ' } }));
    expect(s[0]).toMatchObject({ aeTitle: 'CT01', dicomRole: 'scu-store' });
    expect(s[1]).toMatchObject({ aeTitle: 'PACS', dicomRole: 'scp-store', storeCaller: '10.30.0.5' });
    // The pcap sensor's names (dicom.calling_ae / called_ae, command C-STORE).
    const p = sightingsOf(ev({ source: { ip: '10.30.0.5' }, destination: { ip: '10.10.2.10', port: 11112 }, network: { protocol: 'dicom' }, dicom: { calling_ae: 'US02', called_ae: 'ARCHIVE', command: 'C-STORE' } }));
    expect(p.map((x) => [x.aeTitle, x.dicomRole])).toEqual([['US02', 'scu-store'], ['ARCHIVE', 'scp-store']]);
  });

  it('reads the pcap sensor\'s DHCP fields (dhcp.client_mac, host_name, vendor_class, assigned_addr)', () => {
    const s = sightingsOf(ev({ dataset: 'network-sensor.dhcp', network: { protocol: 'dhcp' }, source: { ip: '0.0.0.0' }, destination: { ip: '255.255.255.255', port: 67 }, dhcp: { client_mac: '00:a0:9a:01:02:03', host_name: 'NK-MON-3', vendor_class: 'NihonKohden BSM-6000', assigned_addr: '10.30.2.9' } }));
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ ip: '10.30.2.9', mac: '00:a0:9a:01:02:03', hostname: 'nk-mon-3', vendorClass: 'NihonKohden BSM-6000' });
  });

  it('flags a successful default-account login on the target device', () => {
    const s = sightingsOf(ev({ dataset: 'linux.auth', category: ['authentication'], outcome: 'success', user: { name: 'Admin' }, source: { ip: '10.20.0.4' }, destination: { ip: '10.30.0.9', port: 22 } }));
    expect(s.find((x) => x.ip === '10.30.0.9')?.defaultUser).toBe('admin');
  });
});

describe('Inventory', () => {
  it('re-keys a device first seen by IP when its MAC appears, and keeps its history', () => {
    const inv = new Inventory();
    inv.observe([ev({ source: { ip: '10.30.0.2' }, destination: { ip: '10.10.3.10', port: 2575 } }, '2026-01-05T09:00:00.000Z')]);
    expect(inv.get('ip:10.30.0.2')?.protocols).toEqual(['hl7']);
    inv.observe([ev({ dataset: 'zeek.dhcp', network: { protocol: 'dhcp' }, source: { ip: '10.30.0.2', mac: '00:0F:14:AA:BB:CC' }, host: { hostname: 'mon-icu-3' } }, '2026-01-05T11:00:00.000Z')]);
    expect(inv.get('ip:10.30.0.2')).toBeUndefined();
    const d = inv.get('mac:00:0f:14:aa:bb:cc')!;
    expect(d.protocols).toEqual(['hl7', 'dhcp']);
    expect(d.hostnames).toEqual(['mon-icu-3']);
    expect(d.firstSeen).toBe('2026-01-05T09:00:00.000Z');
    expect(d.lastSeen).toBe('2026-01-05T11:00:00.000Z');
    const { changed, renamed } = inv.drain();
    expect(renamed).toEqual([['ip:10.30.0.2', 'mac:00:0f:14:aa:bb:cc']]);
    expect(changed.map((c) => c.id)).toContain('mac:00:0f:14:aa:bb:cc');
    expect(inv.drain().changed).toEqual([]);
  });

  it('moves an address leased to a different MAC to the new device', () => {
    const inv = new Inventory();
    inv.observe([ev({ source: { ip: '10.30.0.2', mac: '00:0f:14:00:00:01' }, destination: { ip: '10.10.3.10', port: 2575 } })]);
    inv.observe([ev({ source: { ip: '10.30.0.2', mac: '00:0f:14:00:00:02' }, destination: { ip: '10.10.3.10', port: 2575 } })]);
    expect(inv.get('mac:00:0f:14:00:00:01')?.ips).toEqual([]);
    expect(inv.lookup({ ip: '10.30.0.2' })?.id).toBe('mac:00:0f:14:00:00:02');
  });

  it('bounds peers: a scan keeps the regular partners and drops one-off targets', () => {
    const inv = new Inventory();
    for (let i = 0; i < 5; i++) inv.observe([ev({ source: { ip: '10.30.0.2' }, destination: { ip: '10.10.3.10', port: 2575 } })]);
    for (let i = 0; i < 500; i++) inv.observe([ev({ source: { ip: '10.30.0.2' }, destination: { ip: `10.40.${i >> 8}.${i & 255}`, port: 445 } })]);
    const d = inv.get('ip:10.30.0.2')!;
    expect(d.peers.length).toBeLessThanOrEqual(64);
    expect(d.peers.find((p) => p.ip === '10.10.3.10')?.count).toBe(5);
  });
});

describe('unanswered probes', () => {
  it('do not create devices at the probed addresses', () => {
    const inv = new Inventory();
    for (let i = 0; i < 50; i++) inv.observe([ev({ source: { ip: '10.30.0.2' }, destination: { ip: `10.40.0.${i}`, port: 445 }, outcome: 'failure' })]);
    expect(inv.size).toBe(1);
  });
});
