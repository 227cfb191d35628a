import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParserDef } from '../core/components.js';
import { Registry } from '../core/registry.js';
import { BUILTIN_PARSERS, jsonParser, registerBuiltinParsers, sniffFormat, syslogParser } from './index.js';

describe('registerBuiltinParsers', () => {
  it('registers every built-in format, each buildable from its default config', () => {
    const registry = new Registry<ParserDef>('parser');
    registerBuiltinParsers(registry);
    expect(registry.names()).toEqual(expect.arrayContaining(['json', 'linux-auth', 'syslog', 'zeek', 'suricata', 'cef', 'leef', 'fhir-audit', 'hl7v2', 'ehr-csv']));
    for (const name of registry.names()) {
      const def = registry.get(name);
      // ehr-csv and mapped cannot guess a site's columns: they need their mapping.
      const cfg = name === 'ehr-csv' || name === 'mapped' ? undefined : def.config.parse({});
      if (cfg === undefined) continue;
      const parser = def.build(cfg, { dataDir: mkdtempSync(join(tmpdir(), 'ww-p-')) });
      expect(parser.name).toBe(name);
      expect(def.description.length).toBeGreaterThan(0);
    }
  });
});

describe('sniffFormat', () => {
  const auth = ['Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186', 'Dec 10 06:55:46 LabSZ sshd[24200]: input_userauth_request: invalid user webmaster [preauth]'];

  it('picks syslog for syslog files (linux-auth never outbids it)', () => {
    expect(sniffFormat(BUILTIN_PARSERS, auth)).toBe('syslog');
    expect(sniffFormat(BUILTIN_PARSERS, ['<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - hi'])).toBe('syslog');
  });

  it('picks json for NDJSON', () => {
    expect(sniffFormat(BUILTIN_PARSERS, ['{"@timestamp":"2026-01-05T10:00:00Z"}', '{"event":{"action":"x"}}'])).toBe('json');
  });

  it('returns undefined when nothing matches', () => {
    expect(sniffFormat(BUILTIN_PARSERS, ['hello world', 'foo bar'])).toBeUndefined();
    expect(sniffFormat(BUILTIN_PARSERS, [])).toBeUndefined();
  });

  it('breaks ties by registration order', () => {
    const always = (name: string, score: number): ParserDef => ({ ...jsonParser, name, sniff: () => score });
    expect(sniffFormat([always('a', 0.5), always('b', 0.5)], ['x'])).toBe('a');
    expect(sniffFormat([always('a', 0.5), always('b', 0.6)], ['x'])).toBe('b');
    expect(sniffFormat([syslogParser, always('c', 1)], auth)).toBe('syslog');
  });
});
