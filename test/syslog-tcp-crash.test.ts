import { describe, expect, it } from 'vitest';
import { serve, tempDir } from './helpers.js';
import { freePort, rsyslogMissing, sendLines, seqLine, startRsyslog, storedSeqs, waitUntil } from './rsyslog.js';

const N = Number(process.env.WW_TCP_LINES ?? 20_000);
const missing = rsyslogMissing('omfwd');
if (missing) console.warn(`skipping the rsyslog TCP test: ${missing}`);

/**
 * What plain TCP syslog loses on a crash, measured with a real rsyslog (omfwd over TCP,
 * disk-assisted queue, retry for ever): Wardwatch is killed with SIGKILL mid-stream and
 * restarted. TCP has no application acknowledgement, so lines the kernel had accepted but
 * Wardwatch had not committed are gone; this test measures how many (README "What TCP syslog
 * can lose") and holds the loss to a bound, and checks the stream resumes after the restart.
 */
describe.skipIf(missing !== undefined)('plain TCP syslog from a real rsyslog across kill -9', () => {
  it(`measures the lines lost of ${N}`, { timeout: 180_000 }, async () => {
    const tmp = tempDir('ww-tcpsys-');
    const tcpPort = await freePort();
    const inPort = await freePort();
    // WW_TCP_SYNC=normal measures with commits that are not fsynced (store.synchronous: normal).
    const sync = process.env.WW_TCP_SYNC === 'normal' ? 'store:\n  synchronous: normal\n' : '';
    const yaml = `  - type: syslog\n    name: syslog-rsyslog\n    tcp: 127.0.0.1:${tcpPort}\n${sync}`;
    let srv = await serve(tmp.dir, [], yaml);
    const rs = await startRsyslog(tmp.dir, inPort, `action(type="omfwd" target="127.0.0.1" port="${tcpPort}" protocol="tcp"
      queue.type="LinkedList" queue.filename="fwdq" queue.size="200000" queue.saveOnShutdown="on"
      action.resumeRetryCount="-1" action.resumeInterval="1")`);
    try {
      const lines = Array.from({ length: N }, (_, i) => seqLine(i));
      const rate = Math.ceil(N / 8);
      const sending = sendLines(inPort, lines, rate);
      expect(await waitUntil(() => storedSeqs(tmp.dir).size >= N * 0.3, 60_000, 50)).toBe(true);
      await srv.stop('SIGKILL');
      await new Promise((r) => setTimeout(r, 1500));
      srv = await serve(tmp.dir, [], yaml);
      await sending;
      // The last line arriving means rsyslog has reconnected and sent everything after the gap.
      expect(await waitUntil(() => storedSeqs(tmp.dir).has(N - 1), 90_000, 250)).toBe(true);
      await new Promise((r) => setTimeout(r, 1000));
      const seqs = storedSeqs(tmp.dir);
      const lost = lines.map((_, i) => i).filter((i) => !seqs.has(i));
      let dups = 0;
      for (const n of seqs.values()) dups += n - 1;
      const runs: string[] = [];
      for (let k = 0; k < lost.length; k++) {
        const start = lost[k]!;
        while (k + 1 < lost.length && lost[k + 1] === lost[k]! + 1) k++;
        runs.push(start === lost[k] ? `${start}` : `${start}-${lost[k]}`);
      }
      console.log(`TCP syslog crash test (synchronous ${sync ? 'normal' : 'full'}): ${N} lines at ${rate}/s, one kill -9: ${lost.length} lost (${(lost.length / rate * 1000).toFixed(0)} ms of traffic) in runs ${runs.slice(0, 10).join(', ')}; ${dups} duplicates`);
      // Bound: what one second of traffic is; anything beyond means the window grew back.
      expect(lost.length).toBeLessThanOrEqual(rate);
    } finally {
      await rs.stop();
      await srv.stop('SIGTERM');
      tmp.cleanup();
    }
  });
});
