import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/core/errors.js';
import { loadConfigObject } from '../../src/pipeline/config-loader.js';
import { ingestFiles } from '../../src/pipeline/file-ingest.js';
import { openRuntime, type Runtime } from '../../src/pipeline/runtime.js';
import { tempDir } from '../helpers.js';
import { KILLERS, deadLetters, deepArray, deepObject, goodRecord } from './fuzz-inputs.js';

/**
 * Issue 12, files: the file path of the pipeline (`wardwatch ingest` runs exactly this, with the
 * reader the file source uses) gets files made of killers, in every framing: lines, whole
 * documents, mbox, gzip. It runs in this process (one runtime for the suite), so a stack overflow
 * would fail the suite. Each file must end in a summary, or a clear error naming the file when
 * nothing of it was readable; every unreadable record must be a dead letter with a reason.
 */
describe('fuzz: file ingest (the pipeline behind wardwatch ingest)', () => {
  const tmp = tempDir('ww-fuzz-file-');
  const data = join(tmp.dir, 'data');
  let rt: Runtime;
  beforeAll(async () => { rt = await openRuntime(loadConfigObject({ pipeline: { workers: 0 } }), { dataDir: data }); });
  afterAll(async () => { await rt.close(); tmp.cleanup(); });

  const ingest = async (file: string, format: string): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const s = await ingestFiles(rt, [file], { format });
      return { code: 0, stdout: JSON.stringify(s), stderr: '' };
    } catch (err) {
      expect(err, `${format} ${file}`).not.toBeInstanceOf(RangeError);
      return { code: 1, stdout: '', stderr: errorMessage(err) };
    }
  };
  const write = (name: string, text: string | Buffer) => {
    const p = join(tmp.dir, name);
    writeFileSync(p, text);
    return p;
  };
  const from = (p: string) => deadLetters(data).filter((d) => d.source === `file:${p}`);

  it('NDJSON of killers around good lines: good lines stored, each killer line a dead letter', async () => {
    const lines = [goodRecord('f1'), ...Object.values(KILLERS).map((t) => t.replace(/\n/g, ' ')), goodRecord('f2')];
    const p = write('killers.ndjson', lines.join('\n'));
    const r = await ingest(p, 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { read: number; events: number; deadLetters: number };
    expect(out.read).toBe(lines.length);
    expect(out.events + out.deadLetters).toBe(out.read);
    const dead = from(p);
    expect(dead).toHaveLength(out.deadLetters);
    expect(dead.filter((d) => d.reason.includes('parse.too_deep')).length).toBeGreaterThanOrEqual(4);
    expect(dead.map((d) => d.data)).toContain(deepObject(5_000));
  });

  it('gzipped deep lines in every JSON format are dead letters naming the limit', async () => {
    for (const f of ['device-telemetry', 'windows-event', 'zeek', 'suricata', 'netflow', 'fhir-audit']) {
      const p = write(`deep-${f}.log.gz`, gzipSync(`${deepObject(5_000)}\n${deepArray(50_000)}\n`));
      const r = await ingest(p, f);
      // Every record of an explicit format was unreadable: a clear error naming the file, exit 1.
      expect([0, 1], f).toContain(r.code);
      if (r.code === 1) expect(r.stderr).toMatch(/could not read any|parse\.too_deep/);
      const dead = from(p);
      expect(dead.length, f).toBeGreaterThan(0);
      expect(dead.some((d) => d.reason.includes('parse.too_deep')), f).toBe(true);
    }
  });

  it('a whole-document FHIR file nested too deep, a deep mbox and HL7 with 50k repetitions', async () => {
    const fhir = write('bundle.json', `{"resourceType":"Bundle","entry":${deepArray(100_000)}}`);
    await ingest(fhir, 'fhir-audit');
    expect(from(fhir)[0]?.reason).toContain('parse.too_deep');
    expect(from(fhir)[0]?.sealed).toBe(true);
    let mime = 'x';
    for (let i = 0; i < 3_000; i++) mime = `Content-Type: multipart/mixed; boundary="b${i}"\n\n--b${i}\n${mime}\n--b${i}--`;
    const mbox = write('deep.mbox', `From a@example.org Mon Jan  5 10:00:00 2026\nFrom: a@example.org\nTo: b@example.org\nSubject: s\n${mime}\n\nFrom b@example.org Mon Jan  5 10:00:01 2026\ngarbage\n`);
    expect((await ingest(mbox, 'email')).code).toBe(0);
    const hl7 = write('big.hl7', `MSH|^~\\&|A|B|C|D|20260201030000||ADT^A01|1|P|2.5\rPID|1||${'1^^^H^MR~'.repeat(50_000)}\r`);
    expect([0, 1]).toContain((await ingest(hl7, 'hl7v2')).code);
  });

  it('a 20 MB file without a newline, NULs and invalid UTF-8 as syslog', async () => {
    const p = write('one-line.log', Buffer.alloc(20 * 1024 * 1024, 0x41));
    const r = await ingest(p, 'syslog');
    expect([0, 1]).toContain(r.code);
    const [d] = from(p);
    expect(d!.reason).toMatch(/parse\.too_large: line of 20971520 characters/);
    expect(d!.data.length).toBe(64 * 1024);
    const bin = write('binary.log', Buffer.concat([Buffer.from('<13>Feb  3 04:05:06 h app: ok\n'), Buffer.from([0, 0xff, 0xfe, 0xc3, 0x28, 0x0a, 0xed, 0xa0, 0x80, 0x0a])]));
    expect((await ingest(bin, 'syslog')).code).toBe(0);
    expect(from(bin).length).toBe(2);
  });
});
