import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleDirs } from './ruleset.js';

const rule = (id: string, title: string) => `title: ${title}
id: ${id}
status: test
level: high
tags: [attack.t1059]
logsource: { product: windows, category: process_creation }
detection:
  sel: { Image|endswith: '\\\\x.exe' }
  condition: sel
`;

describe('loadRuleDirs', () => {
  it('lets later folders override rules by id', () => {
    const a = mkdtempSync(join(tmpdir(), 'sigma-a-'));
    const b = mkdtempSync(join(tmpdir(), 'sigma-b-'));
    writeFileSync(join(a, 'r.yml'), rule('same', 'bundled'));
    writeFileSync(join(b, 'r.yml'), rule('same', 'local'));
    const set = loadRuleDirs([a, b]);
    expect(set.rules.map((r) => r.doc.title)).toEqual(['local']);
    expect(set.stats.overridden).toBe(1);
  });

  it('enables and disables by level, status, tag, id and path', () => {
    const a = mkdtempSync(join(tmpdir(), 'sigma-sel-'));
    writeFileSync(join(a, 'one.yml'), rule('id-1', 'one'));
    writeFileSync(join(a, 'two.yml'), rule('id-2', 'two').replace('level: high', 'level: low'));
    const titles = (sel: Parameters<typeof loadRuleDirs>[1]) => loadRuleDirs([a], sel).rules.map((r) => r.doc.title);
    expect(titles({ selection: { enable: { levels: ['high'] } } })).toEqual(['one']);
    expect(titles({ selection: { disable: { ids: ['id-1'] } } })).toEqual(['two']);
    expect(titles({ selection: { disable: { tags: ['attack.t10*'] } } })).toEqual([]);
    expect(titles({ selection: { disable: { paths: ['two.yml'] } } })).toEqual(['one']);
    expect(titles({ selection: { enable: { statuses: ['stable'] } } })).toEqual([]);
  });

  it('reuses cached parses for unchanged files and re-reads changed ones', () => {
    const a = mkdtempSync(join(tmpdir(), 'sigma-cache-'));
    const cacheFile = join(a, 'cache', 'rules.json');
    writeFileSync(join(a, 'r.yml'), rule('c-1', 'first'));
    expect(loadRuleDirs([a], { cacheFile }).rules[0]?.doc.title).toBe('first');
    expect(JSON.parse(readFileSync(cacheFile, 'utf8')).entries).toHaveLength(1);
    expect(loadRuleDirs([a], { cacheFile }).rules[0]?.doc.title).toBe('first');
    writeFileSync(join(a, 'r.yml'), rule('c-1', 'second!'));
    utimesSync(join(a, 'r.yml'), new Date(), new Date(Date.now() + 5000));
    expect(loadRuleDirs([a], { cacheFile }).rules[0]?.doc.title).toBe('second!');
  });
});
