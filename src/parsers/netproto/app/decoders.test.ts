import { describe, expect, it } from 'vitest';
import { APP_DECODERS } from './index.js';
import { parseRequestHead } from './http.js';
import { parseMsh } from './hl7.js';
import { associateRq, clientHello, dhcpRequest, dimse, dnsResponse, mqttConnectPublish } from './seeds.test-helper.js';
import type { DecoderFactory, Dir } from './types.js';

const byName = (s: string, t: 'tcp' | 'udp' = 'tcp') => APP_DECODERS.find((d) => d.service === s && d.transport === t)!;

function drive(f: DecoderFactory, chunks: Array<[Dir, Buffer]>) {
  const recs: Array<Record<string, unknown>> = [];
  const probs: string[] = [];
  const d = f.create({
    flow: { uid: 'C1', origH: '10.0.0.1', origP: 40000, respH: '10.0.0.2', respP: 104, proto: 'tcp' },
    emit: (type, ts, fields) => recs.push({ type, ts, ...fields }),
    problem: (code, reason) => probs.push(`${code}: ${reason}`),
  });
  for (const [dir, b] of chunks) if (!d.done) d.data(dir, b, 1);
  d.end?.(2);
  return { recs, probs, d };
}

/** Split a buffer into pieces of 1..n bytes (segments arrive in any size). */
function shred(b: Buffer, n: number, rnd: () => number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < b.length;) { const k = 1 + Math.floor(rnd() * n); out.push(b.subarray(i, i + k)); i += k; }
  return out;
}

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

describe('DICOM upper layer', () => {
  const assoc = associateRq('CT_SCANNER_1', 'PACS_MAIN');

  it('reads AE titles, C-STORE, C-MOVE destination and the response status, whatever the segmentation', () => {
    const stream = Buffer.concat([assoc, dimse(0x0001, { dataBytes: 70_000 }), dimse(0x0021, { sop: '1.2.840.10008.5.1.4.1.2.2.2', moveDestination: 'LAPTOP_VIEWER', messageId: 2 })]);
    const { recs, probs } = drive(byName('dicom'), [...shred(stream, 9, prng(1)).map((b) => [0, b] as [Dir, Buffer]), [1, dimse(0x8001, { status: 0 })]]);
    expect(probs).toEqual([]);
    expect(recs[0]).toMatchObject({ type: 'dicom', pdu: 'A-ASSOCIATE-RQ', calling_ae: 'CT_SCANNER_1', called_ae: 'PACS_MAIN', implementation_version: 'SEED_1' });
    expect(recs[1]).toMatchObject({ command: 'C-STORE', destination_ae: 'PACS_MAIN', sop_class_name: 'CT Image Storage' });
    expect(recs[2]).toMatchObject({ command: 'C-MOVE', destination_ae: 'LAPTOP_VIEWER', move_destination: 'LAPTOP_VIEWER', sop_class_name: 'Study Root Query/Retrieve Information Model - MOVE' });
    expect(recs[3]).toMatchObject({ command: 'C-STORE', response: true, status_name: 'Success', data_bytes: 70_000 });
  });

  it('malformed PDUs are reported with the reason and stop the flow, never thrown', () => {
    const bad = (b: Buffer) => drive(byName('dicom'), [[0, b]]).probs;
    expect(bad(Buffer.from([0x09, 0, 0, 0, 0, 4, 1, 2, 3, 4]))[0]).toMatch(/unknown PDU type 0x09/);
    const lie = dimse(0x0001);
    lie.writeUInt32BE(0x7fffffff, 6); // PDV length beyond its PDU
    expect(bad(lie)[0]).toMatch(/PDV length \d+ does not fit/);
    const huge = Buffer.from(assoc);
    huge.writeUInt32BE(10_000_000, 2);
    expect(bad(huge)[0]).toMatch(/A-ASSOCIATE-RQ PDU of 10000000 bytes exceeds/);
    const short = Buffer.from(assoc.subarray(0, 40));
    short.writeUInt32BE(34, 2);
    expect(bad(short)[0]).toMatch(/shorter than its 74-byte fixed part/);
  });
});

describe('other decoders on valid messages', () => {
  it('DHCP host name, vendor class, requested address, client MAC', () => {
    const { recs } = drive(byName('dhcp', 'udp'), [[0, dhcpRequest('00:1b:21:aa:bb:cc', 'INFUSOMAT-12', 'BBraun-Space')]]);
    expect(recs[0]).toMatchObject({ msg_type: 'REQUEST', host_name: 'INFUSOMAT-12', vendor_class: 'BBraun-Space', requested_addr: '10.0.0.7', client_mac: '00:1b:21:aa:bb:cc', param_list: '1,3,6,15' });
  });

  it('DNS answer with a compressed name', () => {
    const { recs } = drive(byName('dns', 'udp'), [[1, dnsResponse('pacs.hospital.example', '10.9.8.7')]]);
    expect(recs[0]).toMatchObject({ query: 'pacs.hospital.example', qtype_name: 'A', rcode_name: 'NOERROR', answers: ['10.9.8.7'] });
  });

  it('TLS ClientHello: SNI, ALPN, JA3 string and hash, JA4', () => {
    const { recs } = drive(byName('ssl'), shred(clientHello('ehr.hospital.example'), 5, prng(2)).map((b) => [0, b]));
    expect(recs[0]).toMatchObject({ server_name: 'ehr.hospital.example', next_protocol: 'h2', ja3: '771,49199-4865,0-10-11-13-16,29-23,0' });
    expect(recs[0]!.ja3_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(recs[0]!.ja4).toMatch(/^t12d0205h2_[0-9a-f]{12}_[0-9a-f]{12}$/);
  });

  it('MQTT CONNECT and PUBLISH, payload never copied', () => {
    const { recs } = drive(byName('mqtt'), shred(mqttConnectPublish('pump-7', 'ward/3/pump-7'), 3, prng(3)).map((b) => [0, b]));
    expect(recs.map((r) => r.msg_type)).toEqual(['CONNECT', 'PUBLISH']);
    expect(recs[1]).toMatchObject({ topic: 'ward/3/pump-7', payload_len: 9 });
    expect(JSON.stringify(recs)).not.toContain('"hr"');
  });

  it('HL7: the MSH header only', () => {
    const m = parseMsh('MSH|^~\\&|LAB^1.2^ISO|HOSP|EHR|HOSP|20260101||ORU^R01^ORU_R01|42|P|2.5\rPID|1||MRN123||DOE^JANE\r');
    expect(m).toMatchObject({ message_type: 'ORU', trigger_event: 'R01', sending_application: 'LAB', control_id: '42', version: '2.5', segments_seen: ['MSH', 'PID'] });
    expect(JSON.stringify(m)).not.toMatch(/DOE|MRN123/);
  });

  it('HTTP: FHIR resource and interaction; ids, query strings and credentials are not copied', () => {
    expect(parseRequestHead('GET /fhir/Patient/123/_history/2?name=DOE HTTP/1.1\r\nHost: ehr\r\nAuthorization: Basic dXNlcjpwYXNz')).toMatchObject({ method: 'GET', uri: '/fhir/Patient/{id}/_history/{vid}', fhir_resource: 'Patient', fhir_interaction: 'vread', authorization_scheme: 'Basic', host: 'ehr' });
    expect(parseRequestHead('GET /fhir/Observation?patient=9 HTTP/1.1')).toMatchObject({ fhir_resource: 'Observation', fhir_interaction: 'search', uri: '/fhir/Observation' });
  });
});

describe('fuzz: random mutations of valid messages never throw out of a decoder', () => {
  const seeds: Array<[DecoderFactory, Buffer]> = [
    [byName('dicom'), Buffer.concat([associateRq('A', 'B'), dimse(0x0001, { dataBytes: 50 }), dimse(0x0021, { moveDestination: 'X' })])],
    [byName('dhcp', 'udp'), dhcpRequest('00:11:22:33:44:55', 'host', 'vendor')],
    [byName('dns', 'udp'), dnsResponse('a.b.example', '1.2.3.4')],
    [byName('mdns', 'udp'), dnsResponse('_ipp._tcp.local', '1.2.3.4')],
    [byName('dns', 'tcp'), Buffer.concat([Buffer.from([0, 43]), dnsResponse('a.b.example', '1.2.3.4')])],
    [byName('ssl'), clientHello('x.example')],
    [byName('mqtt'), mqttConnectPublish('c', 't/1')],
    [byName('hl7'), Buffer.from('\x0bMSH|^~\\&|A|B|C|D|2026||ADT^A01|1|P|2.5\rPID|1\r\x1c\r')],
    [byName('http'), Buffer.from('GET /fhir/Patient/1 HTTP/1.1\r\nHost: x\r\n\r\n')],
    [byName('ssdp', 'udp'), Buffer.from('NOTIFY * HTTP/1.1\r\nNT: upnp:rootdevice\r\nSERVER: Linux UPnP/1.0 Pump/2\r\n\r\n')],
  ];
  for (const [f, seed] of seeds) {
    it(`${f.service}/${f.transport}: 3000 mutants`, () => {
      const rnd = prng(seed.length * 7919);
      let problems = 0;
      for (let i = 0; i < 3000; i++) {
        const b = Buffer.from(seed);
        const flips = 1 + Math.floor(rnd() * 8);
        for (let k = 0; k < flips; k++) {
          const at = Math.floor(rnd() * b.length);
          b[at] = rnd() < 0.3 ? [0, 0xff, 0x7f, 0x80][Math.floor(rnd() * 4)]! : Math.floor(rnd() * 256);
        }
        const cut = rnd() < 0.2 ? b.subarray(0, Math.floor(rnd() * b.length)) : b;
        const chunks: Array<[Dir, Buffer]> = f.transport === 'udp' ? [[0, cut]] : shred(cut, 64, rnd).map((c) => [(rnd() < 0.9 ? 0 : 1) as Dir, c]);
        expect(() => { problems += drive(f, chunks).probs.length; }).not.toThrow();
      }
      expect(problems).toBeGreaterThanOrEqual(0);
    });
  }
});
