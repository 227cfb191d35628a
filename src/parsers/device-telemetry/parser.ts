import type { ParsedEvent, Parser } from '../../core/components.js';
import { jsonOf } from '../common/json-record.js';
import { ParseError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { recordWhere } from '../common/where.js';
import { zoneResolver } from '../common/zone.js';
import type { DeviceTelemetryConfig } from './config.js';
import { telemetryToEvent } from './to-event.js';

/**
 * The MQTT topic a record came on: sources of type `mqtt` name records `mqtt:<topic>`.
 *
 * @example
 * topicOf({ data: '{}', source: 'mqtt:ward/icu/pump-1', receivedAt: 0 }) // 'ward/icu/pump-1'
 */
export function topicOf(record: RawRecord): string | undefined {
  return record.source.startsWith('mqtt:') ? record.source.slice(5) : undefined;
}

/**
 * Build the `device-telemetry` parser: a record is one JSON object (or an array of them,
 * one event each) in the Wardwatch telemetry schema or a flat sensor row.
 *
 * @example
 * const p = createDeviceTelemetryParser(deviceTelemetryConfig.parse({}));
 * p.parse({ data: '{"device":{"id":"PUMP-1"},"metrics":{"flow_rate_ml_h":12.5}}', source: 'mqtt:ward/icu/pump-1', receivedAt: Date.now() });
 */
export function createDeviceTelemetryParser(cfg: DeviceTelemetryConfig): Parser {
  const toUtc = zoneResolver(cfg.timezone);
  return {
    name: 'device-telemetry',
    parse(record: RawRecord): ParsedEvent[] {
      const where = recordWhere(record);
      const value = jsonOf(record, where);
      const topic = topicOf(record);
      const one = (v: unknown, w: string) => {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ParseError(`expected a telemetry object, got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`, w);
        return telemetryToEvent(v as Record<string, unknown>, cfg, toUtc, record.receivedAt, topic, w);
      };
      if (Array.isArray(value)) {
        if (value.length === 0) throw new ParseError('empty JSON array: no telemetry', where);
        return value.map((v, i) => one(v, `${where}[${i}]`));
      }
      return [one(value, where)];
    },
  };
}
