import { createReadStream, readdirSync } from 'node:fs';
import { it } from 'vitest';
import { Sensor } from '/work/wt-pcap/src/parsers/netproto/index.js';
it('smoke', async () => {
  for (const f of readdirSync('/work/shared/data/pcap/zeek-traces').filter((x) => x.endsWith('.pcap'))) {
    const recs: any[] = []; const probs: any[] = [];
    const s = new Sensor((r) => recs.push(r), (p) => probs.push(p));
    for await (const c of createReadStream(`/work/shared/data/pcap/zeek-traces/${f}`)) s.push(c as Buffer);
    s.end();
    const types: Record<string, number> = {};
    for (const r of recs) types[r.type] = (types[r.type] ?? 0) + 1;
    console.log(f, s.format, s.packets, JSON.stringify(types), JSON.stringify(s.problems), probs.slice(0,2).map((p) => p.reason));
    if (f === 'mqtt.pcap') console.log(recs.filter((r)=>r.type!=='conn').slice(0,6), recs.find((r)=>r.type==='conn'));
  }
});
