import { describe, expect, it } from 'vitest';
import type { SensorRecord } from './app/types.js';
import { ethFrame, ipPacket, pcapFile, pcapngFile, type PacketSpec } from './capture-writer.js';
import { communityId } from './community-id.js';
import { Sensor, type SensorProblem } from './sensor.js';

function run(file: Buffer, chunk = 7): { recs: SensorRecord[]; probs: SensorProblem[]; s: Sensor } {
  const recs: SensorRecord[] = [];
  const probs: SensorProblem[] = [];
  const s = new Sensor((r) => recs.push(r), (p) => probs.push(p));
  // Odd chunk sizes: records and blocks straddle chunk boundaries.
  for (let i = 0; i < file.length; i += chunk) s.push(file.subarray(i, i + chunk));
  s.end();
  return { recs, probs, s };
}

const C = { src: '10.1.0.5', dst: '10.2.0.9', sport: 40000, dport: 8080 };
const S = { src: C.dst, dst: C.src, sport: C.dport, dport: C.sport };
/** A full TCP conversation: handshake, 100 bytes up, 300 down, FIN both ways, last ACK. */
function conversation(t0: number): PacketSpec[] {
  return [
    { ...C, flags: 0x02, seq: 1000 },
    { ...S, flags: 0x12, seq: 5000, ack: 1001 },
    { ...C, flags: 0x10, seq: 1001, ack: 5001 },
    { ...C, flags: 0x18, seq: 1001, payload: Buffer.alloc(100, 1) },
    { ...S, flags: 0x18, seq: 5001, payload: Buffer.alloc(300, 2) },
    { ...C, flags: 0x11, seq: 1101 },
    { ...S, flags: 0x11, seq: 5301 },
    { ...C, flags: 0x10, seq: 1102 },
  ].map((p, i) => ({ ...p, t: t0 + i * 0.01 })) as unknown as PacketSpec[];
}
const frames = (t0: number, vlan?: number) => conversation(t0).map((p) => ({ ts: (p as unknown as { t: number }).t, data: ethFrame(ipPacket(p), vlan) }));

describe('capture reader + flows', () => {
  const expectConn = (recs: SensorRecord[]) => {
    const c = recs.filter((r) => r.type === 'conn');
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ 'id.orig_h': '10.1.0.5', 'id.orig_p': 40000, 'id.resp_h': '10.2.0.9', 'id.resp_p': 8080, proto: 'tcp', orig_bytes: 100, resp_bytes: 300, orig_pkts: 5, resp_pkts: 3, conn_state: 'SF', history: 'ShADdFf' });
    expect(c[0]!.duration).toBeCloseTo(0.07, 5);
    return c[0]!;
  };

  it('reads little- and big-endian, micro- and nanosecond pcap alike', () => {
    for (const o of [{}, { bigEndian: true }, { nanos: true }, { bigEndian: true, nanos: true }]) {
      const { recs, probs } = run(pcapFile(frames(1_700_000_000.25), o));
      expect(probs).toEqual([]);
      expect(expectConn(recs).ts).toBeCloseTo(1_700_000_000.25, 5);
    }
  });

  it('reads pcapng in both byte orders, with if_tsresol, several interfaces and simple packet blocks', () => {
    const f = frames(1_700_000_000.5);
    for (const be of [false, true]) {
      const { recs, probs } = run(pcapngFile(f.map((p, i) => ({ ...p, iface: i % 2 })), { bigEndian: be, interfaces: [{ linkType: 1, tsresol: 9 }, { linkType: 1 }] }), 13);
      expect(probs).toEqual([]);
      expect(expectConn(recs).ts).toBeCloseTo(1_700_000_000.5, 5);
    }
    const simple = run(pcapngFile(f, { simple: true }));
    expect(simple.s.packets).toBe(8);
  });

  it('decodes VLAN tags, Linux cooked SLL/SLL2 and raw IP links', () => {
    const vl = run(pcapFile(frames(10, 42)));
    expect(expectConn(vl.recs).vlan).toBe(42);
    const ips = conversation(10).map((p, i) => ipPacket(p).subarray(0).valueOf() && { ts: 10 + i * 0.01, ip: ipPacket(p) });
    const sll = ips.map(({ ts, ip }) => ({ ts, data: Buffer.concat([Buffer.from('000000010006020000000001000008 00'.replace(/ /g, ''), 'hex'), ip]) }));
    expectConn(run(pcapFile(sll, { linkType: 113 })).recs);
    const sll2 = ips.map(({ ts, ip }) => ({ ts, data: Buffer.concat([Buffer.from('0800000000000002000100060200000000010000', 'hex'), ip]) }));
    expectConn(run(pcapFile(sll2, { linkType: 276 })).recs);
    expectConn(run(pcapFile(ips.map(({ ts, ip }) => ({ ts, data: ip })), { linkType: 101 })).recs);
  });

  it('builds flow statistics per direction and counts flags', () => {
    const c = expectConn(run(pcapFile(frames(0))).recs) as SensorRecord & { flow: { fwd_pkt_len: { max: number; mean: number }; bwd_pkt_len: { max: number }; flags: { syn: number; fin: number } } };
    expect(c.flow.fwd_pkt_len.max).toBe(100);
    expect(c.flow.fwd_pkt_len.mean).toBe(20);
    expect(c.flow.bwd_pkt_len.max).toBe(300);
    expect(c.flow.flags).toMatchObject({ syn: 2, fin: 2 });
  });

  it('computes conn_state S0, REJ and OTH like Zeek', () => {
    const s0 = run(pcapFile([{ ts: 1, data: ethFrame(ipPacket({ ...C, flags: 2 })) }])).recs[0]!;
    expect(s0).toMatchObject({ conn_state: 'S0', history: 'S' });
    const rej = run(pcapFile([{ ts: 1, data: ethFrame(ipPacket({ ...C, flags: 2 })) }, { ts: 1.1, data: ethFrame(ipPacket({ ...S, flags: 0x14 })) }])).recs[0]!;
    expect(rej).toMatchObject({ conn_state: 'REJ', history: 'Sr' });
    const oth = run(pcapFile([{ ts: 1, data: ethFrame(ipPacket({ ...C, flags: 0x18, payload: Buffer.from('x') })) }])).recs[0]!;
    expect(oth.conn_state).toBe('OTH');
  });

  it('emits on idle timeout and bounds the table, evicting the oldest flow with a counter', () => {
    const pk = (i: number, ts: number) => ({ ts, data: ethFrame(ipPacket({ src: '10.0.0.1', dst: '10.0.0.2', sport: 1000 + i, dport: 53, proto: 'udp', payload: Buffer.alloc(4) })) });
    const recs: SensorRecord[] = [];
    const s = new Sensor((r) => recs.push(r), () => {}, { flows: { maxFlows: 10 }, decoders: false });
    s.push(pcapFile(Array.from({ length: 25 }, (_, i) => pk(i, 100 + i * 0.001))));
    expect(s.flows.counters.evicted).toBe(15);
    expect(s.flows.size).toBe(10);
    s.push(pcapFile([pk(999, 500)]).subarray(24));
    // 400 s later every earlier flow is idle (UDP idle timeout 60 s).
    expect(s.flows.counters.idleTimeouts).toBe(10);
    s.end();
    expect(recs.filter((r) => r.type === 'conn')).toHaveLength(26);
  });

  it('writes the Community ID of the spec example', () => {
    expect(communityId('128.232.110.120', 34855, '66.35.250.204', 80, 6)).toBe('1:LQU9qZlK+B5F3KDmev6m5PMibrg=');
  });
});

describe('bad captures are reported, never thrown', () => {
  const good = pcapFile(frames(5));

  it('bad magic', () => {
    const { probs, recs } = run(Buffer.from('this is not a capture at all'));
    expect(recs).toEqual([]);
    expect(probs[0]).toMatchObject({ code: 'bad_magic', fatal: true });
  });

  it('truncated file keeps the packets before the cut', () => {
    const { probs, recs, s } = run(good.subarray(0, good.length - 30));
    expect(s.packets).toBe(7);
    expect(recs.filter((r) => r.type === 'conn')).toHaveLength(1);
    expect(probs.map((p) => p.code)).toEqual(['truncated']);
  });

  it('a record length over the limit ends the file with a reason; one over the snaplen is skipped', () => {
    const bad = Buffer.from(good);
    bad.writeUInt32LE(10_000_000, 24 + 8);
    expect(run(bad).probs[0]).toMatchObject({ code: 'record_length', fatal: true });
    const snap = pcapFile(frames(5), { snaplen: 60 });
    const r = run(snap);
    expect(r.probs.filter((p) => p.code === 'snaplen_overflow')).toHaveLength(2);
    expect(r.s.packets).toBe(6);
  });

  it('a pcapng block length that lies', () => {
    const ng = pcapngFile(frames(5));
    const bad = Buffer.from(ng);
    // First EPB starts after SHB (28) and IDB (20): make its length odd.
    bad.writeUInt32LE(33, 48 + 4);
    expect(run(bad).probs[0]).toMatchObject({ code: 'block_length', fatal: true });
    const mismatch = Buffer.from(ng);
    mismatch.writeUInt32LE(mismatch.readUInt32LE(48 + 4) + 8, 48 + 4);
    expect(run(mismatch).probs[0]?.reason).toMatch(/trailing copy|block length/);
  });

  it('IP fragments and cut headers are counted by reason', () => {
    const frag = ipPacket({ ...C, flags: 2 });
    frag.writeUInt16BE(0x2000, 6);
    const { probs, s } = run(pcapFile([{ ts: 1, data: ethFrame(frag) }, { ts: 2, data: ethFrame(ipPacket(C)).subarray(0, 30) }]));
    expect(s.problems).toMatchObject({ fragment: 1, truncated: 1 });
    expect(probs[0]!.reason).toMatch(/fragment 10\.1\.0\.5 → 10\.2\.0\.9/);
  });
});

describe('fuzz: mutated captures never throw out of the sensor', () => {
  it('3000 mutants of a capture (reader, link/IP/TCP decoding, flows, decoders)', () => {
    const base = Buffer.concat([pcapFile([...frames(1), ...frames(2, 7)])]);
    let s = 99;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
    let problems = 0;
    for (let i = 0; i < 3000; i++) {
      const b = Buffer.from(base);
      for (let k = 0; k < 1 + Math.floor(rnd() * 6); k++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      expect(() => { problems += run(b, 1 + Math.floor(rnd() * 300)).probs.length; }).not.toThrow();
    }
    // Some mutants hit the headers: they must be reported, not silently dropped.
    expect(problems).toBeGreaterThan(100);
  });
});
