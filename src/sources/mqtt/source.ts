import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { Source, SourceDef } from '../../core/components.js';
import { errorMessage, WardError } from '../../core/errors.js';
import type { RawRecord } from '../../core/record.js';
import { Batcher } from '../batcher.js';
import { ListenerStates } from '../listener-state.js';
import { mqttConfig, type MqttConfig } from './config.js';

/** The part of an MQTT PUBLISH a source reads. */
interface Publish {
  topic: string;
  payload: Buffer | string;
  qos: number;
}

/** CONNACK return codes (3.1.1) / reason codes (5) that retrying cannot fix. */
const FATAL_CODES = new Set([1, 2, 4, 5, 128, 130, 133, 134, 135, 138, 140]);

/** `mqtt://user:secret@host` → `mqtt://host`: credentials never reach a log line. */
function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}

/**
 * MQTT subscriber (mqtt.js v5): each PUBLISH becomes a {@link RawRecord} with source
 * `mqtt:<topic>` (parsers read the topic from there) and `offset` a per-source sequence.
 *
 * Back-pressure: mqtt.js hands messages over one at a time through `handleMessage` and reads
 * no further packet, and sends no PUBACK/PUBREC, until its callback runs; the source delays
 * that callback while the pipeline is busy, so the broker holds the backlog. With
 * `ack: 'stored'` a QoS ≥ 1 message is acknowledged only after `sink.ingest` stored it (a
 * failed store leaves it unacknowledged: a persistent session, `clean: false`, gets it
 * redelivered on reconnect). Reconnects back off exponentially between `reconnect.minMs`
 * and `reconnect.maxMs`; subscriptions are renewed on every connect without a session.
 *
 * @example
 * const src = mqttSource.build(mqttSource.config.parse({ url: 'mqtt://127.0.0.1:1883', topics: ['ward/+/+/telemetry'] }), ctx);
 * await src.start(); … await src.stop();
 */
export const mqttSource: SourceDef<MqttConfig> = {
  type: 'mqtt',
  description: 'MQTT subscriber (device telemetry; QoS 0-2, acknowledged after storage, reconnect with back-off).',
  config: mqttConfig,
  build(cfg, ctx): Source {
    const parser = ctx.sink.parser(cfg.format, `sources.${ctx.name}.format`);
    const batcher = new Batcher(ctx.sink, parser, ctx.telemetry, { maxRecords: cfg.batchRecords, lingerMs: cfg.lingerMs, log: ctx.log });
    const where = redact(cfg.url);
    let client: MqttClient | undefined;
    let state: 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'stopped' = 'idle';
    const states = new ListenerStates();
    let lastError: string | undefined;
    const tlsOptions = (): Partial<IClientOptions> => {
      if (!cfg.tls) return {};
      const read = (path: string, key: string) => {
        try {
          return readFileSync(path);
        } catch (err) {
          throw new WardError('config.invalid', `cannot read ${path}: ${errorMessage(err)}`, `sources.${ctx.name}.tls.${key}`);
        }
      };
      return {
        rejectUnauthorized: true,
        ...(cfg.tls.ca ? { ca: read(cfg.tls.ca, 'ca') } : {}),
        ...(cfg.tls.cert ? { cert: read(cfg.tls.cert, 'cert') } : {}),
        ...(cfg.tls.key ? { key: read(cfg.tls.key, 'key') } : {}),
        ...(cfg.tls.servername ? { servername: cfg.tls.servername } : {}),
      };
    };
    let stopping = false;
    let delay = cfg.reconnect.minMs;
    let reconnectTimer: NodeJS.Timeout | undefined;
    let seq = 0;

    const handle = async (p: Publish): Promise<void> => {
      ctx.telemetry.received();
      const size = typeof p.payload === 'string' ? Buffer.byteLength(p.payload) : p.payload.length;
      if (size > cfg.maxMessageBytes) {
        ctx.telemetry.dropped('too_large');
        return;
      }
      const rec: RawRecord = {
        data: typeof p.payload === 'string' ? p.payload : p.payload.toString('utf8'),
        source: `mqtt:${p.topic}`,
        offset: ++seq,
        receivedAt: Date.now(),
        peer: p.topic,
      };
      while (ctx.sink.admission() === 'busy') await ctx.sink.capacity();
      if (ctx.sink.admission() === 'closed') {
        ctx.telemetry.dropped('closed');
        throw new Error('pipeline closed');
      }
      if (cfg.ack === 'stored' && p.qos > 0) {
        await batcher.flush(); // keep QoS 0 records buffered before this one in order
        try {
          const r = await ctx.sink.ingest([rec], parser);
          ctx.telemetry.emitted(r.records);
        } catch (err) {
          ctx.telemetry.error();
          ctx.log(`mqtt ${where}: not acknowledging a message on "${p.topic}": store failed: ${errorMessage(err)}`);
          throw err;
        }
        return;
      }
      const pending = batcher.push(rec);
      if (pending) await pending;
    };

    const subscribe = async (c: MqttClient) => {
      const granted = await c.subscribeAsync(cfg.topics, { qos: cfg.qos });
      const refused = granted.filter((g) => g.qos === 128 || g.qos > 2);
      for (const g of refused) {
        ctx.telemetry.error();
        ctx.log(`mqtt ${where}: broker refused the subscription to "${g.topic}"`);
      }
      if (refused.length === cfg.topics.length) throw new WardError('config.invalid', 'the broker refused every topic subscription', `sources.${ctx.name}.topics`);
    };

    const scheduleReconnect = () => {
      if (stopping || reconnectTimer || !client) return;
      state = 'reconnecting';
      states.set(where, 'reconnecting', lastError);
      const wait = delay;
      delay = Math.min(cfg.reconnect.maxMs, delay * 2);
      ctx.log(`mqtt ${where}: disconnected; reconnecting in ${wait} ms`);
      reconnectTimer = setTimeout(() => {
        reconnectTimer = undefined;
        if (!stopping) client?.reconnect();
      }, wait);
    };

    return {
      start() {
        return new Promise<void>((resolve, reject) => {
          let settled = false;
          const settle = (err?: Error) => {
            if (settled) return;
            settled = true;
            clearTimeout(startTimer);
            if (err) reject(err);
            else resolve();
          };
          const opts: IClientOptions = {
            ...tlsOptions(),
            clientId: cfg.clientId ?? `wardwatch-${ctx.name}-${randomBytes(4).toString('hex')}`,
            clean: cfg.clean,
            keepalive: cfg.keepaliveSeconds,
            connectTimeout: cfg.connectTimeoutMs,
            // Reconnects are scheduled here, with back-off; mqtt.js only knows a fixed period.
            reconnectPeriod: 0,
            resubscribe: false,
            ...(cfg.username !== undefined ? { username: cfg.username } : {}),
            ...(cfg.password !== undefined ? { password: cfg.password } : {}),
          };
          state = 'connecting';
          states.set(where, 'connecting');
          const c = connect(cfg.url, opts);
          client = c;
          c.handleMessage = (packet, done) => {
            handle(packet as Publish).then(() => done(), (err: unknown) => done(err instanceof Error ? err : new Error(String(err))));
          };
          c.on('connect', (connack) => {
            state = 'connected';
            lastError = undefined;
            states.set(where, 'connected');
            delay = cfg.reconnect.minMs;
            ctx.log(`mqtt ${where}: connected${connack.sessionPresent ? ' (session resumed)' : ''}`);
            if (connack.sessionPresent && settled) return;
            subscribe(c).then(() => settle(), (err: unknown) => {
              ctx.telemetry.error();
              ctx.log(`mqtt ${where}: subscribe failed: ${errorMessage(err)}`);
              settle(err instanceof Error ? err : new Error(String(err)));
            });
          });
          c.on('error', (err) => {
            ctx.telemetry.error();
            ctx.log(`mqtt ${where}: ${err.message}`);
            lastError = err.message;
            if (state !== 'connected') states.set(where, state === 'reconnecting' ? 'reconnecting' : 'connecting', lastError);
            const code = (err as { code?: unknown }).code;
            if (typeof code === 'number' && FATAL_CODES.has(code) && !settled) {
              stopping = true;
              c.end(true);
              settle(new WardError('config.invalid', `broker refused the connection: ${err.message}`, `sources.${ctx.name}`));
            }
          });
          c.on('close', () => {
            if (state === 'connected' || state === 'connecting' || state === 'reconnecting') scheduleReconnect();
          });
          // A broker that is down at start is not fatal: the source keeps retrying in the background.
          const startTimer = setTimeout(() => {
            ctx.log(`mqtt ${where}: not connected after ${cfg.connectTimeoutMs} ms; retrying in the background`);
            settle();
          }, cfg.connectTimeoutMs);
        });
      },
      async stop() {
        stopping = true;
        if (reconnectTimer) clearTimeout(reconnectTimer);
        reconnectTimer = undefined;
        const c = client;
        if (c?.connected) {
          try {
            await Promise.race([c.unsubscribeAsync(cfg.topics), new Promise((r) => setTimeout(r, cfg.connectTimeoutMs))]);
          } catch (err) {
            ctx.log(`mqtt ${where}: unsubscribe failed: ${errorMessage(err)}`);
          }
        }
        await batcher.flush();
        if (c) await c.endAsync();
        state = 'stopped';
        states.set(where, 'stopped');
      },
      describe: () => `mqtt ${where} topics=${cfg.topics.join(',')} qos=${cfg.qos} (${state})`,
      listeners: () => states.all(),
    };
  },
};
