/** Valid protocol messages built from their specifications, as seeds for decoder tests and fuzzing. */

const pad16 = (s: string) => Buffer.from(s.padEnd(16, ' '), 'latin1');
const item = (type: number, body: Buffer) => { const h = Buffer.alloc(4); h[0] = type; h.writeUInt16BE(body.length, 2); return Buffer.concat([h, body]); };
const pdu = (type: number, body: Buffer) => { const h = Buffer.alloc(6); h[0] = type; h.writeUInt32BE(body.length, 2); return Buffer.concat([h, body]); };

/** A-ASSOCIATE-RQ with one presentation context. */
export function associateRq(calling: string, called: string, abstract = '1.2.840.10008.5.1.4.1.1.2'): Buffer {
  const fixed = Buffer.alloc(68);
  fixed.writeUInt16BE(1, 0);
  pad16(called).copy(fixed, 4);
  pad16(calling).copy(fixed, 20);
  const pc = item(0x20, Buffer.concat([Buffer.from([1, 0, 0, 0]), item(0x30, Buffer.from(abstract)), item(0x40, Buffer.from('1.2.840.10008.1.2'))]));
  const ui = item(0x50, Buffer.concat([item(0x51, Buffer.from([0, 0, 0x40, 0])), item(0x52, Buffer.from('1.2.3.4')), item(0x55, Buffer.from('SEED_1'))]));
  return pdu(1, Buffer.concat([fixed, item(0x10, Buffer.from('1.2.840.10008.3.1.1.1')), pc, ui]));
}

function el(elem: number, value: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16LE(0, 0);
  h.writeUInt16LE(elem, 2);
  h.writeUInt32LE(value.length, 4);
  return Buffer.concat([h, value]);
}
const us = (v: number) => { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b; };
const ui = (s: string) => Buffer.from(s.length % 2 ? `${s}\0` : s, 'latin1');

/** P-DATA-TF with one DIMSE command PDV (and optionally a data PDV of `dataBytes`). */
export function dimse(command: number, o: { sop?: string; moveDestination?: string; messageId?: number; status?: number; dataBytes?: number } = {}): Buffer {
  const parts = [el(0x0002, ui(o.sop ?? '1.2.840.10008.5.1.4.1.1.2')), el(0x0100, us(command)), el(0x0110, us(o.messageId ?? 1))];
  if (o.moveDestination !== undefined) parts.push(el(0x0600, Buffer.from(o.moveDestination.padEnd(16, ' '))));
  if (o.status !== undefined) parts.push(el(0x0900, us(o.status)));
  parts.push(el(0x0800, us(o.dataBytes ? 1 : 0x0101)));
  const cmd = Buffer.concat(parts);
  const pdv = (ctrl: number, v: Buffer) => { const h = Buffer.alloc(6); h.writeUInt32BE(v.length + 2, 0); h[4] = 1; h[5] = ctrl; return Buffer.concat([h, v]); };
  const pdvs = [pdv(3, cmd)];
  if (o.dataBytes) pdvs.push(pdv(2, Buffer.alloc(o.dataBytes, 0x55)));
  return pdu(4, Buffer.concat(pdvs));
}

/** A DHCP REQUEST with host name, vendor class and requested address. */
export function dhcpRequest(mac: string, host: string, vendor: string): Buffer {
  const b = Buffer.alloc(240);
  b[0] = 1; b[1] = 1; b[2] = 6;
  b.writeUInt32BE(0x1234abcd, 4);
  Buffer.from(mac.replaceAll(':', ''), 'hex').copy(b, 28);
  b.writeUInt32BE(0x63825363, 236);
  const opt = (c: number, v: Buffer) => Buffer.concat([Buffer.from([c, v.length]), v]);
  return Buffer.concat([b, opt(53, Buffer.from([3])), opt(12, Buffer.from(host)), opt(60, Buffer.from(vendor)), opt(50, Buffer.from([10, 0, 0, 7])), opt(55, Buffer.from([1, 3, 6, 15])), Buffer.from([255])]);
}

/** A DNS response for an A query with one answer (name compression used). */
export function dnsResponse(name: string, ip: string): Buffer {
  const h = Buffer.from([0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]);
  const q = Buffer.concat([...name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0, 0, 1, 0, 1])]);
  const a = Buffer.concat([Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4]), Buffer.from(ip.split('.').map(Number))]);
  return Buffer.concat([h, q, a]);
}

/** A TLS 1.2 ClientHello record with SNI and ALPN. */
export function clientHello(sni: string): Buffer {
  const ext = (t: number, v: Buffer) => { const h = Buffer.alloc(4); h.writeUInt16BE(t); h.writeUInt16BE(v.length, 2); return Buffer.concat([h, v]); };
  const sniBody = Buffer.alloc(5 + sni.length);
  sniBody.writeUInt16BE(3 + sni.length, 0); sniBody[2] = 0; sniBody.writeUInt16BE(sni.length, 3); Buffer.from(sni).copy(sniBody, 5);
  const exts = Buffer.concat([ext(0, sniBody), ext(10, Buffer.from([0, 4, 0, 0x1d, 0, 0x17])), ext(11, Buffer.from([1, 0])), ext(13, Buffer.from([0, 4, 4, 3, 8, 4])), ext(16, Buffer.from([0, 3, 2, 0x68, 0x32]))]);
  const body = Buffer.concat([Buffer.from([3, 3]), Buffer.alloc(32, 7), Buffer.from([0]), Buffer.from([0, 4, 0xc0, 0x2f, 0x13, 0x01]), Buffer.from([1, 0]), Buffer.from([exts.length >> 8, exts.length & 255]), exts]);
  const hs = Buffer.concat([Buffer.from([1, 0, body.length >> 8, body.length & 255]), body]);
  return Buffer.concat([Buffer.from([0x16, 3, 1, hs.length >> 8, hs.length & 255]), hs]);
}

/** MQTT 3.1.1 CONNECT then PUBLISH. */
export function mqttConnectPublish(clientId: string, topic: string): Buffer {
  const s = (x: string) => Buffer.concat([Buffer.from([x.length >> 8, x.length & 255]), Buffer.from(x)]);
  const conn = Buffer.concat([s('MQTT'), Buffer.from([4, 2, 0, 60]), s(clientId)]);
  const pub = Buffer.concat([s(topic), Buffer.from('{"hr":70}')]);
  return Buffer.concat([Buffer.from([0x10, conn.length]), conn, Buffer.from([0x30, pub.length]), pub]);
}
