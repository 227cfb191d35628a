import { z } from 'zod';

/**
 * Whether a topic filter is valid MQTT (3.1.1 §4.7): non-empty; `+` and `#` occupy a whole
 * level; `#` only as the last level.
 *
 * @example
 * isTopicFilter('ward/+/pump/#') // true
 * isTopicFilter('ward/pump#') // false
 */
export function isTopicFilter(t: string): boolean {
  if (t.length === 0 || t.includes('\u0000')) return false;
  const levels = t.split('/');
  return levels.every((l, i) => (l.includes('#') ? l === '#' && i === levels.length - 1 : !l.includes('+') || l === '+'));
}

/**
 * Settings of an `mqtt` source (`sources: [{ type: mqtt, … }]`).
 *
 * @example
 * mqttConfig.parse({ url: 'mqtt://127.0.0.1:1883', topics: ['ward/+/+/telemetry'] })
 */
const mqttTls = z.strictObject({
  /** PEM CA bundle the broker's certificate must chain to (default: the system's trusted CAs). */
  ca: z.string().min(1).optional(),
  /** PEM client certificate, when the broker requires mutual TLS. */
  cert: z.string().min(1).optional(),
  /** PEM key of the client certificate. */
  key: z.string().min(1).optional(),
  /** Host name to verify the broker's certificate against (default: the URL's host). */
  servername: z.string().min(1).optional(),
}).refine((t) => !t.cert === !t.key, { message: 'a client certificate needs both cert and key' });

export const mqttConfig = z.strictObject({
  /** Broker URL: `mqtt://host:port`, `mqtts://…`, `ws://…`, `wss://…`. */
  url: z.string().regex(/^(mqtts?|wss?):\/\/[^\s/]+/, { message: 'expected a broker URL like "mqtt://host:1883"' }),
  /** Topic filters to subscribe to (wildcards `+` and `#`). */
  topics: z.array(z.string().refine(isTopicFilter, { message: 'invalid MQTT topic filter: "+" and "#" must fill a whole level, "#" only last' })).min(1),
  /**
   * TLS to the broker, with an `mqtts://` (usually port 8883) or `wss://` URL. The broker's
   * certificate is always verified; `ca` names a private CA, `cert`/`key` a client certificate.
   */
  tls: mqttTls.optional(),
  /** Client identifier; default `wardwatch-<source name>-<random>`. Set one (with `clean: false`) for a persistent session. */
  clientId: z.string().min(1).max(128).optional(),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(1),
  username: z.string().optional(),
  password: z.string().optional(),
  /** Parser for the payloads. */
  format: z.string().default('device-telemetry'),
  /** `false` keeps the broker session (subscriptions and queued QoS ≥ 1 messages) across reconnects and restarts. */
  clean: z.boolean().default(true),
  /**
   * When a QoS ≥ 1 message is acknowledged: `stored` (default) after the pipeline stored it,
   * one message per store transaction; `received` as soon as it is buffered (batched, faster;
   * up to `lingerMs` of messages can be lost in a crash).
   */
  ack: z.enum(['stored', 'received']).default('stored'),
  /** Payloads larger than this are dropped (counted as `too_large`) and acknowledged. */
  maxMessageBytes: z.number().int().positive().default(256 * 1024),
  batchRecords: z.number().int().positive().default(500),
  lingerMs: z.number().int().min(0).default(20),
  keepaliveSeconds: z.number().int().min(0).default(30),
  connectTimeoutMs: z.number().int().positive().default(10_000),
  /** Reconnect delays: doubling from `minMs` to `maxMs` after each failed attempt. */
  reconnect: z.strictObject({ minMs: z.number().int().positive().default(1000), maxMs: z.number().int().positive().default(60_000) }).default({ minMs: 1000, maxMs: 60_000 }),
}).refine((c) => !c.tls || /^(mqtts|wss):/.test(c.url), { message: 'tls settings need an mqtts:// or wss:// broker URL', path: ['tls'] });

/**
 * Parsed settings of an `mqtt` source.
 *
 * @example
 * const c: MqttConfig = mqttConfig.parse({ url: 'mqtt://broker:1883', topics: ['#'] });
 */
export type MqttConfig = z.output<typeof mqttConfig>;
