import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import { jsonParser } from '../json/index.js';
import { sniffFormat } from '../sniff-format.js';
import { deviceTelemetryParser, sniffDeviceTelemetry } from './index.js';

const build = (cfg: unknown = {}) => deviceTelemetryParser.build(deviceTelemetryParser.config.parse(cfg), { dataDir: '/tmp' });
const parser = build();
const REF = Date.UTC(2026, 0, 5, 12);
const rec = (data: string, source = 'mqtt:ward/icu/PUMP-0192/telemetry') => ({ data, source, offset: 3, receivedAt: REF });

/** An infusion pump's telemetry in the Wardwatch schema (docs/formats/device-telemetry.md). */
const PUMP = {
  device: { id: 'PUMP-0192', type: 'infusion_pump', vendor: 'BD', model: { name: 'Alaris 8015', identifier: '8015' }, serial: 'AP55-0192', firmware: '12.1.3', criticality: 'life_critical', location: { unit: 'ICU', room: '12' }, ip: '10.40.12.7' },
  timestamp: '2026-01-05T10:00:00.250+01:00',
  metrics: { flow_rate_ml_h: 12.5, volume_infused_ml: '230.4', battery_pct: 81, door_open: false },
  status: 'infusing',
};

describe('device-telemetry parser', () => {
  it('maps the structured schema (golden)', () => {
    expect(parser.parse(rec(JSON.stringify(PUMP)))).toEqual([{
      '@timestamp': '2026-01-05T09:00:00.250Z',
      event: { kind: 'metric', category: ['host'], type: ['info'], action: 'device_telemetry', module: 'device-telemetry', dataset: 'device.telemetry' },
      device: {
        id: 'PUMP-0192', type: 'infusion_pump', manufacturer: 'BD', model: { identifier: '8015', name: 'Alaris 8015' }, serial_number: 'AP55-0192', firmware_version: '12.1.3',
        criticality: 'life_critical', location: { unit: 'ICU', room: '12' }, metrics: { flow_rate_ml_h: 12.5, volume_infused_ml: 230.4, battery_pct: 81, door_open: 0 }, status: 'infusing',
      },
      host: { ip: ['10.40.12.7'] },
      labels: { mqtt_topic: 'ward/icu/PUMP-0192/telemetry' },
    }]);
  });

  it('maps alarms to an event with a severity, and a status-only record to a state', () => {
    const [a] = parser.parse(rec(JSON.stringify({ device: { id: 'MON-7', type: 'patient_monitor' }, ts: 1767607200, alarms: [{ code: 'SPO2_LOW', severity: 'high', message: 'SpO2 84%' }, 'LEAD_OFF'] })));
    expect(a).toMatchObject({ '@timestamp': '2026-01-05T10:00:00.000Z', event: { kind: 'event', action: 'device_alarm', severity: 73 }, device: { alarms: [{ code: 'SPO2_LOW', severity: 'high', message: 'SpO2 84%' }, { code: 'LEAD_OFF' }] } });
    const [s] = parser.parse(rec('{"device":{"id":"MON-7"},"status":"offline"}'));
    expect(s).toMatchObject({ '@timestamp': new Date(REF).toISOString(), event: { kind: 'state', action: 'device_status' }, device: { id: 'MON-7', status: 'offline' } });
  });

  it('takes the device id from the topic when configured and the payload has none', () => {
    const p = build({ deviceIdTopicLevel: -2 });
    expect(p.parse(rec('{"metrics":{"spo2":97}}'))[0]!.device).toEqual({ id: 'PUMP-0192', metrics: { spo2: 97 } });
    expect(parser.parse(rec('{"metrics":{"spo2":97}}'))[0]!.device).toEqual({ metrics: { spo2: 97 } });
  });

  it('reads an array of readings as one event each', () => {
    expect(parser.parse(rec(JSON.stringify([PUMP, { ...PUMP, metrics: { flow_rate_ml_h: 0 } }])))).toHaveLength(2);
  });

  it('dead-letters bad payloads with the reason and where', () => {
    expect(() => parser.parse(rec('{"device":'))).toThrow(/^mqtt:ward\/icu\/PUMP-0192\/telemetry:3: not JSON: /);
    expect(() => parser.parse(rec('"hello"'))).toThrow('expected a telemetry object, got string');
    expect(() => parser.parse(rec('[]'))).toThrow('empty JSON array: no telemetry');
    expect(() => parser.parse(rec('{"metrics":[1,2]}'))).toThrow('"metrics" must be an object of name → number');
    expect(() => parser.parse(rec('{"metrics":{"spo2":"high"}}'))).toThrow('metric "spo2" is not a number ("high")');
    expect(() => parser.parse(rec('{"device":{"id":"x"},"timestamp":"yesterday"}'))).toThrow('unreadable timestamp "yesterday": expected ISO 8601 or epoch s/ms/µs/ns');
    expect(() => parser.parse(rec('{}'))).toThrow(new ParseError('no device telemetry in the record: expected a device (id, type…), metrics, status, alarms or sensor readings', 'mqtt:ward/icu/PUMP-0192/telemetry:3'));
  });

  it('yields events or a ParseError for random and truncated input', () => {
    const text = JSON.stringify(PUMP);
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 100 }), fc.json(), fc.nat(text.length).map((n) => text.slice(0, n)), fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null))).map((o) => JSON.stringify(o))), (data) => {
        try {
          for (const e of parser.parse(rec(data))) expect(Number.isNaN(Date.parse(e['@timestamp']))).toBe(false);
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('sniffs the schema and not plain JSON', () => {
    expect(sniffDeviceTelemetry([JSON.stringify(PUMP)])).toBe(1);
    expect(sniffDeviceTelemetry(['{"a":1}', 'x'])).toBe(0);
    // Registered before json, it wins the tie on telemetry NDJSON and leaves other JSON to json.
    expect(sniffFormat([deviceTelemetryParser, jsonParser], [JSON.stringify(PUMP)])).toBe('device-telemetry');
    expect(sniffFormat([deviceTelemetryParser, jsonParser], ['{"@timestamp":"2026-01-05T10:00:00Z"}'])).toBe('json');
  });
});

/** TON_IoT sensor CSV rows turned into flat JSON objects (header → keys), as a gateway would publish them. */
const TON = new URL('../../../../shared/data/network/ton-iot-sensors/', import.meta.url).pathname;
describe.skipIf(!existsSync(TON))('device-telemetry: TON_IoT flat sensor rows', () => {
  const rows = (file: string, n: number): Array<Record<string, string>> => {
    const lines = gunzipSync(readFileSync(join(TON, file))).toString('utf8').split(/\r?\n/).filter((l) => l.length > 0);
    const header = lines[0]!.replace(/^\ufeff/, '').split(',');
    return lines.slice(1, n + 1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v])));
  };

  it('reads the first 1000 rows of every device file without a dead letter', () => {
    const files = readdirSync(TON).filter((f) => f.endsWith('.csv.gz'));
    expect(files.length).toBe(7);
    for (const f of files) {
      const deviceType = f.replace(/^Train_Test_IoT_|\.csv\.gz$/g, '').toLowerCase();
      for (const [i, row] of rows(f, 1000).entries()) {
        const [e] = parser.parse({ data: JSON.stringify({ device_type: deviceType, ...row }), source: `file:${f}`, offset: i + 2, receivedAt: REF });
        expect(e!.device!.type).toBe(deviceType);
        expect(Object.keys(e!.device!.metrics ?? {}).length + Object.keys((e!.device!.state as object | undefined) ?? {}).length, `${f}:${i + 2}`).toBeGreaterThan(0);
      }
    }
  });

  it('golden: a fridge row and a garage-door row', () => {
    const [fridge] = rows('Train_Test_IoT_Fridge.csv.gz', 1);
    expect(parser.parse({ data: JSON.stringify({ device_id: 'fridge-1', device_type: 'fridge', ...fridge }), source: 'file:fridge', receivedAt: REF })[0]).toEqual({
      '@timestamp': '2019-04-25T19:19:40.000Z',
      event: { kind: 'metric', category: ['host'], type: ['info'], action: 'device_telemetry', module: 'device-telemetry', dataset: 'device.telemetry' },
      device: { id: 'fridge-1', type: 'fridge', metrics: { fridge_temperature: 9 }, state: { temp_condition: 'high' } },
      labels: { label: '1', type: 'ddos' },
    });
    const [door] = rows('Train_Test_IoT_Garage_Door.csv.gz', 1);
    expect(parser.parse({ data: JSON.stringify(door), source: 'file:door', receivedAt: REF })[0]!.device).toEqual({ metrics: { sphone_signal: 0 }, state: { door_state: 'closed' } });
  });
});
