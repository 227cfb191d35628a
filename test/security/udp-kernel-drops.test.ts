import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server.js';
import { ensureAdminToken } from '../../src/api/tokens.js';
import type { Source } from '../../src/core/components.js';
import { loadConfigObject } from '../../src/pipeline/config-loader.js';
import { openRuntime, type Runtime } from '../../src/pipeline/runtime.js';
import { sources } from '../../src/pipeline/sources.js';
import { parseProcNetUdp } from '../../src/sources/syslog/udp-drops.js';
import { TOKEN, auth, tempDir } from '../helpers.js';

const PROC = existsSync('/proc/net/udp');

describe('parseProcNetUdp', () => {
  it('reads port, inode, receive queue and drops from a /proc/net/udp table', () => {
    const text = [
      '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
      ' 4266: 0100007F:158A 00000000:0000 07 00000000:00001200 00:00000000 00000000     0        0 15174 2 0000000019d044fa 731',
    ].join('\n');
    expect(parseProcNetUdp(text)).toEqual([{ port: 5514, inode: 15174, rxQueue: 0x1200, drops: 731 }]);
  });
});

describe.skipIf(!PROC)('UDP syslog: datagrams the kernel drops are counted (Linux /proc/net/udp)', () => {
  const tmp = tempDir('ww-udp-');
  let rt: Runtime;
  let app: FastifyInstance;
  let src: Source;
  const logs: string[] = [];

  beforeAll(async () => {
    const loaded = loadConfigObject({ sources: [{ type: 'syslog', udp: '127.0.0.1:0', udpReceiveBufferBytes: 4096, lingerMs: 5 }], pipeline: { workers: 0 } });
    rt = await openRuntime(loaded, { dataDir: tmp.dir });
    ensureAdminToken(tmp.dir, TOKEN);
    const spec = loaded.sources[0]!;
    src = sources.get('syslog').build(spec.config, { dataDir: tmp.dir, name: spec.name, sink: rt.ingestor, telemetry: rt.telemetry.component('source', spec.name), log: (m) => logs.push(m) });
    await src.start();
    rt.health.addSource(spec.name, 'syslog', src);
    app = await buildApi(rt, { bodyLimitBytes: 1_000_000 });
  });
  afterAll(async () => {
    await src.stop();
    await app.close();
    await rt.close();
    tmp.cleanup();
  });

  it('floods a socket with a 4 KiB buffer while the consumer is paused and sees kernel drops in /metrics and health', async () => {
    const port = Number(/udp:\/\/[^ ]+:(\d+)/.exec(src.describe())![1]);
    const listener = src.listeners!()[0]!;
    expect(listener.detail).toMatchObject({ requestedReceiveBufferBytes: 4096, kernelDropsCounted: true });
    expect(Number(listener.detail!.receiveBufferBytes)).toBeLessThan(64 * 1024);
    expect(Number(listener.detail!.kernelReceiveBufferBytes)).toBeGreaterThanOrEqual(Number(listener.detail!.receiveBufferBytes));

    // spawnSync blocks this event loop: the socket is not read while another process sends 3000
    // datagrams, so the kernel must drop what does not fit in the receive buffer.
    const flood = `const s=require('dgram').createSocket('udp4');let n=0;const m=Buffer.from('<38>Feb  3 04:05:06 web01 sshd[1]: Failed password for invalid user x from 203.0.113.5 port 1 ssh2');
      (function go(){while(n<3000){n++;s.send(m,${port},'127.0.0.1');if(n%200===0)return setImmediate(go);}setTimeout(()=>s.close(),200);})();`;
    const r = spawnSync(process.execPath, ['-e', flood], { encoding: 'utf8' });
    expect(r.status).toBe(0);

    const metrics = await app.inject({ method: 'GET', url: '/metrics', headers: auth });
    const m = /wardwatch_component_dropped_total\{component_kind="source",component="syslog",reason="kernel"\} (\d+)/.exec(metrics.body);
    expect(m, metrics.body).not.toBeNull();
    const dropped = Number(m![1]);
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(3000);

    const pub = (await app.inject({ method: 'GET', url: '/api/health' })).json() as { status: string; checks: { drops: string } };
    expect(pub).toMatchObject({ status: 'degraded', checks: { drops: 'degraded' } });
    const det = (await app.inject({ method: 'GET', url: '/api/health/details', headers: auth })).json() as { drops: { byComponent: Array<{ name: string; reason: string; count: number }> }; sources: Array<{ listeners: Array<{ detail: Record<string, number> }> }> };
    expect(det.drops.byComponent).toContainEqual({ kind: 'source', name: 'syslog', reason: 'kernel', count: dropped });
    expect(det.sources[0]!.listeners[0]!.detail.kernelDrops).toBe(dropped);
  });
});

describe.skipIf(!existsSync('/proc/sys/net/core/rmem_max'))('UDP receive buffer above net.core.rmem_max', () => {
  it('is granted only up to the cap, and the log says how to raise it', async () => {
    const { readFileSync } = await import('node:fs');
    const { countingTelemetry, RecordingSink } = await import('../../src/sources/testing.js');
    const { syslogParser } = await import('../../src/parsers/syslog/index.js');
    const cap = Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8'));
    const want = 1 << 28;
    const logs: string[] = [];
    const sink = new RecordingSink('syslog', syslogParser.build(syslogParser.config.parse({}), { dataDir: '/tmp' }));
    const src = sources.get('syslog').build(sources.get('syslog').config.parse({ udp: '127.0.0.1:0', udpReceiveBufferBytes: want }),
      { dataDir: '/tmp', name: 'big', sink, telemetry: countingTelemetry(), log: (m) => logs.push(m) });
    await src.start();
    try {
      const granted = Number(src.listeners!()[0]!.detail!.receiveBufferBytes);
      if (cap < want) {
        expect(granted).toBeLessThanOrEqual(cap);
        expect(logs.join('\n')).toMatch(/less than the 268435456 requested; raise net\.core\.rmem_max/);
      } else {
        expect(granted).toBe(want);
      }
    } finally {
      await src.stop();
    }
  });
});
