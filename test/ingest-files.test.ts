import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir, ROOT } from './helpers.js';

/** Public sample: elastic/beats winlogbeat golden file (see test/fixtures/formats/SOURCES.md). */
const GOLDEN = join(ROOT, 'test/fixtures/formats/winlogbeat-4634.golden.json');

interface PerFile { path: string; format?: string; framing?: string; status: string; events: number; reason?: string }

describe('wardwatch ingest of a folder', () => {
  it('recognises a pretty-printed JSON array (winlogbeat golden file) with --format auto', () => {
    const tmp = tempDir();
    try {
      const r = cli(['ingest', '--data-dir', join(tmp.dir, 'data'), '--json', GOLDEN]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { events: number; deadLetters: number; perFile: PerFile[] };
      expect(out.perFile[0]).toMatchObject({ format: 'windows-event', framing: 'json', status: 'ingested', events: 2 });
      expect(out.deadLetters).toBe(0);
      const ev = cli(['events', '--data-dir', join(tmp.dir, 'data'), '--json']);
      expect(ev.stdout).toContain('audittest');
    } finally {
      tmp.cleanup();
    }
  });

  it('reports an unrecognised file, keeps it as a dead letter, ingests the rest, and lists every file', () => {
    const tmp = tempDir();
    try {
      const logs = join(tmp.dir, 'logs');
      const data = join(tmp.dir, 'data');
      mkdirSync(logs);
      // Sorted order: a-… (JSON), b-… (unrecognisable), c-… (syslog): the file after the bad one must be read.
      copyFileSync(GOLDEN, join(logs, 'a-golden.json'));
      writeFileSync(join(logs, 'b-notes.bin'), '\u0001\u0002 nothing a parser knows \u0003\n\u0004\u0005\n');
      writeFileSync(join(logs, 'c-auth.log'), 'Jan  5 10:00:00 host sshd[1]: Failed password for root from 203.0.113.9 port 22 ssh2\n');
      const r = cli(['ingest', '--data-dir', data, '--json', logs]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { skipped: number; failed: number; deadLetters: number; perFile: PerFile[] };
      expect(out.perFile.map((f) => [f.path.split('/').pop(), f.status])).toEqual([
        ['a-golden.json', 'ingested'], ['b-notes.bin', 'skipped'], ['c-auth.log', 'ingested'],
      ]);
      expect(out.perFile[1]!.reason).toContain('cannot recognise the format');
      expect(out.perFile[2]!.events).toBe(1);
      expect(out.skipped).toBe(1);
      expect(out.deadLetters).toBe(1);

      const text = cli(['ingest', '--data-dir', join(tmp.dir, 'data2'), logs]);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/b-notes\.bin\s+\[\?\]\s+skipped: cannot recognise the format/);
      expect(text.stdout).toMatch(/c-auth\.log\s+\[[a-z-]+\]\s+ingested 1 events/);
      expect(text.stdout).toContain('1 file(s) skipped, 0 failed');

      const strict = cli(['ingest', '--data-dir', join(tmp.dir, 'data3'), '--strict', logs]);
      expect(strict.code).toBe(1);
      expect(strict.stderr).toMatch(/1 file\(s\) skipped or failed \(--strict\): .*b-notes\.bin: cannot recognise/);
      // Even under --strict the good files were read and the summary printed.
      expect(strict.stdout).toContain('c-auth.log');
    } finally {
      tmp.cleanup();
    }
  });

  it('reports a corrupt gzip file as failed, with a non-zero exit, after ingesting the others', () => {
    const tmp = tempDir();
    try {
      const logs = join(tmp.dir, 'logs');
      mkdirSync(logs);
      writeFileSync(join(logs, 'a.log.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02]));
      writeFileSync(join(logs, 'b.log'), 'Jan  5 10:00:00 host sshd[1]: Failed password for root from 203.0.113.9 port 22 ssh2\n');
      const r = cli(['ingest', '--data-dir', join(tmp.dir, 'data'), '--json', logs]);
      expect(r.code).toBe(1);
      const out = JSON.parse(r.stdout) as { error: string; failed: number; perFile: PerFile[] };
      expect(out.error).toBe('parse.failed');
      expect(out.failed).toBe(1);
      expect(out.perFile[0]).toMatchObject({ status: 'failed' });
      expect(out.perFile[1]).toMatchObject({ status: 'ingested', events: 1 });
      expect(r.stderr).toContain('a.log.gz');
    } finally {
      tmp.cleanup();
    }
  });
});
