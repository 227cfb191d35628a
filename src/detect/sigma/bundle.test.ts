import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentKey, makeBundle } from './bundle.js';
import { listRuleFiles, loadRuleDirs } from './ruleset.js';

const rule = (id: string, title: string) => `title: ${title}
id: ${id}
status: test
level: high
logsource: { product: windows, category: process_creation }
detection:
  sel: { Image|endswith: '\\\\x.exe' }
  condition: sel
`;

const shipped = join(import.meta.dirname, '..', '..', '..', 'rules', 'sigmahq', 'rules', 'windows', 'process_creation');

describe('pre-parsed rule bundle', () => {
  it('is used for files whose text it holds, and missed once a file changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigma-bundle-'));
    writeFileSync(join(dir, 'a.yml'), rule('id-a', 'from yaml'));
    const { bundle } = makeBundle(listRuleFiles([dir]));
    // Mark the bundled copy so the test can tell which one the loader used.
    bundle.entries[contentKey(rule('id-a', 'from yaml'))]!.docs[0]!.title = 'from bundle';
    expect(loadRuleDirs([dir], { bundle }).rules.map((r) => r.doc.title)).toEqual(['from bundle']);
    expect(loadRuleDirs([dir], { bundle }).rules[0]!.doc.file).toBe(join(dir, 'a.yml'));
    expect(loadRuleDirs([dir], { bundle: false }).rules.map((r) => r.doc.title)).toEqual(['from yaml']);
    writeFileSync(join(dir, 'a.yml'), rule('id-a', 'edited'));
    expect(loadRuleDirs([dir], { bundle }).rules.map((r) => r.doc.title)).toEqual(['edited']);
  });

  it('leaves out files without ids (their id is their path)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigma-bundle-noid-'));
    writeFileSync(join(dir, 'n.yml'), rule('x', 'no id').replace('id: x\n', ''));
    const { bundle, skipped } = makeBundle(listRuleFiles([dir]));
    expect(skipped).toBe(1);
    expect(Object.keys(bundle.entries)).toHaveLength(0);
  });

  it('gives the same documents, issues and matches as parsing the shipped YAML', () => {
    const files = readdirSync(shipped).sort().slice(0, 150).map((f) => join(shipped, f));
    const { bundle } = makeBundle(files);
    const viaYaml = loadRuleDirs(files, { bundle: false });
    const viaBundle = loadRuleDirs(files, { bundle });
    expect(viaBundle.rules.length).toBeGreaterThan(100);
    expect(viaBundle.rules.map((r) => r.doc)).toEqual(viaYaml.rules.map((r) => r.doc));
    expect(viaBundle.issues).toEqual(viaYaml.issues);
  });
});
