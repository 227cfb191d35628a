import { basename } from 'node:path';
import { tabularAdapter } from './adapter.js';
import { parseNumber, readCsv } from './csv.js';
import type { Column } from './table.js';

const DEVICES = ['Fridge', 'GPS_Tracker', 'Garage_Door', 'Modbus', 'Motion_Light', 'Thermostat', 'Weather'];
const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
/** Sensor readings that are words, not numbers. */
const CATEGORICAL = new Set(['temp_condition', 'door_state', 'light_status', 'sphone_signal']);

/** `25-Apr-19` + ` 19:19:40 ` → epoch seconds (UTC; the capture's zone is not stated). */
export function tonTime(date: string, time: string): number {
  const d = /^(\d{1,2})-([A-Za-z]{3})-(\d{2})$/.exec(date.trim()), t = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(time.trim());
  if (!d || !t || MONTHS[d[2]!] === undefined) return NaN;
  return Date.UTC(2000 + Number(d[3]), MONTHS[d[2]!]!, Number(d[1]), Number(t[1]), Number(t[2]), Number(t[3])) / 1000;
}

/**
 * TON_IoT telemetry of 7 IoT sensors combined into one table (the paper's "combined" setting): a
 * `device` column plus every sensor's readings (blank for other devices). 261k rows; by default a
 * seeded, class-stratified sample of 60,000 keeps the run short.
 *
 * Split: stratified 5-fold CV, not chronological. In these files every normal row was recorded on
 * 31 Mar–2 Apr 2019 and each attack type on its own later day (scanning 23 Apr, ddos/injection
 * 25 Apr, password 26 Apr, xss 27 Apr, backdoor/ransomware 28 Apr): a time split leaves no normal row to score and
 * date/time alone would give the label, so both are dropped and CV is used.
 */
export const tonIot = tabularAdapter({
  name: 'ton-iot',
  title: 'TON_IoT sensor telemetry (7 devices combined)',
  files: DEVICES.map((d) => `network/ton-iot-sensors/Train_Test_IoT_${d}.csv.gz`),
  split: 'cv',
  defaultMaxRows: 60_000,
  devices: DEVICES.length,
  notes: [
    'Chronological split impossible: normal rows span 31 Mar–2 Apr 2019, each attack type has its own later day; stratified CV instead, date/time dropped.',
    'false alerts per day: false alerts over the days the normal rows span (31 Mar–2 Apr), scaled from the sample to the whole file; per 1,000 devices: over the 7 sensors.',
  ],
  published: ['Alsaedi et al. 2020 benchmark LR, LDA, kNN, RF, CART, NB, SVM, LSTM per device and combined; CART/RF best (per-device tables, not re-verified).'],
  async read(paths) {
    const rows: Array<{ device: string; values: Map<string, string>; time: number; label: number; type: string }> = [];
    const sensorCols: string[] = [];
    for (const path of paths) {
      const device = basename(path).replace(/^Train_Test_IoT_/, '').replace(/\.csv\.gz$/, '');
      let header: string[] = [];
      await readCsv(path, (r, i) => {
        if (i === 0) {
          header = r.map((h) => h.trim());
          for (const h of header) if (!['date', 'time', 'label', 'type'].includes(h) && !sensorCols.includes(h)) sensorCols.push(h);
          return;
        }
        const get = (n: string) => r[header.indexOf(n)] ?? '';
        const values = new Map<string, string>();
        for (const h of header) if (!['date', 'time', 'label', 'type'].includes(h)) values.set(h, get(h).trim());
        rows.push({ device, values, time: tonTime(get('date'), get('time')), label: Number(get('label')) === 1 ? 1 : 0, type: get('type').trim() });
      });
    }
    const columns: Column[] = [{ name: 'device', kind: 'categorical', values: rows.map((r) => r.device) }];
    for (const c of sensorCols) {
      // Garage door phone signal is written 0/1 in some rows and false/true in others: one category each way.
      if (CATEGORICAL.has(c)) columns.push({ name: c, kind: 'categorical', values: rows.map((r) => normaliseWord(r.values.get(c))) });
      else columns.push({ name: c, kind: 'numeric', values: Float64Array.from(rows, (r) => parseNumber(r.values.get(c) ?? '')) });
    }
    return {
      columns, y: Uint8Array.from(rows, (r) => r.label), cls: rows.map((r) => (r.label ? r.type || 'attack' : 'normal')),
      time: Float64Array.from(rows, (r) => r.time),
      dropped: [
        { column: 'date', reason: 'each attack type was recorded on its own day: the date gives the label' },
        { column: 'time', reason: 'kept only as the timestamp for false alerts per day, not as a feature' },
        { column: 'label', reason: 'the target' }, { column: 'type', reason: 'the attack class (target)' },
      ],
    };
  },
});

function normaliseWord(v: string | undefined): string {
  const s = (v ?? '').trim().toLowerCase();
  if (s === '') return '(none)';
  if (s === 'true') return '1';
  if (s === 'false') return '0';
  return s;
}
