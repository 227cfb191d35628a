import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, loadConfigObject } from './config-loader.js';

describe('config loader', () => {
  it('gives defaults: auth detectors and a loopback syslog source', () => {
    const c = loadConfigObject({});
    expect(c.detectors.map((d) => d.type)).toEqual(expect.arrayContaining(['auth.bruteforce', 'auth.spray', 'auth.success_after_failures', 'sigma', 'ehr.access', 'identity.impossible_travel']));
    expect(c.sources[0]).toMatchObject({ type: 'syslog', config: { udp: '127.0.0.1:5514' } });
    expect(c.config.api.host).toBe('127.0.0.1');
  });

  it('names the path of an unknown component type and lists the known ones', () => {
    expect(() => loadConfigObject({ detectors: [{ type: 'auth.bruteforce' }, { type: 'auth.bruteforse' }] }))
      .toThrow(/detectors\[1\]\.type: unknown detector "auth.bruteforse" \(known: .*auth.bruteforce/);
  });

  it('names the path of a bad field and of an unknown field', () => {
    expect(() => loadConfigObject({ detectors: [{ type: 'auth.bruteforce', window: 'soon' }] })).toThrow(/detectors\[0\]\.window: .*duration/);
    expect(() => loadConfigObject({ detectors: [{ type: 'auth.spray', distinct: 3 }] })).toThrow(/detectors\[0\]: .*distinct/);
    expect(() => loadConfigObject({ api: { port: 'x' } })).toThrow(/api\.port/);
    expect(() => loadConfigObject({ sources: [{ type: 'syslog', udp: 'nowhere' }] })).toThrow(/sources\[0\]\.udp: expected host:port/);
    expect(() => loadConfigObject({ sources: [{ type: 'syslog' }], pipline: {} })).toThrow(/pipline/);
  });

  it('rejects two detectors with the same name', () => {
    expect(() => loadConfigObject({ detectors: [{ type: 'auth.bruteforce' }, { type: 'auth.bruteforce' }] })).toThrow(/detectors\[1\]\.name: duplicate/);
    expect(loadConfigObject({ detectors: [{ type: 'auth.bruteforce' }, { type: 'auth.bruteforce', name: 'strict', threshold: 3 }] }).detectors).toHaveLength(2);
  });

  it('reads YAML files and names the file in errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-cfg-'));
    try {
      const good = join(dir, 'good.yaml');
      writeFileSync(good, 'api:\n  port: 9090\ndetectors:\n  - type: auth.bruteforce\n    threshold: 4\n');
      expect(loadConfigFile(good).detectors[0]!.config).toMatchObject({ threshold: 4, window: 300_000 });
      const bad = join(dir, 'bad.yaml');
      writeFileSync(bad, 'api: [\n');
      expect(() => loadConfigFile(bad)).toThrow(/bad\.yaml: not valid YAML/);
      expect(() => loadConfigFile(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: cannot read config/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
