import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { LONG_LINE_HEAD, headLines, readLines } from './lines.js';
import { walk } from './walk.js';

const dir = mkdtempSync(join(tmpdir(), 'ww-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readLines', () => {
  const text = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`).join('\r\n');

  it('reads plain files in batches with line numbers, CRLF removed, last line without newline kept', async () => {
    const p = join(dir, 'a.log');
    writeFileSync(p, text);
    const batches = [];
    for await (const b of readLines(p, 10)) batches.push(b);
    expect(batches.map((b) => [b.firstLine, b.lines.length])).toEqual([[1, 10], [11, 10], [21, 5]]);
    expect(batches[2]!.lines[4]).toBe('line 25');
    expect(batches[0]!.lines[0]).toBe('line 1');
    expect(batches[2]!.bytesRead).toBe(Buffer.byteLength(text));
  });

  it('never holds an over-long line whole: its head is kept and it is flagged with its length', async () => {
    const p = join(dir, 'long.log');
    const long = 'x'.repeat(3 * 1024 * 1024);
    writeFileSync(p, `first\n${long}\nmiddle\n${'y'.repeat(100_000)}\nlast ${'z'.repeat(70_000)}`);
    const batches = [];
    // Limit 50k characters, so the 3 MB line spans many 1 MB chunks and the last one ends the file.
    for await (const b of readLines(p, 100, 50_000)) batches.push(b);
    const [b] = batches;
    expect(b!.lines.map((l) => l.length)).toEqual([5, LONG_LINE_HEAD, 6, LONG_LINE_HEAD, LONG_LINE_HEAD]);
    expect([...b!.tooLong!]).toEqual([[1, long.length], [3, 100_000], [4, 70_005]]);
    expect(b!.lines[2]).toBe('middle');
  });

  it('recognises gzip by its magic bytes, whatever the name', async () => {
    const p = join(dir, 'b.txt');
    writeFileSync(p, gzipSync(`${text}\n`));
    expect(await headLines(p, 3)).toEqual(['line 1', 'line 2', 'line 3']);
    let n = 0;
    for await (const b of readLines(p, 7)) n += b.lines.length;
    expect(n).toBe(25);
  });

  it('walks folders recursively in name order, skipping hidden files, and names a missing path', async () => {
    const sub = join(dir, 'tree');
    writeFileSync(join(dir, '.hidden'), 'x');
    await import('node:fs').then((fs) => fs.mkdirSync(join(sub, 'z'), { recursive: true }));
    writeFileSync(join(sub, 'b.log'), 'b');
    writeFileSync(join(sub, 'z', 'a.log'), 'a');
    expect((await walk([sub])).map((f) => f.path)).toEqual([join(sub, 'b.log'), join(sub, 'z', 'a.log')]);
    await expect(walk([join(dir, 'nope')])).rejects.toThrow(/nope: no such file or folder/);
  });
});
