import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeTar, makeZip } from '../../test/archive-fixtures.js';
import { extractArchive, readTar, readZip } from './archive.js';

const FILES: Array<[string, string]> = [
  ['sigma-master/rules/windows/a.yml', 'title: A\n'],
  ['sigma-master/LICENSE', 'Detection Rule License (DRL) 1.1\n'],
  ['sigma-master/tests/test_rules.py', 'print(1)\n'],
];

describe('rule archives', () => {
  it('reads tar entries and keeps only rules, licence and manifest', () => {
    const got = readTar(makeTar(FILES), 't.tar');
    expect(got.map((e) => e.path)).toEqual(['sigma-master/rules/windows/a.yml', 'sigma-master/LICENSE']);
    expect(got[0]!.data.toString()).toBe('title: A\n');
  });

  it('reads deflated zip entries', () => {
    const got = readZip(makeZip(FILES), 'z.zip');
    expect(got.map((e) => [e.path, e.data.toString()])).toEqual([
      ['sigma-master/rules/windows/a.yml', 'title: A\n'],
      ['sigma-master/LICENSE', 'Detection Rule License (DRL) 1.1\n'],
    ]);
  });

  it('refuses entries that climb out of the destination', () => {
    expect(() => readZip(makeZip([['../evil.yml', 'x']]), 'z.zip')).toThrow(/escapes the destination/);
    expect(() => readTar(makeTar([['/etc/evil.yml', 'x']]), 't.tar')).toThrow(/escapes the destination/);
  });

  it('names a file that is no archive', () => {
    expect(() => readZip(Buffer.from('hello'), 'notes.zip')).toThrow(/not a zip archive/);
  });

  it('extracts a .tar.gz and descends into its single top folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-arch-'));
    const file = join(dir, 'sigma.tar.gz');
    writeFileSync(file, gzipSync(makeTar(FILES)));
    const root = extractArchive(file, join(dir, 'out'));
    expect(root).toBe(join(dir, 'out', 'sigma-master'));
    expect(readFileSync(join(root, 'rules', 'windows', 'a.yml'), 'utf8')).toBe('title: A\n');
  });
});
