import { describe, expect, it } from 'vitest';
import { serve, tempDir } from './helpers.js';
import { freePort, rsyslogMissing, sendLines, seqLine, startRsyslog, storedSeqs, waitUntil } from './rsyslog.js';

const N = Number(process.env.WW_RELP_LINES ?? 20_000);
const missing = rsyslogMissing('omrelp');
if (missing) console.warn(`skipping the rsyslog RELP test: ${missing}`);

/**
 * The RELP promise against a real rsyslog (omrelp, disk-assisted queue, retry for ever):
 * Wardwatch is killed with SIGKILL mid-stream and restarted on the same data directory, and
 * every line rsyslog was given ends up in the store. Duplicates (frames committed but whose
 * acknowledgement the kill cut off, which rsyslog resends) are counted and reported.
 */
describe.skipIf(missing !== undefined)('RELP from a real rsyslog across kill -9', () => {
  it(`loses none of ${N} lines`, { timeout: 180_000 }, async () => {
    const tmp = tempDir('ww-relp-');
    const relpPort = await freePort();
    const inPort = await freePort();
    const yaml = `  - type: relp\n    listen: 127.0.0.1:${relpPort}\n`;
    let srv = await serve(tmp.dir, [], yaml);
    const rs = await startRsyslog(tmp.dir, inPort, `action(type="omrelp" target="127.0.0.1" port="${relpPort}"
      queue.type="LinkedList" queue.filename="relpq" queue.size="200000" queue.saveOnShutdown="on"
      action.resumeRetryCount="-1" action.resumeInterval="1")`, ['omrelp']);
    try {
      const lines = Array.from({ length: N }, (_, i) => seqLine(i));
      // About 8 s of traffic, so the kill lands mid-stream.
      const sending = sendLines(inPort, lines, Math.ceil(N / 8));
      const t0 = Date.now();
      const kills: string[] = [];
      // Two kills: at 30 % and at 65 % of the lines stored.
      for (const at of [0.3, 0.65]) {
        expect(await waitUntil(() => storedSeqs(tmp.dir).size >= N * at, 60_000, 50)).toBe(true);
        const stored = storedSeqs(tmp.dir).size;
        await srv.stop('SIGKILL');
        kills.push(`${Date.now() - t0} ms with ${stored} stored`);
        // Down for a moment while lines keep arriving at rsyslog, then back on the same data.
        await new Promise((r) => setTimeout(r, 1500));
        srv = await serve(tmp.dir, [], yaml);
      }
      await sending;
      const complete = await waitUntil(() => storedSeqs(tmp.dir).size >= N, 90_000, 250);
      const seqs = storedSeqs(tmp.dir);
      const missingSeqs = lines.map((_, i) => i).filter((i) => !seqs.has(i));
      let dups = 0;
      for (const n of seqs.values()) dups += n - 1;
      console.log(`RELP crash test: ${N} lines, kill -9 at ${kills.join(' and at ')}; after restart ${seqs.size} distinct stored, ${missingSeqs.length} lost, ${dups} duplicates`);
      if (!complete) console.log(rs.log());
      expect(missingSeqs.slice(0, 20)).toEqual([]);
      expect(seqs.size).toBe(N);
      // Duplicates are bounded by what was in flight at each kill (omrelp's window of 128 frames).
      expect(dups).toBeLessThanOrEqual(2 * 128);
    } finally {
      await rs.stop();
      await srv.stop('SIGTERM');
      tmp.cleanup();
    }
  });
});
