import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, auth, serve, tempDir } from './helpers.js';

/** The README's `logger` line, verbatim. */
const README_LINE = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').find((l) => l.startsWith('logger --server'))!;
const HAS_LOGGER = spawnSync('logger', ['--version']).status === 0;

/** Split a shell line of plain words and single-quoted strings (all the README line uses). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

// The README promises that this line shows up as a failed sshd login.
describe('the README logger example', () => {
  const tmp = tempDir();
  let server: Awaited<ReturnType<typeof serve>>;
  let tcpPort: number;

  beforeAll(async () => {
    server = await serve(tmp.dir);
    const listening = server.lines.map((l) => JSON.parse(l) as { event?: string; sources?: string[] }).find((m) => m.event === 'listening')!;
    tcpPort = Number(/tcp:\/\/127\.0\.0\.1:(\d+)/.exec(listening.sources![0]!)![1]);
  }, 60_000);
  afterAll(async () => { await server.stop(); tmp.cleanup(); });

  it('is in the README with a tag, and arrives as an sshd authentication failure for root from 203.0.113.7', async () => {
    expect(README_LINE).toContain('-t sshd');
    const argv = words(README_LINE.replace('--port 5514', `--port ${tcpPort}`));
    if (HAS_LOGGER) {
      execFileSync(argv[0]!, argv.slice(1));
    } else {
      // Without util-linux: the exact bytes `logger --tcp --rfc5424 -t sshd MSG` sends (captured from util-linux 2.38).
      console.warn('logger not installed (util-linux): sending its captured message shape instead');
      const msg = argv.at(-1)!;
      const line = `<13>1 ${new Date().toISOString()} vm sshd - - [timeQuality tzKnown="1" isSynced="0"] ${msg}\n`;
      await new Promise<void>((resolve, reject) => {
        const c = connect(tcpPort, '127.0.0.1', () => c.end(line, () => resolve()));
        c.on('error', reject);
      });
    }
    let item: Record<string, any> | undefined;
    for (let i = 0; i < 100 && !item; i++) {
      const r = await fetch(`${server.url}/api/events?entity=203.0.113.7&limit=5`, { headers: auth });
      item = ((await r.json()) as { items: Array<Record<string, any>> }).items[0];
      if (!item) await new Promise((r) => setTimeout(r, 200));
    }
    expect(item).toBeDefined();
    expect(item!.event).toMatchObject({ category: expect.arrayContaining(['authentication']), outcome: 'failure' });
    expect(item!.user?.name).toBe('root');
    expect(item!.source?.ip).toBe('203.0.113.7');
    expect(item!.process?.name ?? item!.log?.syslog?.appname).toBe('sshd');
    expect(Math.abs(Date.parse(item!['@timestamp'] as string) - Date.now())).toBeLessThan(3_600_000);
  }, 60_000);
});
