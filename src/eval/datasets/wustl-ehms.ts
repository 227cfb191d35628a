import { tabularAdapter } from './adapter.js';
import { readCsv } from './csv.js';
import { columnsFrom } from './table.js';

/** Columns that identify hosts, connections or capture order: they single out the attacker and leak the label. */
const IDENTIFIERS: Record<string, string> = {
  SrcAddr: 'source IP address: identifies the attacker host, leaks the label',
  DstAddr: 'destination IP address: identifies hosts, leaks the label',
  SrcMac: 'source MAC address: identifies the attacker host, leaks the label',
  DstMac: 'destination MAC address: identifies hosts, leaks the label',
  Sport: 'source port: ephemeral per connection, identifies the attacker\'s flows',
  Dport: 'destination port: identifies the service pair of the testbed, not behaviour',
  Packet_num: 'packet sequence number of the capture: position in the recording, leaks when attacks were recorded',
  Dir: 'direction flag: constant in this capture',
  Flgs: 'Argus flag string: constant in this capture',
};

/**
 * WUSTL-EHMS-2020 (IoMT flows + patient vitals, MITM spoofing and data alteration; 11,421 rows here).
 * Identifier columns are dropped before learning (the data README's warning); stratified 5-fold CV.
 */
export const wustlEhms = tabularAdapter({
  name: 'wustl-ehms',
  title: 'WUSTL-EHMS-2020 IoMT flows + biometrics',
  files: ['network/wustl-ehms-2020/wustl-ehms-2020-train.csv.gz'],
  split: 'cv',
  notes: ['Addresses, MACs, ports and packet numbers are dropped; with them any model scores ≈ 100 % by recognising the attacker host.'],
  published: ['Hady et al. 2020: network + biometric features improve detection 7–25 % over either alone; 97.6–98.9 % accuracy reported with identifier columns removed.'],
  async read([path]) {
    let header: string[] = [];
    const rows: string[][] = [];
    await readCsv(path!, (r, i) => { if (i === 0) header = r.map((h) => h.trim()); else rows.push(r); });
    const target = new Set(['Label', 'Attack Category']);
    const columns = columnsFrom(header, rows, { keep: (n) => !(n in IDENTIFIERS) && !target.has(n) });
    const li = header.indexOf('Label'), ci = header.indexOf('Attack Category');
    const y = Uint8Array.from(rows, (r) => (Number(r[li]) === 1 ? 1 : 0));
    return {
      columns, y, cls: rows.map((r, i) => (y[i] ? (r[ci] ?? '').trim() || 'attack' : 'normal')),
      dropped: [...Object.entries(IDENTIFIERS).map(([column, reason]) => ({ column, reason })),
        { column: 'Label', reason: 'the target' }, { column: 'Attack Category', reason: 'the attack class (target)' }],
    };
  },
});
