import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../src/core/components.js';
import { loadConfigObject } from '../src/pipeline/config-loader.js';
import { openRuntime, type Runtime } from '../src/pipeline/runtime.js';
import { sources } from '../src/pipeline/sources.js';
import { tempDir } from './helpers.js';

async function until(fn: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('syslog source (real UDP and TCP sockets on loopback)', () => {
  const tmp = tempDir();
  let rt: Runtime;
  let src: Source;
  let udpPort = 0;
  let tcpPort = 0;

  beforeAll(async () => {
    const loaded = loadConfigObject({ sources: [{ type: 'syslog', udp: '127.0.0.1:0', tcp: '127.0.0.1:0', lingerMs: 5 }], pipeline: { workers: 0 } });
    rt = await openRuntime(loaded, { dataDir: tmp.dir });
    const spec = loaded.sources[0]!;
    src = sources.get(spec.type).build(spec.config, {
      dataDir: tmp.dir, name: spec.name, sink: rt.ingestor, telemetry: rt.telemetry.component('source', spec.name), log: () => {},
    });
    await src.start();
    udpPort = Number(/udp:\/\/[^ ]+:(\d+)/.exec(src.describe())![1]);
    tcpPort = Number(/tcp:\/\/[^ ]+:(\d+)/.exec(src.describe())![1]);
  });
  afterAll(async () => { await src.stop(); await rt.close(); tmp.cleanup(); });

  it('receives RFC 3164 datagrams over UDP', async () => {
    const sock = createSocket('udp4');
    const msg = '<38>Feb  3 04:05:06 web01 sshd[4242]: Failed password for invalid user admin from 203.0.113.77 port 51234 ssh2';
    await new Promise<void>((r, j) => sock.send(msg, udpPort, '127.0.0.1', (e) => (e ? j(e) : r())));
    sock.close();
    await until(() => rt.store.searchEvents({ entity: '203.0.113.77' }).items.length === 1);
    const e = rt.store.searchEvents({ entity: '203.0.113.77' }).items[0]!.event;
    expect(e).toMatchObject({ host: { name: 'web01' }, user: { name: 'admin' }, event: { outcome: 'failure', action: 'ssh_login' } });
  });

  it('receives octet-counted and newline-framed RFC 5424 messages over TCP, and dead-letters garbage', async () => {
    const m1 = '<86>1 2026-02-03T04:05:06.123Z db01 sudo - - - alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id';
    const m2 = '<38>1 2026-02-03T04:05:07Z db01 sshd 77 - - Accepted publickey for bob from 198.51.100.20 port 2222 ssh2';
    const sock = connect(tcpPort, '127.0.0.1');
    await new Promise<void>((r) => sock.once('connect', () => r()));
    sock.write(`${Buffer.byteLength(m1)} ${m1}${m2}\n<999>not syslog at all\n`);
    sock.end();
    await until(() => rt.store.counts().events >= 3 && rt.store.counts().deadLetters >= 1);
    const bob = rt.store.searchEvents({ entity: 'bob' }).items[0]!.event;
    expect(bob).toMatchObject({ '@timestamp': '2026-02-03T04:05:07.000Z', event: { outcome: 'success' }, source: { ip: '198.51.100.20' } });
    expect(rt.store.searchEvents({ entity: 'alice' }).items).toHaveLength(1);
    const dead = rt.store.listDeadLetters(5);
    expect(dead[0]).toMatchObject({ data: '<999>not syslog at all', parser: 'syslog' });
    expect(dead[0]!.source).toMatch(/^syslog-tcp:/);
  });
});
