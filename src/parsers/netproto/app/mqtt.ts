import { ByteQueue } from './byte-queue.js';
import type { AppDecoder, DecoderContext, DecoderFactory, Dir } from './types.js';

const TYPES = ['', 'CONNECT', 'CONNACK', 'PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'SUBSCRIBE', 'SUBACK', 'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT', 'AUTH'];
/** Control packets larger than this are skipped unread (the payload is never kept anyway). */
const MAX_HEAD = 64 * 1024;

/** Thrown for bytes that are not MQTT. */
export class MqttFormatError extends Error {}

function str(b: Buffer, o: number): [string, number] {
  if (o + 2 > b.length) throw new MqttFormatError('string length cut short');
  const n = b.readUInt16BE(o);
  if (o + 2 + n > b.length) throw new MqttFormatError(`string of ${n} bytes runs past the packet`);
  return [b.toString('utf8', o + 2, o + 2 + n), o + 2 + n];
}

/** MQTT 3.1/3.1.1/5: CONNECT (client id, user name present, protocol level), PUBLISH (topic, QoS, size), SUBSCRIBE (filters), CONNACK (return code). Payloads are never copied. */
class MqttDecoder implements AppDecoder {
  readonly service = 'mqtt';
  recognised = false;
  done = false;
  private readonly q: [ByteQueue, ByteQueue] = [new ByteQueue(), new ByteQueue()];
  private level = 4;

  constructor(private readonly ctx: DecoderContext) {}

  data(dir: Dir, bytes: Buffer, ts: number): void {
    const q = this.q[dir];
    q.push(bytes);
    try {
      for (;;) {
        if (q.length < 2) return;
        const h = q.peek(Math.min(q.length, 5));
        let len = 0;
        let mul = 1;
        let i = 1;
        for (; i < 5; i++) {
          if (i >= h.length) return;
          len += (h[i]! & 0x7f) * mul;
          mul *= 128;
          if ((h[i]! & 0x80) === 0) break;
        }
        if (i === 5) throw new MqttFormatError('remaining length over 4 bytes');
        const head = i + 1;
        const type = h[0]! >> 4;
        if (type === 0) throw new MqttFormatError('packet type 0 is reserved');
        if (len > MAX_HEAD) {
          // Large PUBLISH: read the topic from what is there, skip the rest.
          if (q.length < head + 2) return;
          const p = q.peek(Math.min(q.length, head + len));
          if (type === 3 && p.length >= head + 2 + p.readUInt16BE(head)) this.packet(type, h[0]! & 15, p.subarray(head), ts, len);
          q.consume(0);
          q.skip(head + len);
          continue;
        }
        if (q.length < head + len) return;
        this.packet(type, h[0]! & 15, Buffer.from(q.peek(head + len).subarray(head)), ts, len);
        q.consume(head + len);
      }
    } catch (err) {
      if (!(err instanceof MqttFormatError)) throw err;
      this.ctx.problem('malformed_mqtt', `MQTT ${dir === 0 ? 'from the client' : 'from the broker'}: ${err.message}`, q.peek(256));
      this.done = true;
    }
  }

  private packet(type: number, flags: number, b: Buffer, ts: number, len: number): void {
    const name = TYPES[type] ?? String(type);
    if (type === 1) {
      const [proto, o1] = str(b, 0);
      if (proto !== 'MQTT' && proto !== 'MQIsdp') throw new MqttFormatError(`CONNECT names protocol "${proto.slice(0, 16)}"`);
      this.level = b[o1]!;
      const cflags = b[o1 + 1]!;
      let o = o1 + 4;
      if (this.level >= 5) {
        let plen = 0; let mul = 1; let k = 0;
        do { plen += (b[o + k]! & 0x7f) * mul; mul *= 128; } while ((b[o + k++]! & 0x80) !== 0 && k < 4);
        o += k + plen;
      }
      const [clientId] = str(b, o);
      this.recognised = true;
      this.ctx.emit('mqtt', ts, { msg_type: name, client_id: clientId, proto_name: proto, proto_version: this.level, username_present: (cflags & 0x80) !== 0, password_present: (cflags & 0x40) !== 0, will: (cflags & 0x04) !== 0, clean_session: (cflags & 0x02) !== 0 });
    } else if (type === 2) {
      this.recognised = true;
      this.ctx.emit('mqtt', ts, { msg_type: name, return_code: b[1] ?? 0 });
    } else if (type === 3) {
      const [topic] = str(b, 0);
      this.recognised = true;
      const qos = (flags >> 1) & 3;
      this.ctx.emit('mqtt', ts, { msg_type: name, topic, qos, retain: (flags & 1) === 1, payload_len: Math.max(0, len - 2 - Buffer.byteLength(topic) - (qos > 0 ? 2 : 0)) });
    } else if (type === 8) {
      let o = 2;
      if (this.level >= 5) o += 1 + (b[2] ?? 0);
      const topics: string[] = [];
      while (o < b.length && topics.length < 32) {
        const [t, next] = str(b, o);
        topics.push(t);
        o = next + 1;
      }
      this.recognised = true;
      this.ctx.emit('mqtt', ts, { msg_type: name, topics });
    }
  }
}

/** MQTT on 1883 (8883 is TLS), or a connection starting with a CONNECT packet. */
export const mqtt: DecoderFactory = {
  service: 'mqtt', transport: 'tcp', ports: [1883],
  sniff: (b, dir) => dir === 0 && b.length >= 8 && b[0] === 0x10 && (b.includes('MQTT') || b.includes('MQIsdp')),
  create: (ctx) => new MqttDecoder(ctx),
};
